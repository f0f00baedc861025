package dev.featurewatch.store.pipeline;

import dev.featurewatch.store.definition.Aggregation;
import dev.featurewatch.store.definition.DataSource;
import dev.featurewatch.store.definition.Entity;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.StreamSpec;
import dev.featurewatch.store.definition.ValueType;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Stream feature views over one source of trips ({@code driver_id}, {@code ts}, {@code fare},
 * {@code city}, {@code trip_id}), for the pipeline's tests.
 */
public final class StreamViews {

  /** A view over the trips: count, mean and max of the fare and the last city. */
  public static FeatureView windowed(String name, Duration size, Duration slide, Duration late) {
    return new FeatureView(
        name,
        List.of("driver"),
        List.of(
            Field.of("trips", ValueType.INT64),
            Field.of("fare_mean", ValueType.DOUBLE),
            Field.of("fare_max", ValueType.DOUBLE),
            Field.of("city", ValueType.STRING)),
        Duration.ZERO,
        true,
        true,
        "trips",
        "",
        "",
        Map.of(),
        new StreamSpec(
            late,
            size,
            slide,
            List.of(
                new StreamSpec.Aggregate("trips", Aggregation.COUNT, "trip_id"),
                new StreamSpec.Aggregate("fare_mean", Aggregation.MEAN, "fare"),
                new StreamSpec.Aggregate("fare_max", Aggregation.MAX, "fare"),
                new StreamSpec.Aggregate("city", Aggregation.LAST, "city"))));
  }

  /** A view of the latest fare and city of each driver. */
  public static FeatureView projections(String name, Duration late) {
    return new FeatureView(
        name,
        List.of("driver"),
        List.of(Field.of("fare", ValueType.DOUBLE), Field.of("city", ValueType.STRING)),
        Duration.ZERO,
        true,
        true,
        "trips",
        "",
        "",
        Map.of(),
        StreamSpec.projections(late));
  }

  /** A repository of {@code views} over the trips topic. */
  public static FeatureRepository repository(FeatureView... views) {
    return FeatureRepository.of(
        List.of(new Entity("driver", List.of(Field.of("driver_id", ValueType.INT64)), "")),
        List.of(
            new DataSource(
                "trips", new DataSource.KafkaSettings("trips", "", ""), "ts", "", "", Map.of())),
        List.of(views),
        List.of());
  }

  /** A trip event as JSON, the time in epoch milliseconds. */
  public static String trip(long driver, long timeMillis, String tripId, double fare, String city) {
    return String.format(
        java.util.Locale.ROOT,
        "{\"driver_id\":%d,\"ts\":%d,\"trip_id\":\"%s\",\"fare\":%s,\"city\":\"%s\"}",
        driver,
        timeMillis,
        tripId,
        Double.toString(fare),
        city);
  }

  private StreamViews() {}
}
