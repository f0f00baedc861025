package dev.featurewatch.benchmarks.serving;

import dev.featurewatch.store.definition.Entity;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.online.FeatureStatus;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.OnlineValue;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The serving benchmark's data: entity {@code user} (int64 join key {@code user_id}, ids 0 to
 * 999,999) and 5 views {@code user_stats_0} to {@code user_stats_4} of 10 features each, 50 in all:
 * {@code f<v>_0} to {@code f<v>_7} doubles in [0, 100), {@code f<v>_8} an int64 in [0, 1000) and
 * {@code f<v>_9} a short string ({@code c0} to {@code c49}). No ttl (so every row is served {@code
 * PRESENT} whenever the benchmark runs), no nulls, online only.
 *
 * <p>Each row is a function of (view, entity) alone, seeded, so a client can check any value it is
 * served without holding the data: {@link #values}.
 */
public final class ServingDataset {

  public static final int ENTITIES = 1_000_000;
  public static final int VIEWS = 5;
  static final int FEATURES_PER_VIEW = 10;
  static final String ENTITY = "user";
  public static final String JOIN_KEY = "user_id";

  private static final long SEED = 20261123L;
  private static final Instant EVENT_TIMES_FROM = Instant.parse("2026-11-01T00:00:00Z");
  private static final long DAY_MICROS = 86_400_000_000L;

  private ServingDataset() {}

  public static List<FeatureView> views() {
    List<FeatureView> views = new ArrayList<>(VIEWS);
    for (int v = 0; v < VIEWS; v++) {
      List<Field> features = new ArrayList<>(FEATURES_PER_VIEW);
      for (int f = 0; f < FEATURES_PER_VIEW; f++) {
        ValueType type = f < 8 ? ValueType.DOUBLE : f == 8 ? ValueType.INT64 : ValueType.STRING;
        features.add(Field.of("f" + v + "_" + f, type));
      }
      views.add(
          new FeatureView(
              "user_stats_" + v,
              List.of(ENTITY),
              features,
              Duration.ZERO,
              true,
              false,
              "",
              "",
              "serving benchmark",
              Map.of()));
    }
    return views;
  }

  public static FeatureRepository repository() {
    return FeatureRepository.of(
        List.of(
            new Entity(
                ENTITY, List.of(Field.of(JOIN_KEY, ValueType.INT64)), "serving benchmark user")),
        List.of(),
        views(),
        List.of());
  }

  /** Every feature as {@code view:feature}, views in order: what a request asks for. */
  static List<String> featureReferences() {
    List<String> references = new ArrayList<>(VIEWS * FEATURES_PER_VIEW);
    for (FeatureView view : views()) {
      for (Field feature : view.features()) {
        references.add(view.name() + ":" + feature.name());
      }
    }
    return references;
  }

  /** The values of entity {@code entity} in view number {@code view}, in the view's order. */
  static List<Object> values(int view, long entity) {
    SplittableRandom random = random(view, entity);
    random.nextLong(); // the event time
    List<Object> values = new ArrayList<>(FEATURES_PER_VIEW);
    for (int f = 0; f < 8; f++) {
      values.add(random.nextDouble() * 100);
    }
    values.add((long) random.nextInt(1000));
    values.add("c" + random.nextInt(50));
    return values;
  }

  public static FeatureRow row(FeatureView view, int viewIndex, long entity) {
    long micros = random(viewIndex, entity).nextLong(DAY_MICROS);
    Instant eventTime = EVENT_TIMES_FROM.plusNanos(micros * 1000);
    return new FeatureRow(
        view.name(), key(entity), eventTime, eventTime, values(viewIndex, entity));
  }

  public static EntityKey key(long entity) {
    return EntityKey.of(JOIN_KEY, entity);
  }

  /**
   * Whether {@code store} already holds the data: the last row written by {@link #load}, the last
   * entity of the last view, is there with its values. Loading writes views and entities in order,
   * a batch at a time, so that row is there only when every row before it is.
   */
  static boolean isLoaded(OnlineStore store) {
    List<FeatureView> views = views();
    long last = ENTITIES - 1;
    OnlineValue value = store.read(views.get(VIEWS - 1), List.of(key(last)), Instant.now()).get(0);
    return value.found()
        && value.status(0) == FeatureStatus.PRESENT
        && value.values().equals(values(VIEWS - 1, last));
  }

  /** How long a load took. */
  record LoadReport(long rows, double seconds) {
    double rowsPerSecond() {
      return rows / seconds;
    }
  }

  /** Writes every row, view after view, {@code batch} rows per {@link OnlineStore#write}. */
  static LoadReport load(OnlineStore store, int batch) {
    long start = System.nanoTime();
    List<FeatureView> views = views();
    for (int v = 0; v < VIEWS; v++) {
      FeatureView view = views.get(v);
      for (long from = 0; from < ENTITIES; from += batch) {
        long to = Math.min(ENTITIES, from + batch);
        List<FeatureRow> rows = new ArrayList<>((int) (to - from));
        for (long entity = from; entity < to; entity++) {
          rows.add(row(view, v, entity));
        }
        store.write(view, rows);
      }
    }
    return new LoadReport((long) VIEWS * ENTITIES, (System.nanoTime() - start) / 1e9);
  }

  private static SplittableRandom random(int view, long entity) {
    return new SplittableRandom(SEED ^ ((long) view << 40) ^ entity);
  }
}
