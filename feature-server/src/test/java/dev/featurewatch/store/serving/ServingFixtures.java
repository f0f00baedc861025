package dev.featurewatch.store.serving;

import dev.featurewatch.store.definition.DataSource;
import dev.featurewatch.store.definition.Entity;
import dev.featurewatch.store.definition.FeatureReference;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureService;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Definitions shaped like Feast's quickstart ({@code driver_hourly_stats} with a push source and
 * the {@code driver_activity} service; its rows are the offline store's only) plus a customer view
 * of every other type and a view with a short ttl.
 */
public final class ServingFixtures {

  /** The read time of the tests: one hour after the Feast example's event time. */
  static final Instant NOW = Instant.parse("2022-01-01T00:00:00Z");

  static final Instant FEAST_EVENT_TIME = Instant.parse("2021-12-31T23:00:00Z");

  public static final FeatureView DRIVER_STATS =
      view(
          "driver_hourly_stats",
          "driver",
          Duration.ofDays(1),
          "driver_stats_push_source",
          Field.of("conv_rate", ValueType.DOUBLE),
          Field.of("acc_rate", ValueType.DOUBLE),
          Field.of("avg_daily_trips", ValueType.INT64));

  /** A view whose rows go stale after ten minutes. */
  static final FeatureView DRIVER_LOCATION =
      view(
          "driver_location",
          "driver",
          Duration.ofMinutes(10),
          "",
          Field.of("conv_rate", ValueType.DOUBLE),
          Field.of("city", ValueType.STRING));

  static final FeatureView CUSTOMER_PROFILE =
      view(
          "customer_profile",
          "customer",
          Duration.ZERO,
          "",
          Field.of("name", ValueType.STRING),
          Field.of("active", ValueType.BOOL),
          Field.of("embedding", ValueType.DOUBLE_LIST),
          Field.of("signed_up", ValueType.TIMESTAMP));

  /** A view kept for training only. */
  static final FeatureView DRIVER_HISTORY =
      new FeatureView(
          "driver_history",
          List.of("driver"),
          List.of(Field.of("trips", ValueType.INT64)),
          Duration.ZERO,
          false,
          true,
          "",
          "",
          "",
          Map.of());

  public static final FeatureRepository REPOSITORY =
      FeatureRepository.of(
          List.of(
              new Entity("driver", List.of(Field.of("driver_id", ValueType.INT64)), "A driver."),
              new Entity(
                  "customer", List.of(Field.of("customer_id", ValueType.STRING)), "A customer.")),
          List.of(
              new DataSource(
                  "driver_stats_push_source",
                  new DataSource.PushSettings(""),
                  "",
                  "created",
                  "",
                  Map.of())),
          List.of(DRIVER_STATS, DRIVER_LOCATION, CUSTOMER_PROFILE, DRIVER_HISTORY),
          List.of(
              new FeatureService(
                  "driver_activity",
                  List.of(
                      FeatureReference.parse("driver_hourly_stats:conv_rate"),
                      FeatureReference.parse("driver_hourly_stats:avg_daily_trips")),
                  "",
                  Map.of())));

  private ServingFixtures() {}

  private static FeatureView view(
      String name, String entity, Duration ttl, String source, Field... features) {
    return new FeatureView(
        name, List.of(entity), List.of(features), ttl, true, true, source, "", "", Map.of());
  }

  /** A started server of {@link #REPOSITORY} over {@code store}, at {@link #NOW}. */
  static FeatureServer startedServer(OnlineStore store, ServerConfig config) {
    FeatureServer server = server(store, config);
    server.start();
    return server;
  }

  /** A server of {@link #REPOSITORY} over {@code store}, at {@link #NOW}, not started. */
  static FeatureServer server(OnlineStore store, ServerConfig config) {
    return new FeatureServer(
        () -> REPOSITORY,
        store,
        null,
        Clock.fixed(NOW, ZoneOffset.UTC),
        config,
        new PrometheusRegistry());
  }

  public static FeatureRow driverStats(
      long driverId, Instant at, Double conv, Double acc, Long trips) {
    return new FeatureRow(
        DRIVER_STATS.name(),
        EntityKey.of("driver_id", driverId),
        at,
        at,
        Arrays.asList(conv, acc, trips));
  }
}
