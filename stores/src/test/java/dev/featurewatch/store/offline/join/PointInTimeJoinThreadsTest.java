package dev.featurewatch.store.offline.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.offline.file.FileDataException;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Views joined on several threads give what one thread gives; a failing view fails the join. */
class PointInTimeJoinThreadsTest {

  private static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");

  @TempDir Path dir;

  private static FeatureView view(String name, Duration ttl) {
    return new FeatureView(
        name,
        List.of(),
        List.of(Field.of(name + "_value", ValueType.INT64)),
        ttl,
        true,
        true,
        "",
        "",
        "",
        Map.of());
  }

  @Test
  void threeViewsOnTwoThreadsEqualOneThread() {
    Random random = new Random(7);
    List<FeatureView> views =
        List.of(
            view("a", Duration.ofHours(2)),
            view("b", Duration.ZERO),
            view("c", Duration.ofDays(1)));
    EntityRows.Builder builder = EntityRows.builder(List.of(Field.of("id", ValueType.INT64)));
    for (int i = 0; i < 2000; i++) {
      builder.add(T0.plusSeconds(random.nextInt(3 * 86_400)), (long) random.nextInt(50));
    }
    EntityRows entities = builder.build();
    try (OfflineStore store = new OfflineStore(dir)) {
      List<PointInTimeJoin.Request> requests = new ArrayList<>();
      for (FeatureView view : views) {
        List<FeatureRow> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
          Instant event = T0.plusSeconds(random.nextInt(3 * 86_400));
          rows.add(
              new FeatureRow(
                  view.name(),
                  EntityKey.of("id", (long) random.nextInt(60)),
                  event,
                  event,
                  List.of((long) i)));
        }
        store.append(view, rows);
        requests.add(new PointInTimeJoin.Request(view, List.of(view.name() + "_value")));
      }

      try (JoinResult one = new PointInTimeJoin(store, 1).join(entities, requests);
          JoinResult two = new PointInTimeJoin(store, 2).join(entities, requests)) {
        int matched = 0;
        for (int r = 0; r < entities.size(); r++) {
          assertThat(two.row(r)).as("row %d", r).isEqualTo(one.row(r));
          matched += one.value(r, 2) == null ? 0 : 1;
        }
        assertThat(matched).as("rows matched in view a").isBetween(100, 1999);
      }
    }
  }

  @Test
  void aViewThatFailsToReadFailsTheJoinWithItsOwnMessage() {
    FeatureView good = view("good", Duration.ZERO);
    FeatureView bad = view("bad", Duration.ZERO);
    try (OfflineStore store = new OfflineStore(dir)) {
      store.append(
          good, List.of(new FeatureRow("good", EntityKey.of("id", 1L), T0, T0, List.of(1L))));
      store.append(
          bad, List.of(new FeatureRow("bad", EntityKey.of("id", 1L), T0, T0, List.of(1L))));
      // a later partition written with another join key
      Instant later = T0.plus(Duration.ofDays(1));
      store.append(
          bad,
          List.of(new FeatureRow("bad", EntityKey.of("other", 1L), later, later, List.of(2L))));
      EntityRows entities =
          EntityRows.builder(List.of(Field.of("id", ValueType.INT64)))
              .add(later.plusSeconds(1), 1L)
              .build();
      List<PointInTimeJoin.Request> requests =
          List.of(
              new PointInTimeJoin.Request(good, List.of("good_value")),
              new PointInTimeJoin.Request(bad, List.of("bad_value")));

      assertThatThrownBy(() -> new PointInTimeJoin(store, 2).join(entities, requests))
          .isInstanceOf(FileDataException.class)
          .hasMessageContaining(
              "column 'id': missing: the join key 'id' of feature view 'bad' must be a column of"
                  + " the file, which has [other, event_timestamp, created_timestamp, bad_value]");
    }
  }

  @Test
  void atLeastOneThreadIsNeeded() {
    try (OfflineStore store = new OfflineStore(dir)) {
      assertThatThrownBy(() -> new PointInTimeJoin(store, 0))
          .hasMessage("threads must be at least 1, found 0");
    }
  }
}
