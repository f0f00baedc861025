package dev.featurewatch.store.registry;

import dev.featurewatch.store.definition.Aggregation;
import dev.featurewatch.store.definition.DataSource;
import dev.featurewatch.store.definition.Entity;
import dev.featurewatch.store.definition.FeatureReference;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureService;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.store.definition.StreamSpec;
import dev.featurewatch.store.definition.ValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** A small repository using every kind, type and option, and ways to change it. */
final class Fixtures {

  static final Entity DRIVER =
      new Entity("driver", List.of(Field.of("driver_id", ValueType.INT64)), "A driver.");
  static final Entity CUSTOMER =
      new Entity("customer", List.of(Field.of("customer_id", ValueType.STRING)), "");

  static final FeatureView DRIVER_STATS =
      new FeatureView(
          "driver_stats",
          List.of("driver"),
          List.of(
              new Field(
                  "conv_rate", ValueType.DOUBLE, "Share of offers taken.", Map.of("unit", "ratio")),
              Field.of("trips", ValueType.INT64),
              Field.of("vehicle", ValueType.STRING),
              Field.of("active", ValueType.BOOL),
              Field.of("signup_time", ValueType.TIMESTAMP)),
          Duration.ofHours(24),
          true,
          true,
          "stats_file",
          "ml@example.com",
          "Hourly driver stats.",
          Map.of("team", "marketplace", "tier", "gold"));
  static final FeatureView CUSTOMER_PROFILE =
      new FeatureView(
          "customer_profile",
          List.of("customer"),
          List.of(Field.of("embedding", ValueType.DOUBLE_LIST)),
          Duration.ZERO,
          true,
          false,
          "profile_push",
          "",
          "",
          Map.of());
  static final FeatureView DRIVER_TRIPS =
      new FeatureView(
          "driver_trips",
          List.of("driver"),
          List.of(
              Field.of("trips_1h", ValueType.INT64), Field.of("mean_fare_1h", ValueType.DOUBLE)),
          Duration.ofHours(2),
          true,
          true,
          "trips",
          "rides@example.com",
          "Trips in the last hour, every 5 minutes.",
          Map.of(),
          new StreamSpec(
              Duration.ofSeconds(30),
              Duration.ofHours(1),
              Duration.ofMinutes(5),
              List.of(
                  new StreamSpec.Aggregate("trips_1h", Aggregation.COUNT, "trip_id"),
                  new StreamSpec.Aggregate("mean_fare_1h", Aggregation.MEAN, "fare"))));

  /** Every kind of definition, a stream feature view among them (registry format version 2). */
  static FeatureRepository repository() {
    FeatureRepository v1 = repositoryV1();
    List<DataSource> sources = new ArrayList<>();
    for (DataSource source : v1.sources()) {
      sources.add(
          source.name().equals("trips")
              ? new DataSource(
                  "trips",
                  new DataSource.KafkaSettings("driver-trips", "localhost:9092", "trips_file"),
                  source.timestampField(),
                  source.createdTimestampField(),
                  source.description(),
                  source.tags())
              : source);
    }
    sources.add(
        new DataSource(
            "trips_file",
            new DataSource.FileSettings("data/trips.jsonl", DataSource.FileFormat.JSONL),
            "ts",
            "",
            "",
            Map.of()));
    List<FeatureView> views = new ArrayList<>(v1.featureViews());
    views.add(DRIVER_TRIPS);
    return FeatureRepository.of(v1.entities(), sources, views, v1.featureServices());
  }

  /** Everything of {@link #repository()} and a model monitor, as format version 3 holds it. */
  static FeatureRepository repositoryV3() {
    return withMonitor(new ModelMonitor.Labels("trips_file", Duration.ofDays(2)), FIXED_DRIFT);
  }

  /** The repository of format version 4: the monitor's labels declare a degraded margin. */
  static FeatureRepository repositoryV4() {
    return withMonitor(
        new ModelMonitor.Labels("trips_file", Duration.ofDays(2), 0.15), FIXED_DRIFT);
  }

  /** The repository of format version 5: the monitor's drift declares its calibration. */
  static FeatureRepository repositoryV5() {
    ModelMonitor.Drift drift =
        new ModelMonitor.Drift(
            "wasserstein",
            null,
            Map.of("city", new ModelMonitor.Drift("psi", null, Map.of(), null, null, 50, null)),
            null,
            Duration.ofDays(90),
            30,
            0.05);
    return withMonitor(new ModelMonitor.Labels("trips_file", Duration.ofDays(2), 0.15), drift);
  }

  /**
   * The repository of format version 6: file sources say how their timestamps and CSV fields are
   * written.
   */
  static FeatureRepository repositoryV6() {
    FeatureRepository v5 = repositoryV5();
    List<DataSource> sources = new java.util.ArrayList<>(v5.sources());
    sources.add(
        new DataSource(
            "lake_stats",
            new DataSource.FileSettings(
                "lake/stats/",
                DataSource.FileFormat.PARQUET,
                DataSource.TimestampFormat.EPOCH_MILLIS,
                DataSource.FileSettings.COMMA),
            "ts",
            "",
            "",
            Map.of()));
    sources.add(
        new DataSource(
            "semicolon_stats",
            new DataSource.FileSettings(
                "data/stats-eu.csv",
                DataSource.FileFormat.CSV,
                DataSource.TimestampFormat.EPOCH_SECONDS,
                ';'),
            "ts",
            "",
            "",
            Map.of()));
    return FeatureRepository.of(
        v5.entities(), sources, v5.featureViews(), v5.featureServices(), v5.modelMonitors());
  }

  private static final ModelMonitor.Drift FIXED_DRIFT =
      new ModelMonitor.Drift(
          "ks", 0.01, Map.of("city", new ModelMonitor.Drift("psi", null, Map.of())));

  private static FeatureRepository withMonitor(
      ModelMonitor.Labels labels, ModelMonitor.Drift drift) {
    FeatureRepository v2 = repository();
    ModelMonitor monitor =
        new ModelMonitor(
            "driver_ranking",
            "driver-ranking",
            "",
            "champion",
            "trips",
            "",
            List.of(Field.of("conv_rate", ValueType.DOUBLE), Field.of("city", ValueType.STRING)),
            new ModelMonitor.Prediction(
                ModelMonitor.PredictionKind.CLASS_LABEL, List.of("accept", "decline"), 0.5),
            labels,
            new ModelMonitor.Window(Duration.ofMinutes(5), 5000),
            drift,
            List.of(new ModelMonitor.Segment("city", List.of("Lisbon", "Porto"))),
            ModelMonitor.REGISTRY_BASELINE,
            new ModelMonitor.WriteBack(false, Duration.ofMinutes(15)),
            "the ranking model",
            Map.of("team", "marketplace"));
    return FeatureRepository.of(
        v2.entities(), v2.sources(), v2.featureViews(), v2.featureServices(), List.of(monitor));
  }

  /** What registry format version 1 could hold: no stream feature views. */
  static FeatureRepository repositoryV1() {
    return FeatureRepository.of(
        List.of(DRIVER, CUSTOMER),
        List.of(
            new DataSource(
                "stats_file",
                new DataSource.FileSettings("data/stats.csv", DataSource.FileFormat.CSV),
                "event_timestamp",
                "created",
                "",
                Map.of()),
            new DataSource(
                "trips",
                new DataSource.KafkaSettings("driver-trips", "localhost:9092", ""),
                "ts",
                "",
                "Trips as they end.",
                Map.of("owner", "rides")),
            new DataSource(
                "profile_push", new DataSource.PushSettings("stats_file"), "", "", "", Map.of())),
        List.of(DRIVER_STATS, CUSTOMER_PROFILE),
        List.of(
            new FeatureService(
                "ranking",
                List.of(
                    FeatureReference.parse("driver_stats:conv_rate"),
                    FeatureReference.parse("customer_profile")),
                "Driver ranking model.",
                Map.of("model", "ranking"))));
  }

  /** The repository with the feature view of that name replaced. */
  static FeatureRepository withView(String name, UnaryOperator<FeatureView> change) {
    FeatureRepository repo = repository();
    List<FeatureView> views = new ArrayList<>();
    for (FeatureView view : repo.featureViews()) {
      views.add(view.name().equals(name) ? change.apply(view) : view);
    }
    return FeatureRepository.of(repo.entities(), repo.sources(), views, repo.featureServices());
  }

  static FeatureView withFeatures(FeatureView view, List<Field> features) {
    return new FeatureView(
        view.name(),
        view.entities(),
        features,
        view.ttl(),
        view.online(),
        view.offline(),
        view.source(),
        view.owner(),
        view.description(),
        view.tags(),
        view.stream());
  }

  static FeatureView withStream(FeatureView view, StreamSpec stream) {
    return new FeatureView(
        view.name(),
        view.entities(),
        view.features(),
        view.ttl(),
        view.online(),
        view.offline(),
        view.source(),
        view.owner(),
        view.description(),
        view.tags(),
        stream);
  }

  private Fixtures() {}
}
