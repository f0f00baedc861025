package dev.featurewatch.store.offline;

import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A view with one feature of every type, and rows of it. */
final class OfflineFixtures {

  static final FeatureView ALL_TYPES =
      new FeatureView(
          "driver_stats",
          List.of("driver"),
          List.of(
              Field.of("trips", ValueType.INT64),
              Field.of("rating", ValueType.DOUBLE),
              Field.of("city", ValueType.STRING),
              Field.of("active", ValueType.BOOL),
              Field.of("last_trip", ValueType.TIMESTAMP),
              Field.of("embedding", ValueType.DOUBLE_LIST)),
          Duration.ofHours(24),
          true,
          true,
          "",
          "",
          "",
          Map.of());

  private OfflineFixtures() {}

  /** Row {@code i}: driver {@code 1000 + i % 7}, event times over three days, some nulls. */
  static FeatureRow row(int i) {
    Instant event = Instant.parse("2026-11-20T00:00:00Z").plusSeconds(3_600L * i);
    List<Object> values =
        new ArrayList<>(
            Arrays.asList(
                (long) i,
                i % 5 == 0 ? null : i / 4.0,
                i % 3 == 0 ? "Berlin" : "Paris",
                i % 2 == 0,
                i % 4 == 0 ? null : event.minusMillis(1500),
                i % 6 == 0 ? null : List.of(i * 1.0, -0.5)));
    return new FeatureRow(
        ALL_TYPES.name(),
        EntityKey.of("driver_id", (long) (1000 + i % 7)),
        event,
        event.plusSeconds(60),
        values);
  }

  static List<FeatureRow> rows(int count) {
    List<FeatureRow> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(row(i));
    }
    return rows;
  }
}
