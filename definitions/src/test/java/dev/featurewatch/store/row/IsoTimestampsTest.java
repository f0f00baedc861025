package dev.featurewatch.store.row;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoTimestampsTest {

  /** What java.time reads, as JsonFeatureValues did before the fast path; null when it refuses. */
  private static Instant javaTime(String text) {
    String iso = text.trim().replace(' ', 'T');
    try {
      return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException withOffset) {
      try {
        return LocalDateTime.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException withoutOffset) {
        return null;
      }
    }
  }

  @Property(tries = 5_000)
  void wellFormedTimestampsAreReadAsJavaTimeReadsThem(@ForAll("wellFormed") String text) {
    assertThat(IsoTimestamps.parse(text)).as(text).isNotNull().isEqualTo(javaTime(text));
  }

  @Property(tries = 20_000)
  void anyTimestampShapedTextIsReadAsJavaTimeReadsItOrLeftToIt(@ForAll("anyFields") String text) {
    Instant fast = IsoTimestamps.parse(text);
    if (fast != null) {
      assertThat(fast).as(text).isEqualTo(javaTime(text));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2024-02-30T00:00:00Z",
        "2023-02-29T00:00:00Z",
        "2026-04-31T12:00:00Z",
        "2026-11-01T24:00:00Z",
        "2026-11-01T23:60:00Z",
        "2026-11-01T23:59:60Z",
        "2026-11-01T10:59Z",
        "2026-11-01T10:59:42.Z",
        "2026-11-01T10:59:42.1234567891Z",
        "2026-11-01T10:59:42+18:01",
        "2026-11-01T10:59:42+1:00",
        "2026-11-01T10:59:42+01:00:30",
        "2026-11-01T10:59:42z",
        "2026-11-01t10:59:42Z",
        " 2026-11-01T10:59:42Z",
        "2026-11-01T10:59:42Z ",
        "+12026-11-01T10:59:42Z",
        "2026-13-01T10:59:42Z",
        "2026-00-01T10:59:42Z",
        "2026-11-00T10:59:42Z",
        "2026-1a-01T10:59:42Z"
      })
  void unusualOrInvalidTextIsLeftToJavaTime(String text) {
    assertThat(IsoTimestamps.parse(text)).as(text).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2024-02-29T23:59:59.999999999Z",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59-18:00",
        "1969-12-31 23:59:59.5",
        "2022-05-13 10:59:42+00:00",
        "2026-11-01T10:59:42.1+05:30"
      })
  void edgesOfTheCommonShapeAreRead(String text) {
    assertThat(IsoTimestamps.parse(text)).as(text).isNotNull().isEqualTo(javaTime(text));
  }

  @Provide
  Arbitrary<String> wellFormed() {
    Arbitrary<String> date =
        Arbitraries.longs()
            .between(
                LocalDateTime.of(1, 1, 1, 0, 0).toLocalDate().toEpochDay(),
                LocalDateTime.of(9999, 12, 31, 0, 0).toLocalDate().toEpochDay())
            .map(day -> java.time.LocalDate.ofEpochDay(day).toString());
    Arbitrary<String> time =
        Combinators.combine(
                Arbitraries.integers().between(0, 23),
                Arbitraries.integers().between(0, 59),
                Arbitraries.integers().between(0, 59))
            .as((h, m, s) -> String.format("%02d:%02d:%02d", h, m, s));
    Arbitrary<String> fraction =
        Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(9).map(f -> "." + f);
    Arbitrary<String> offset =
        Combinators.combine(
                Arbitraries.of("+", "-"),
                Arbitraries.integers().between(0, 17),
                Arbitraries.integers().between(0, 59))
            .as((sign, h, m) -> String.format("%s%02d:%02d", sign, h, m));
    return Combinators.combine(
            date,
            Arbitraries.of("T", " "),
            time,
            Arbitraries.oneOf(Arbitraries.just(""), fraction),
            Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.just("Z"), offset))
        .as((d, t, clock, f, o) -> d + t + clock + f + o);
  }

  /** Timestamp-shaped text whose every field may be out of range or malformed. */
  @Provide
  Arbitrary<String> anyFields() {
    Arbitrary<String> two = Arbitraries.strings().withChars("0123456789a").ofLength(2);
    Arbitrary<String> year = Arbitraries.strings().withChars("0123456789").ofLength(4);
    Arbitrary<String> tail =
        Arbitraries.of(
            "",
            "Z",
            "z",
            ".",
            ".5",
            ".123456789",
            ".1234567891",
            "+18:00",
            "+18:01",
            "-24:00",
            "+05:30",
            "+0530",
            "+05:30:15",
            " ");
    return Combinators.combine(year, two, two, Arbitraries.of("T", " ", "t"), two, two, two, tail)
        .as(
            (y, mo, d, t, h, mi, s, rest) ->
                y + "-" + mo + "-" + d + t + h + ":" + mi + ":" + s + rest);
  }
}
