package dev.featurewatch.app.input;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Function;

/** The instants that commands take as options and parameters. */
public final class Instants {

  private Instants() {}

  /**
   * An ISO-8601 instant with an offset ({@code 2026-11-01T08:00:00Z}, {@code
   * 2026-11-01T10:00:00+02:00}) or a date, meaning its start in UTC.
   */
  public static Instant parse(String option, String text) {
    List<Function<String, Instant>> parsers =
        List.of(
            Instant::parse,
            t -> OffsetDateTime.parse(t).toInstant(),
            t -> LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant());
    for (Function<String, Instant> parser : parsers) {
      try {
        return parser.apply(text);
      } catch (DateTimeParseException e) {
        // try the next form
      }
    }
    throw new InputException(
        option
            + " must be an ISO-8601 instant like 2026-11-01T08:00:00Z or a date like 2026-11-01,"
            + " found '"
            + text
            + "'");
  }
}
