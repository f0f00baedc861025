package dev.featurewatch.store.definition;

import java.io.Serializable;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a stream feature view computes its features from the events of its source (a Kafka topic, or
 * a file for replay): either as projections, the latest value of each event field named like a
 * feature, or as aggregations over an event-time window, each feature one {@link Aggregation} of
 * one event field. {@code RepositoryReader} checks it against the view's schema.
 *
 * @param maxOutOfOrderness how late an event may arrive behind the latest seen and still count: the
 *     watermark trails the latest event time by this much; zero for in-order streams
 * @param window the window's size, null for projections
 * @param slide how often a window starts (the size for tumbling windows), null for projections
 * @param aggregations one per feature, in the schema's order; empty for projections
 */
public record StreamSpec(
    Duration maxOutOfOrderness, Duration window, Duration slide, List<Aggregate> aggregations)
    implements Serializable {

  /**
   * One feature computed as {@code function} of the event field {@code field}.
   *
   * @param feature the feature's name in the view's schema
   * @param function the aggregation
   * @param field the event field aggregated
   */
  public record Aggregate(String feature, Aggregation function, String field)
      implements Serializable {
    public Aggregate {
      Objects.requireNonNull(feature, "feature");
      Objects.requireNonNull(function, "function");
      Objects.requireNonNull(field, "field");
    }
  }

  /**
   * @throws IllegalArgumentException a negative lateness, a window without a slide or aggregations
   *     (or the reverse), a slide longer than the window, or a feature aggregated twice
   */
  public StreamSpec {
    Objects.requireNonNull(maxOutOfOrderness, "maxOutOfOrderness");
    aggregations = List.copyOf(aggregations);
    if (maxOutOfOrderness.isNegative()) {
      throw new IllegalArgumentException(
          "max_out_of_orderness must be zero or positive, found " + maxOutOfOrderness);
    }
    if ((window == null) != (slide == null) || (window == null) != aggregations.isEmpty()) {
      throw new IllegalArgumentException(
          "a window, its slide and aggregations come together; found window "
              + window
              + ", slide "
              + slide
              + " and "
              + aggregations.size()
              + " aggregations");
    }
    if (window != null
        && (window.isNegative()
            || window.isZero()
            || slide.isNegative()
            || slide.isZero()
            || slide.compareTo(window) > 0)) {
      throw new IllegalArgumentException(
          "window and slide must be positive, the slide at most the window, found window "
              + window
              + " and slide "
              + slide);
    }
    Set<String> features = new HashSet<>();
    for (Aggregate aggregate : aggregations) {
      if (!features.add(aggregate.feature())) {
        throw new IllegalArgumentException(
            "feature '" + aggregate.feature() + "' is aggregated twice");
      }
    }
  }

  /** Projections: each feature is the latest value of the event field of its name. */
  public static StreamSpec projections(Duration maxOutOfOrderness) {
    return new StreamSpec(maxOutOfOrderness, null, null, List.of());
  }

  /** Whether the features are windowed aggregations rather than projections. */
  public boolean windowed() {
    return window != null;
  }
}
