package dev.featurewatch.store.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link OnlineStore} has. A subclass supplies a fresh, empty store per test.
 */
public abstract class OnlineStoreContract {

  protected static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
  protected static final Duration TTL = Duration.ofHours(2);
  protected static final FeatureView VIEW = TestViews.allTypes("driver_stats", TTL);
  protected static final FeatureView SMALL =
      TestViews.view("driver_counts", Duration.ZERO, List.of(Field.of("trips", ValueType.INT64)));

  protected OnlineStore store;

  /** A new store with nothing in it (at least for the views these tests use). */
  protected abstract OnlineStore newStore() throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  protected static EntityKey driver(long id) {
    return EntityKey.of("driver_id", id);
  }

  protected static FeatureRow counts(long id, Instant event, Instant created, long trips) {
    return new FeatureRow("driver_counts", driver(id), event, created, List.of(trips));
  }

  protected static FeatureRow full(long id, Instant event) {
    return new FeatureRow(
        "driver_stats",
        driver(id),
        event,
        event.plusSeconds(1),
        List.of(
            -7L,
            Double.NaN,
            "Zürich 🚕",
            false,
            Instant.parse("2024-04-30T23:59:59.000001Z"),
            List.of(0.25, -0.0, Double.MAX_VALUE)));
  }

  private Object tripsOf(long id) {
    return store.read(SMALL, List.of(driver(id)), T0).get(0).value(0);
  }

  @Test
  void missingKeyIsNotFoundForEveryFeature() {
    OnlineValue value = store.read(VIEW, List.of(driver(404)), T0).get(0);

    assertThat(value.found()).isFalse();
    assertThat(value.key()).isEqualTo(driver(404));
    assertThat(value.eventTime()).isNull();
    assertThat(value.statuses()).hasSize(6).containsOnly(FeatureStatus.NOT_FOUND);
    assertThat(value.values()).hasSize(6).containsOnlyNulls();
  }

  @Test
  void aRowWrittenUnderAnotherSchemaIsInvalidForItsKeyOnly() {
    store.write(SMALL, List.of(counts(1, T0, T0, 3)));
    // the same view after a forced apply changed the type of its feature
    FeatureView changed =
        TestViews.view(SMALL.name(), Duration.ZERO, List.of(Field.of("trips", ValueType.STRING)));
    store.write(
        changed, List.of(new FeatureRow(SMALL.name(), driver(2), T0, T0, List.of("three"))));

    List<OnlineValue> values = store.read(changed, List.of(driver(1), driver(2), driver(3)), T0);

    assertThat(values.get(0).statuses()).containsExactly(FeatureStatus.INVALID);
    assertThat(values.get(0).values()).containsOnlyNulls();
    assertThat(values.get(0).found()).isFalse();
    assertThat(values.get(1).values()).containsExactly("three");
    assertThat(values.get(2).statuses()).containsExactly(FeatureStatus.NOT_FOUND);
  }

  @Test
  void everyTypeRoundTrips() {
    FeatureRow row = full(1, T0);
    store.write(VIEW, List.of(row));

    OnlineValue value = store.read(VIEW, List.of(driver(1)), T0.plusSeconds(60)).get(0);

    assertThat(value.values()).isEqualTo(row.values());
    assertThat(value.statuses()).containsOnly(FeatureStatus.PRESENT);
    assertThat(value.eventTime()).isEqualTo(T0);
  }

  @Test
  void nullValuesAreNullValueAndTheOthersPresent() {
    store.write(
        VIEW,
        List.of(
            new FeatureRow(
                "driver_stats",
                driver(1),
                T0,
                null,
                Arrays.asList(null, 4.5, null, true, null, null))));

    OnlineValue value = store.read(VIEW, List.of(driver(1)), T0).get(0);

    assertThat(value.values()).containsExactly(null, 4.5, null, true, null, null);
    assertThat(value.statuses())
        .containsExactly(
            FeatureStatus.NULL_VALUE,
            FeatureStatus.PRESENT,
            FeatureStatus.NULL_VALUE,
            FeatureStatus.PRESENT,
            FeatureStatus.NULL_VALUE,
            FeatureStatus.NULL_VALUE);
  }

  @Test
  void newerEventTimeWinsWhateverTheWriteOrder() {
    store.write(SMALL, List.of(counts(1, T0.plusSeconds(10), T0, 2)));
    store.write(SMALL, List.of(counts(1, T0, T0.plusSeconds(99), 1)));
    store.write(SMALL, List.of(counts(2, T0, T0, 1)));
    store.write(SMALL, List.of(counts(2, T0.plusSeconds(10), T0, 2)));

    assertThat(tripsOf(1)).isEqualTo(2L);
    assertThat(tripsOf(2)).isEqualTo(2L);
  }

  @Test
  void sameEventTimeIsDecidedByCreatedTime() {
    store.write(SMALL, List.of(counts(1, T0, T0.plusSeconds(5), 5)));
    store.write(SMALL, List.of(counts(1, T0, T0.plusSeconds(3), 3)));
    store.write(SMALL, List.of(counts(2, T0, T0.plusSeconds(3), 3)));
    store.write(SMALL, List.of(counts(2, T0, T0.plusSeconds(5), 5)));

    assertThat(tripsOf(1)).isEqualTo(5L);
    assertThat(tripsOf(2)).isEqualTo(5L);
  }

  @Test
  void microsecondsAreEnoughToOrderRows() {
    store.write(SMALL, List.of(counts(1, T0.plusNanos(2_000), T0, 2)));
    store.write(SMALL, List.of(counts(1, T0.plusNanos(1_000), T0, 1)));

    assertThat(tripsOf(1)).isEqualTo(2L);
  }

  @Test
  void eventTimesAroundTheEpochAreOrderedAsTimesNotAsBytes() {
    Instant before = Instant.parse("1969-12-31T23:59:59Z");
    Instant after = Instant.parse("1970-01-01T00:00:01Z");
    store.write(SMALL, List.of(counts(1, after, T0, 2)));
    store.write(SMALL, List.of(counts(1, before, T0, 1)));
    store.write(SMALL, List.of(counts(2, before.minusSeconds(1), T0, 1)));
    store.write(SMALL, List.of(counts(2, before, T0, 2)));
    store.write(SMALL, List.of(counts(3, T0, before, 2)));
    store.write(SMALL, List.of(counts(3, T0, before.minusSeconds(1), 1)));

    assertThat(tripsOf(1)).isEqualTo(2L);
    assertThat(tripsOf(2)).isEqualTo(2L);
    assertThat(tripsOf(3)).isEqualTo(2L);
  }

  @Test
  void rewritingTheSameRowIsIdempotent() {
    FeatureRow row = full(1, T0);
    store.write(VIEW, List.of(row));
    List<OnlineValue> once = store.read(VIEW, List.of(driver(1)), T0);

    store.write(VIEW, List.of(row, row));
    store.write(VIEW, List.of(row));

    assertThat(store.read(VIEW, List.of(driver(1)), T0)).isEqualTo(once);
  }

  @Test
  void newestRowOfABatchWinsWhateverItsPositionInTheBatch() {
    store.write(
        SMALL,
        List.of(
            counts(1, T0.plusSeconds(1), T0, 1),
            counts(1, T0.plusSeconds(3), T0, 3),
            counts(1, T0.plusSeconds(2), T0, 2)));

    assertThat(tripsOf(1)).isEqualTo(3L);
  }

  @Test
  void rowExactlyTtlOldIsPresentAndOneMicrosecondOlderIsOutsideMaxAge() {
    store.write(VIEW, List.of(full(1, T0)));

    OnlineValue atEdge = store.read(VIEW, List.of(driver(1)), T0.plus(TTL)).get(0);
    OnlineValue past = store.read(VIEW, List.of(driver(1)), T0.plus(TTL).plusNanos(1_000)).get(0);

    assertThat(atEdge.statuses()).containsOnly(FeatureStatus.PRESENT);
    assertThat(past.statuses()).containsOnly(FeatureStatus.OUTSIDE_MAX_AGE);
    assertThat(past.values()).isEqualTo(full(1, T0).values());
    assertThat(past.eventTime()).isEqualTo(T0);
  }

  @Test
  void zeroTtlNeverExpires() {
    store.write(SMALL, List.of(counts(1, T0, T0, 1)));

    OnlineValue value =
        store.read(SMALL, List.of(driver(1)), T0.plus(Duration.ofDays(3650))).get(0);

    assertThat(value.statuses()).containsExactly(FeatureStatus.PRESENT);
  }

  @Test
  void viewsAreIsolated() {
    FeatureView other =
        TestViews.view(
            "driver_counts_v2", Duration.ZERO, List.of(Field.of("trips", ValueType.INT64)));
    store.write(SMALL, List.of(counts(1, T0, T0, 1)));
    store.write(
        other, List.of(new FeatureRow("driver_counts_v2", driver(1), T0, T0, List.of(99L))));

    assertThat(tripsOf(1)).isEqualTo(1L);
    assertThat(store.read(other, List.of(driver(1)), T0).get(0).value(0)).isEqualTo(99L);
    assertThat(store.read(VIEW, List.of(driver(1)), T0).get(0).found()).isFalse();
  }

  @Test
  void compositeAndStringKeysAreDistinct() {
    EntityKey a = EntityKey.of(Map.of("driver_id", 1L, "city", "Oslo"));
    EntityKey b = EntityKey.of(Map.of("driver_id", 1L, "city", "Bergen"));
    EntityKey c = EntityKey.of("driver_id", "1");
    store.write(
        SMALL,
        List.of(
            new FeatureRow("driver_counts", a, T0, T0, List.of(1L)),
            new FeatureRow("driver_counts", b, T0, T0, List.of(2L)),
            new FeatureRow("driver_counts", c, T0, T0, List.of(3L))));

    assertThat(store.read(SMALL, List.of(c, b, a, driver(1)), T0))
        .extracting(v -> v.value(0))
        .containsExactly(3L, 2L, 1L, null);
  }

  @Test
  void batchReadAnswersInTheOrderAskedWithDuplicates() {
    List<FeatureRow> rows = new ArrayList<>();
    for (long id = 0; id < 100; id++) {
      rows.add(counts(id, T0, T0, id * 10));
    }
    store.write(SMALL, rows);
    List<EntityKey> keys = new ArrayList<>();
    List<Object> expected = new ArrayList<>();
    for (long id = 149; id >= 0; id -= 3) {
      keys.add(driver(id));
      expected.add(id < 100 ? id * 10 : null);
    }
    keys.add(driver(4));
    expected.add(40L);

    List<OnlineValue> values = store.read(SMALL, keys, T0);

    assertThat(values).extracting(OnlineValue::key).isEqualTo(keys);
    assertThat(values).extracting(v -> v.value(0)).isEqualTo(expected);
  }

  @Test
  void readAllAnswersEachViewAsReadDoes() {
    FeatureView neverWritten =
        TestViews.view("driver_idle", Duration.ZERO, List.of(Field.of("trips", ValueType.INT64)));
    store.write(SMALL, List.of(counts(1, T0, T0, 10), counts(2, T0, T0, 20)));
    store.write(VIEW, List.of(full(2, T0)));
    Map<FeatureView, List<EntityKey>> keys = new LinkedHashMap<>();
    keys.put(SMALL, List.of(driver(2), driver(3), driver(1), driver(2)));
    keys.put(VIEW, List.of(driver(1), driver(2)));
    keys.put(neverWritten, List.of(driver(1)));
    keys.put(TestViews.view("driver_none", Duration.ZERO, List.of()), List.of());

    Map<String, List<OnlineValue>> values = store.readAll(keys, T0);

    assertThat(values)
        .containsOnlyKeys("driver_counts", "driver_stats", "driver_idle", "driver_none");
    for (Map.Entry<FeatureView, List<EntityKey>> view : keys.entrySet()) {
      assertThat(values.get(view.getKey().name()))
          .as(view.getKey().name())
          .isEqualTo(store.read(view.getKey(), view.getValue(), T0));
    }
    assertThat(values.get("driver_counts"))
        .extracting(v -> v.value(0))
        .containsExactly(20L, null, 10L, 20L);
    assertThat(values.get("driver_stats"))
        .extracting(OnlineValue::found)
        .containsExactly(false, true);
    assertThat(values.get("driver_idle")).extracting(OnlineValue::found).containsExactly(false);
    assertThat(values.get("driver_none")).isEmpty();
  }

  @Test
  void emptyBatchesAreAnsweredWithoutTouchingTheStore() {
    store.write(SMALL, List.of());

    assertThat(store.read(SMALL, List.of(), T0)).isEmpty();
  }

  /** Also as a {@linkplain OnlineStore#load load} into a view that holds rows. */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aLargeBatchWritesExactlyItsRowsNewerThanTheStoredOnes(boolean asLoad) {
    // more rows than a store sends in one call: stored rows of even keys are newer and stay
    int keys = 1_037;
    List<FeatureRow> stored = new ArrayList<>();
    for (long id = 0; id < keys; id += 2) {
      stored.add(counts(id, T0.plusSeconds(10), T0, -1));
    }
    store.write(SMALL, stored);
    List<FeatureRow> batch = new ArrayList<>();
    for (long id = 0; id < keys; id++) {
      batch.add(counts(id, T0.plusSeconds(5), T0, id));
    }
    Collections.shuffle(batch, new Random(7));

    write(SMALL, batch, asLoad);

    List<Object> trips =
        store.read(SMALL, drivers(keys), T0).stream().map(v -> v.value(0)).toList();
    for (int id = 0; id < keys; id++) {
      assertThat(trips.get(id)).as("key %d", id).isEqualTo(id % 2 == 0 ? -1L : (long) id);
    }
  }

  @Test
  void aLoadIntoAnEmptyViewStoresTheNewestRowOfEveryKeyOnceCommitted() throws Exception {
    int keys = 2_111;
    OnlineStore.Load load = store.load(SMALL);
    List<Callable<Void>> adders = new ArrayList<>();
    for (int part = 0; part < 3; part++) {
      // each key comes in every part, at an event time that is newest in part (key % 3)
      List<FeatureRow> rows = new ArrayList<>();
      for (long id = 0; id < keys; id++) {
        rows.add(counts(id, T0.plusSeconds(part == id % 3 ? 10 : part), T0, part));
      }
      Collections.shuffle(rows, new Random(part));
      adders.add(
          () -> {
            for (int from = 0; from < rows.size(); from += 500) {
              load.add(rows.subList(from, Math.min(rows.size(), from + 500)));
            }
            return null;
          });
    }
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      for (Future<Void> added : pool.invokeAll(adders)) {
        added.get();
      }
    } finally {
      pool.shutdownNow();
    }
    load.commit();
    OnlineStore.Load full = store.load(VIEW);
    full.add(List.of(full(1, T0.minusSeconds(60))));
    full.commit();

    List<Object> trips =
        store.read(SMALL, drivers(keys), T0).stream().map(v -> v.value(0)).toList();
    for (int id = 0; id < keys; id++) {
      assertThat(trips.get(id)).as("key %d", id).isEqualTo((long) (id % 3));
    }
    OnlineValue every = store.read(VIEW, List.of(driver(1)), T0).get(0);
    assertThat(every.values()).isEqualTo(full(1, T0.minusSeconds(60)).values());
    assertThat(every.statuses()).containsOnly(FeatureStatus.PRESENT);
  }

  @Test
  void aLoadIntoAnEmptyViewKeepsARowWrittenBeforeItsCommitIfNewer() {
    OnlineStore.Load intoEmpty = store.load(VIEW);
    intoEmpty.add(List.of(full(1, T0.minusSeconds(60)), full(2, T0.minusSeconds(60))));
    store.write(VIEW, List.of(full(1, T0.minusSeconds(30))));
    intoEmpty.commit();

    assertThat(store.read(VIEW, List.of(driver(1), driver(2)), T0))
        .extracting(OnlineValue::eventTime)
        .containsExactly(T0.minusSeconds(30), T0.minusSeconds(60));
  }

  @Test
  void aLoadRefusesARowNotMatchingTheView() {
    OnlineStore.Load load = store.load(SMALL);
    FeatureRow wrong = new FeatureRow("driver_counts", driver(1), T0, T0, List.of("not a number"));

    assertThatThrownBy(() -> load.add(List.of(wrong))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrentWritersEndWithTheNewestRowOfEveryKey() throws Exception {
    int keys = 50;
    int writers = 4;
    int versions = 40;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        Random random = new Random(1000 + w);
        done.add(
            pool.submit(
                () -> {
                  List<Integer> order =
                      new ArrayList<>(IntStream.range(0, versions).boxed().toList());
                  Collections.shuffle(order, random);
                  for (int version : order) {
                    List<FeatureRow> batch = new ArrayList<>();
                    for (long id = 0; id < keys; id++) {
                      batch.add(counts(id, T0.plusSeconds(version), T0, version));
                    }
                    Collections.shuffle(batch, random);
                    store.write(SMALL, batch);
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    List<EntityKey> all = drivers(keys);
    assertThat(store.read(SMALL, all, T0))
        .extracting(v -> v.value(0))
        .containsOnly((long) versions - 1);
  }

  @Test
  void rowOfAnotherViewIsRefused() {
    assertThatThrownBy(() -> store.write(VIEW, List.of(counts(1, T0, T0, 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("view 'driver_counts' cannot be written to view 'driver_stats'");
  }

  @Test
  void rowNotMatchingTheViewIsRefusedAndNothingOfTheBatchIsWritten() {
    FeatureRow bad = new FeatureRow("driver_counts", driver(2), T0, T0, List.of("seven"));

    assertThatThrownBy(() -> store.write(SMALL, List.of(counts(1, T0, T0, 1), bad)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'driver_counts:trips' is int64");
    assertThat(tripsOf(1)).isNull();
  }

  @Test
  void deleteExpiredKeepsFreshRowsAndNeverServesExpiredOnesAsPresent() {
    store.write(VIEW, List.of(full(1, T0), full(2, T0.plus(TTL))));
    Instant now = T0.plus(TTL).plusSeconds(1);

    store.deleteExpired(VIEW, now);

    List<OnlineValue> values = store.read(VIEW, List.of(driver(1), driver(2)), now);
    assertThat(values.get(0).statuses()).doesNotContain(FeatureStatus.PRESENT);
    assertThat(values.get(1).statuses()).containsOnly(FeatureStatus.PRESENT);
  }

  @Test
  void deleteExpiredRemovesExactlyTheRowsOlderThanTheTtl() {
    store.write(VIEW, List.of(full(1, T0), full(2, T0.plusSeconds(1)), full(3, T0.plus(TTL))));

    long deleted = store.deleteExpired(VIEW, T0.plus(TTL).plusSeconds(1));

    assertThat(deleted).isEqualTo(1);
    assertThat(store.read(VIEW, List.of(driver(1), driver(2), driver(3)), T0.plus(TTL)))
        .extracting(v -> v.status(0))
        .containsExactly(FeatureStatus.NOT_FOUND, FeatureStatus.PRESENT, FeatureStatus.PRESENT);
    assertThat(store.deleteExpired(SMALL, T0.plusSeconds(1_000_000))).isZero();
  }

  @Test
  void deleteExpiredTouchesOnlyItsOwnView() {
    // Glob and separator characters in names must not widen the sweep to other views.
    FeatureView globby = TestViews.allTypes("driver*stats?[x]\\", TTL);
    FeatureView prefixed = TestViews.allTypes("driver_stats_v2", TTL);
    store.write(VIEW, List.of(full(1, T0)));
    store.write(globby, List.of(withView(full(1, T0), globby)));
    store.write(prefixed, List.of(withView(full(1, T0), prefixed)));
    Instant later = T0.plus(TTL).plusSeconds(1);

    assertThat(store.deleteExpired(globby, later)).isEqualTo(1);
    assertThat(store.read(VIEW, List.of(driver(1)), later).get(0).found()).isTrue();
    assertThat(store.read(prefixed, List.of(driver(1)), later).get(0).found()).isTrue();
    assertThat(store.read(globby, List.of(driver(1)), later).get(0).found()).isFalse();
  }

  private static FeatureRow withView(FeatureRow row, FeatureView view) {
    return new FeatureRow(view.name(), row.key(), row.eventTime(), row.createdTime(), row.values());
  }

  @Test
  void storeIsHealthyWhileOpen() {
    assertThat(store.isHealthy()).isTrue();
  }

  @Test
  void closedStoreIsUnhealthyAndRefusesWork() {
    store.close();
    store.close();

    assertThat(store.isHealthy()).isFalse();
    assertThatThrownBy(() -> store.read(SMALL, List.of(driver(1)), T0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
    assertThatThrownBy(() -> store.write(SMALL, List.of(counts(1, T0, T0, 1))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
  }

  /** Writes the rows, or loads them as one {@linkplain OnlineStore#load load}. */
  protected void write(FeatureView view, List<FeatureRow> rows, boolean asLoad) {
    if (asLoad) {
      OnlineStore.Load load = store.load(view);
      load.add(rows);
      load.commit();
    } else {
      store.write(view, rows);
    }
  }

  /** The keys of drivers 0 to n - 1. */
  protected static List<EntityKey> drivers(int n) {
    List<EntityKey> keys = new ArrayList<>(n);
    for (long id = 0; id < n; id++) {
      keys.add(driver(id));
    }
    return keys;
  }
}
