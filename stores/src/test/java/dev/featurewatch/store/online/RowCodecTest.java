package dev.featurewatch.store.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import dev.featurewatch.store.row.Times;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RowCodecTest {

  private static final FeatureView VIEW = TestViews.allTypes("driver_stats", Duration.ofHours(2));
  private static final EntityKey KEY = EntityKey.of("driver_id", 1001L);

  /** The row whose version-1 encoding is committed in golden/online/row-v1.hex. */
  static FeatureRow goldenRow() {
    return new FeatureRow(
        "driver_stats",
        KEY,
        Instant.parse("2024-05-01T12:00:00.123456Z"),
        Instant.parse("2024-05-01T12:00:01Z"),
        Arrays.asList(
            -42L,
            4.5,
            "Zürich",
            true,
            Instant.parse("2024-04-30T23:59:59.000001Z"),
            List.of(1.0, -0.5)));
  }

  @Test
  void committedVersion1ValueStillDecodes() {
    byte[] golden = readHex("/golden/online/row-v1.hex");

    assertThat(RowCodec.decode(VIEW, KEY, golden)).isEqualTo(goldenRow());
  }

  @Test
  void encodingOfTheGoldenRowIsUnchanged() {
    assertThat(HexFormat.of().formatHex(RowCodec.encode(VIEW, goldenRow())))
        .isEqualTo(HexFormat.of().formatHex(readHex("/golden/online/row-v1.hex")));
  }

  @Test
  void headerHoldsVersionAndBothTimesAtFixedOffsets() {
    byte[] bytes = RowCodec.encode(VIEW, goldenRow());

    assertThat(bytes[0]).isEqualTo((byte) 1);
    // 2024-05-01T12:00:00.123456Z = 1714564800123456 µs = 0x0006176339db1240
    assertThat(HexFormat.of().formatHex(bytes, 1, 9)).isEqualTo("0006176339db1240");
    assertThat(RowCodec.eventTimeMicros(bytes)).isEqualTo(1_714_564_800_123_456L);
  }

  @Test
  void nullsAreExplicitAndKeepTheirPosition() {
    FeatureRow row =
        new FeatureRow(
            "driver_stats",
            KEY,
            Instant.EPOCH,
            null,
            Arrays.asList(null, 1.0, null, null, null, null));

    assertThat(RowCodec.decode(VIEW, KEY, RowCodec.encode(VIEW, row)).values())
        .containsExactly(null, 1.0, null, null, null, null);
  }

  @Test
  void decodingWithAChangedFeatureCountNamesViewAndCounts() {
    byte[] bytes = RowCodec.encode(VIEW, goldenRow());
    FeatureView narrower =
        TestViews.view("driver_stats", Duration.ZERO, List.of(Field.of("trips", ValueType.INT64)));

    assertThatThrownBy(() -> RowCodec.decode(narrower, KEY, bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("view 'driver_stats' holds 6 features but the view declares 1");
  }

  @Test
  void decodingWithAChangedTypeNamesTheFeature() {
    byte[] bytes = RowCodec.encode(VIEW, goldenRow());
    FeatureView retyped =
        TestViews.view(
            "driver_stats",
            Duration.ZERO,
            List.of(
                Field.of("trips", ValueType.DOUBLE),
                Field.of("rating", ValueType.DOUBLE),
                Field.of("city", ValueType.STRING),
                Field.of("active", ValueType.BOOL),
                Field.of("last_trip", ValueType.TIMESTAMP),
                Field.of("embedding", ValueType.DOUBLE_LIST)));

    assertThatThrownBy(() -> RowCodec.decode(retyped, KEY, bytes))
        .hasMessageContaining("feature 'trips' is declared double (tag 2) but stored with tag 1");
  }

  @Test
  void unknownFormatVersionIsRefused() {
    byte[] bytes = RowCodec.encode(VIEW, goldenRow());
    bytes[0] = 2;

    assertThatThrownBy(() -> RowCodec.decode(VIEW, KEY, bytes))
        .hasMessageContaining("has format version 2, this release reads version 1");
  }

  @Test
  void truncatedValueIsRefused() {
    byte[] bytes = RowCodec.encode(VIEW, goldenRow());

    assertThatThrownBy(() -> RowCodec.decode(VIEW, KEY, Arrays.copyOf(bytes, bytes.length - 3)))
        .hasMessageContaining("is truncated");
  }

  @Test
  void valueOfTheWrongJavaTypeIsRefusedWithFeatureAndValue() {
    FeatureRow row =
        new FeatureRow(
            "driver_stats",
            KEY,
            Instant.EPOCH,
            null,
            Arrays.asList(7, null, null, null, null, null));

    assertThatThrownBy(() -> RowCodec.encode(VIEW, row))
        .hasMessage("feature 'driver_stats:trips' is int64 and needs a Long, found Integer 7");
  }

  @Test
  void unpairedSurrogateIsRefusedRatherThanMangled() {
    FeatureRow row =
        new FeatureRow(
            "driver_stats",
            KEY,
            Instant.EPOCH,
            null,
            Arrays.asList(null, null, "a\uD800b", null, null, null));

    assertThatThrownBy(() -> RowCodec.encode(VIEW, row))
        .hasMessage("city must be valid Unicode text: unpaired surrogate at index 1");
  }

  @Test
  void keyEncodingIsUnchanged() {
    EntityKey key = EntityKey.of(Map.of("driver_id", 1001L, "city", "Zürich"));

    assertThat(HexFormat.of().formatHex(RowCodec.encodeKey("driver_stats", key)))
        .isEqualTo(HexFormat.of().formatHex(readHex("/golden/online/key-v1.hex")));
    // readers build keys from the two parts, sharing an entity key's bytes between views
    assertThat(
            HexFormat.of().formatHex(RowCodec.encodeViewPrefix("driver_stats"))
                + HexFormat.of().formatHex(RowCodec.encodeEntityKey(key)))
        .isEqualTo(HexFormat.of().formatHex(readHex("/golden/online/key-v1.hex")));
  }

  @Test
  void keysAreDeterministicWhateverTheJoinKeyOrder() {
    EntityKey a = EntityKey.of(Map.of("driver_id", 1L, "city", "Oslo"));
    EntityKey b = EntityKey.of(Map.of("city", "Oslo", "driver_id", 1L));

    assertThat(RowCodec.encodeKey("v", a)).isEqualTo(RowCodec.encodeKey("v", b));
    assertThat(RowCodec.encodeKey("v", a)).isNotEqualTo(RowCodec.encodeKey("w", a));
    // A string "1" and an int64 1 are different keys.
    assertThat(RowCodec.encodeEntityKey(EntityKey.of("id", 1L)))
        .isNotEqualTo(RowCodec.encodeEntityKey(EntityKey.of("id", "1")));
  }

  @Test
  void instantsAreTruncatedToMicrosecondsTowardThePast() {
    assertThat(RowCodec.toMicros(Instant.parse("1969-12-31T23:59:59.999999999Z"), "t"))
        .isEqualTo(-1L);
    assertThat(Times.instant(-1L)).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
  }

  /** Reads a hex file: whitespace and lines starting with '#' are ignored. */
  static byte[] readHex(String resource) {
    try (InputStream in = RowCodecTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      String hex =
          new String(in.readAllBytes(), StandardCharsets.US_ASCII)
              .lines()
              .filter(line -> !line.startsWith("#"))
              .collect(Collectors.joining())
              .replaceAll("\\s", "");
      return HexFormat.of().parseHex(hex);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
