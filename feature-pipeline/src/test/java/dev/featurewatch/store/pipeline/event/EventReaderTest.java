package dev.featurewatch.store.pipeline.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.store.definition.Aggregation;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.StreamSpec;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.pipeline.StreamViews;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class EventReaderTest {

  private static final FeatureView WINDOWED =
      StreamViews.windowed("trip_stats", Duration.ofHours(1), Duration.ofMinutes(5), Duration.ZERO);
  private static final EventReader READER =
      EventReader.of(StreamViews.repository(WINDOWED), WINDOWED);

  @Test
  void aWindowedViewReadsEachAggregatedFieldOnceWithItsKeyAndTime() throws Exception {
    ViewEvent event =
        READER.read(
            "{\"driver_id\": 1001, \"ts\": \"2026-11-01T08:00:01.5Z\", \"trip_id\": \"t1\","
                + " \"fare\": 12, \"city\": \"Porto\", \"unused\": [1]}");

    assertThat(READER.fields()).containsExactly("trip_id", "fare", "city");
    assertThat(event.keyId()).isEqualTo("1001");
    assertThat(event.timeMicros())
        .isEqualTo(Instant.parse("2026-11-01T08:00:01.5Z").toEpochMilli() * 1_000);
    assertThat(event.values()).containsExactly("t1", 12.0, "Porto");
  }

  @Test
  void epochMillisAndMissingFieldsAreAccepted() throws Exception {
    ViewEvent event = READER.read("{\"driver_id\": 7, \"ts\": 1700000000123, \"fare\": null}");

    assertThat(event.timeMicros()).isEqualTo(1_700_000_000_123_000L);
    assertThat(event.values()).containsExactly(null, null, null);
  }

  @Test
  void aProjectionViewReadsEachFeatureWithItsType() throws Exception {
    FeatureView latest = StreamViews.projections("latest", Duration.ZERO);
    EventReader reader = EventReader.of(StreamViews.repository(latest), latest);

    ViewEvent event = reader.read("{\"driver_id\": 1, \"ts\": 5, \"fare\": 3, \"city\": \"Faro\"}");

    assertThat(reader.fields()).containsExactly("fare", "city");
    assertThat(event.values()).containsExactly(3.0, "Faro");
  }

  @Test
  void eventsAreReadAsTheirParsedJsonObjectReadsThem() throws Exception {
    // a repeated field counts the last time; fields not read may hold anything well-formed
    ViewEvent event =
        READER.read(
            "{\"fare\": 1, \"driver_id\": 3, \"skip\": {\"a\": [1, {\"b\": null}]},"
                + " \"ts\": 5, \"fare\": 2.5, \"city\": \"Faro\", \"city\": null} trailing");

    assertThat(event.keyId()).isEqualTo("3");
    assertThat(event.values()).containsExactly(null, 2.5, null);
  }

  @Test
  void aFieldReadInSeveralRolesIsReadForEach() throws Exception {
    // the join key is counted and its last value kept, and the time is kept as a value too
    FeatureView drivers =
        new FeatureView(
            "drivers",
            List.of("driver"),
            List.of(Field.of("drivers", ValueType.INT64), Field.of("seen", ValueType.TIMESTAMP)),
            Duration.ZERO,
            true,
            true,
            "trips",
            "",
            "",
            Map.of(),
            new StreamSpec(
                Duration.ZERO,
                Duration.ofHours(1),
                Duration.ofMinutes(5),
                List.of(
                    new StreamSpec.Aggregate("drivers", Aggregation.COUNT, "driver_id"),
                    new StreamSpec.Aggregate("seen", Aggregation.LAST, "ts"))));
    EventReader reader = EventReader.of(StreamViews.repository(drivers), drivers);

    ViewEvent event = reader.read("{\"driver_id\": 9, \"ts\": \"2026-11-01T08:00:00Z\"}");

    assertThat(event.keyId()).isEqualTo("9");
    assertThat(event.timeMicros())
        .isEqualTo(Instant.parse("2026-11-01T08:00:00Z").toEpochMilli() * 1_000);
    assertThat(event.values()).containsExactly(9L, Instant.parse("2026-11-01T08:00:00Z"));
  }

  @Test
  void everyBadEventSaysWhyWithTheFieldTheRuleAndTheValue() {
    assertBad("{\"driver_id\": 1,", DeadLetterReason.INVALID_JSON, "not valid JSON");
    assertBad(
        "{\"driver_id\": 1, \"ts\": 5, \"fare\": 2", DeadLetterReason.INVALID_JSON, "end-of-input");
    assertBad(
        "{\"driver_id\": 1, \"ts\": 5, \"x\": [1,}",
        DeadLetterReason.INVALID_JSON,
        "not valid JSON");
    assertBad("", DeadLetterReason.INVALID_JSON, "must be a JSON object, found nothing");
    assertBad("\"text\"", DeadLetterReason.INVALID_JSON, "must be a JSON object, found STRING");
    assertBad("[1, 2]", DeadLetterReason.INVALID_JSON, "must be a JSON object, found ARRAY");
    assertBad("{\"ts\": 5}", DeadLetterReason.BAD_KEY, "join key 'driver_id' of feature view");
    assertBad(
        "{\"driver_id\": \"d1\", \"ts\": 5}",
        DeadLetterReason.BAD_KEY,
        "join key 'driver_id': must be an int64 (a JSON integer), found STRING \"d1\"");
    assertBad("{\"driver_id\": 1}", DeadLetterReason.BAD_TIMESTAMP, "'ts' is missing");
    assertBad(
        "{\"driver_id\": 1, \"ts\": \"yesterday\"}",
        DeadLetterReason.BAD_TIMESTAMP,
        "timestamp field 'ts': must be a timestamp like 2022-05-13T10:59:42Z");
    assertBad(
        "{\"driver_id\": 1, \"ts\": true}",
        DeadLetterReason.BAD_TIMESTAMP,
        "must be an ISO-8601 time or epoch milliseconds, found true");
    assertBad(
        "{\"driver_id\": 1, \"ts\": 5, \"fare\": \"12.5\"}",
        DeadLetterReason.WRONG_TYPE,
        "field 'fare': must be a double (a JSON number), found STRING \"12.5\"");
    assertBad(
        "{\"driver_id\": 1, \"ts\": 5, \"trip_id\": {\"a\": 1}}",
        DeadLetterReason.WRONG_TYPE,
        "field 'trip_id': must be a number, string or bool, found {\"a\":1}");
  }

  private static void assertBad(String json, DeadLetterReason reason, String message) {
    ThrowingCallable read = () -> READER.read(json);
    assertThatThrownBy(read)
        .isInstanceOf(BadEventException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((BadEventException) e).reason()).isEqualTo(reason));
  }
}
