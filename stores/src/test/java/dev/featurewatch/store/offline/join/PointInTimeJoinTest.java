package dev.featurewatch.store.offline.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PointInTimeJoinTest {

  private static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");
  private static final FeatureView TRIPS =
      new FeatureView(
          "trips",
          List.of("driver"),
          List.of(Field.of("count", ValueType.INT64), Field.of("city", ValueType.STRING)),
          Duration.ofHours(1),
          true,
          true,
          "",
          "",
          "",
          Map.of());

  @TempDir Path dir;

  private static EntityRows drivers(Object... idsAndTimes) {
    EntityRows.Builder builder =
        EntityRows.builder(List.of(Field.of("driver_id", ValueType.INT64)));
    for (int i = 0; i < idsAndTimes.length; i += 2) {
      builder.add((Instant) idsAndTimes[i + 1], idsAndTimes[i]);
    }
    return builder.build();
  }

  @Test
  void aViewWithNoFilesGivesNullsForEveryRow() {
    try (OfflineStore store = new OfflineStore(dir);
        JoinResult result =
            new PointInTimeJoin(store)
                .join(
                    drivers(1L, T0, 2L, T0),
                    List.of(new PointInTimeJoin.Request(TRIPS, List.of("city"))))) {
      assertThat(result.columnNames()).containsExactly("driver_id", "event_timestamp", "city");
      assertThat(result.row(1)).containsExactly(2L, T0, null);
    }
  }

  @Test
  void noEntityRowsGiveAnEmptyResult() {
    try (OfflineStore store = new OfflineStore(dir)) {
      store.append(
          TRIPS,
          List.of(
              new FeatureRow(
                  "trips", EntityKey.of("driver_id", 1L), T0, null, Arrays.asList(3L, "Rome"))));
      try (JoinResult result =
          new PointInTimeJoin(store)
              .join(drivers(), List.of(new PointInTimeJoin.Request(TRIPS, List.of("count"))))) {
        assertThat(result.size()).isZero();
      }
    }
  }

  @Test
  void aJoinKeyTheEntityRowsLackIsNamed() {
    try (OfflineStore store = new OfflineStore(dir)) {
      store.append(
          TRIPS,
          List.of(
              new FeatureRow(
                  "trips", EntityKey.of("driver_id", 1L), T0, null, Arrays.asList(3L, "Rome"))));
      EntityRows customers =
          EntityRows.builder(List.of(Field.of("driver_id", ValueType.STRING))).add(T0, "1").build();

      assertThatThrownBy(
              () ->
                  new PointInTimeJoin(store)
                      .join(
                          customers, List.of(new PointInTimeJoin.Request(TRIPS, List.of("count")))))
          .hasMessage(
              "feature view 'trips' is joined on 'driver_id' (int64), but the entity rows have [driver_id (string)]");
    }
  }

  @Test
  void anUnknownFeatureIsNamedWithTheViewsFeatures() {
    assertThatThrownBy(() -> new PointInTimeJoin.Request(TRIPS, List.of("speed")))
        .hasMessage("feature view 'trips' has no feature 'speed': it has [count, city]");
  }

  @Test
  void aRowOlderThanTheTtlInAnEarlierPartitionIsNotJoinedButOneWithinIs() {
    try (OfflineStore store = new OfflineStore(dir)) {
      Instant lateEvening = Instant.parse("2026-11-19T23:30:00Z");
      store.append(
          TRIPS,
          List.of(
              new FeatureRow(
                  "trips",
                  EntityKey.of("driver_id", 1L),
                  lateEvening,
                  null,
                  Arrays.asList(1L, "Oslo")),
              new FeatureRow(
                  "trips",
                  EntityKey.of("driver_id", 2L),
                  lateEvening.minusSeconds(1),
                  null,
                  Arrays.asList(2L, "Oslo"))));
      Instant halfPastMidnight = Instant.parse("2026-11-20T00:30:00Z");
      try (JoinResult result =
          new PointInTimeJoin(store)
              .join(
                  drivers(1L, halfPastMidnight, 2L, halfPastMidnight),
                  List.of(new PointInTimeJoin.Request(TRIPS, List.of("count"))))) {
        assertThat(result.value(0, 2)).isEqualTo(1L);
        assertThat(result.value(1, 2)).isNull();
      }
    }
  }
}
