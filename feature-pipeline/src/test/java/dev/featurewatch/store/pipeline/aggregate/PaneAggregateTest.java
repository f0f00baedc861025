package dev.featurewatch.store.pipeline.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.featurewatch.store.definition.Aggregation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PaneAggregateTest {

  private static final Set<Aggregation> ALL = EnumSet.allOf(Aggregation.class);

  /** An event: a value and its event time (microseconds). */
  record Event(double value, long time) {}

  @Provide
  Arbitrary<List<Event>> events() {
    Arbitrary<Double> values =
        Arbitraries.oneOf(
            Arbitraries.doubles().between(-1e3, 1e3).ofScale(2),
            // a large offset with a small spread: where a naive sum of squares cancels
            Arbitraries.doubles().between(1e9, 1e9 + 10).ofScale(3),
            Arbitraries.of(0.0, 1.0, 2.0, 3.0));
    Arbitrary<Event> event =
        Combinators.combine(values, Arbitraries.longs().between(0, 1_000_000)).as(Event::new);
    return event.list().ofMinSize(1).ofMaxSize(400);
  }

  /**
   * A window's aggregates, whatever its events' split into panes and the panes' merge order, equal
   * a direct computation over the events (two-pass variance, exact distinct count within the
   * sketch's error).
   */
  @Property(tries = 300, seed = "20261123")
  void mergedPanesAgreeWithADirectComputation(
      @ForAll("events") List<Event> events,
      @ForAll @IntRange(min = 1, max = 12) int panes,
      @ForAll long seed) {
    Random random = new Random(seed);
    List<PaneAggregate> split = new ArrayList<>();
    for (int p = 0; p < panes; p++) {
      split.add(PaneAggregate.of(ALL));
    }
    for (Event event : events) {
      split.get(random.nextInt(panes)).add(event.value(), event.time());
    }
    Collections.shuffle(split, random);
    PaneAggregate window = PaneAggregate.of(ALL);
    split.forEach(window::merge);

    int n = events.size();
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    long latest = Long.MIN_VALUE;
    Set<Double> distinct = new HashSet<>();
    for (Event event : events) {
      sum += event.value();
      min = Math.min(min, event.value());
      max = Math.max(max, event.value());
      latest = Math.max(latest, event.time());
      distinct.add(event.value());
    }
    double mean = sum / n;
    double squares = 0;
    for (Event event : events) {
      squares += (event.value() - mean) * (event.value() - mean);
    }
    double tolerance = 1e-9 * Math.max(1, Math.abs(max));

    assertThat(window.result(Aggregation.COUNT)).isEqualTo((long) n);
    assertThat((double) window.result(Aggregation.SUM)).isCloseTo(sum, within(tolerance * n));
    assertThat((double) window.result(Aggregation.MEAN)).isCloseTo(mean, within(tolerance));
    assertThat(window.result(Aggregation.MIN)).isEqualTo(min);
    assertThat(window.result(Aggregation.MAX)).isEqualTo(max);
    if (n < 2) {
      assertThat(window.result(Aggregation.STDDEV)).isNull();
    } else {
      assertThat((double) window.result(Aggregation.STDDEV))
          .isCloseTo(Math.sqrt(squares / (n - 1)), within(1e-6 * Math.max(1, max - min)));
    }
    long last = latest;
    assertThat(window.result(Aggregation.LAST))
        .as("a value of the latest event time")
        .isIn(events.stream().filter(e -> e.time() == last).map(Event::value).toArray());
    long estimate = (long) window.result(Aggregation.APPROX_COUNT_DISTINCT);
    assertThat((double) estimate)
        .isCloseTo(distinct.size(), within(Math.max(1.0, 0.05 * distinct.size())));
  }

  @Test
  void standardDeviationOfAPublishedExampleHoldsAtALargeOffset() {
    // Welford's example (Wikipedia, "Algorithms for calculating variance"): 4, 7, 13, 16 have a
    // sample variance of 30, and so have 1e9 + each, where the naive sum of squares loses it
    for (double offset : new double[] {0, 1e9}) {
      PaneAggregate pane = PaneAggregate.of(Set.of(Aggregation.STDDEV));
      PaneAggregate other = PaneAggregate.of(Set.of(Aggregation.STDDEV));
      pane.add(offset + 4, 1);
      pane.add(offset + 7, 2);
      other.add(offset + 13, 3);
      other.add(offset + 16, 4);
      pane.merge(other);

      assertThat((double) pane.result(Aggregation.STDDEV)).isCloseTo(Math.sqrt(30), within(1e-9));
    }
  }

  @Test
  void largeDistinctCountsStayWithinTheSketchError() {
    PaneAggregate left = PaneAggregate.of(Set.of(Aggregation.APPROX_COUNT_DISTINCT));
    PaneAggregate right = PaneAggregate.of(Set.of(Aggregation.APPROX_COUNT_DISTINCT));
    for (long i = 0; i < 60_000; i++) {
      left.add("user-" + i, i);
      right.add("user-" + (i + 40_000), i); // 20,000 shared with the left pane
    }
    left.merge(right);

    // 100,000 distinct; 3 standard errors of 1.6%
    assertThat((double) (long) left.result(Aggregation.APPROX_COUNT_DISTINCT))
        .isCloseTo(100_000, within(4_800.0));
  }

  @Test
  void nullsAreSkippedAndAnEmptyWindowHasNoValues() {
    PaneAggregate pane = PaneAggregate.of(ALL);
    pane.add(null, 5);

    assertThat(pane.result(Aggregation.COUNT)).isEqualTo(0L);
    assertThat(pane.result(Aggregation.APPROX_COUNT_DISTINCT)).isEqualTo(0L);
    for (Aggregation aggregation :
        EnumSet.of(
            Aggregation.SUM,
            Aggregation.MEAN,
            Aggregation.MIN,
            Aggregation.MAX,
            Aggregation.STDDEV,
            Aggregation.LAST)) {
      assertThat(pane.result(aggregation)).as(aggregation.id()).isNull();
    }

    pane.add(2L, 7);
    pane.add(null, 9);
    assertThat(pane.result(Aggregation.COUNT)).isEqualTo(1L);
    assertThat(pane.result(Aggregation.LAST)).isEqualTo(2L);
    assertThat(pane.result(Aggregation.STDDEV)).as("one value").isNull();
  }

  @Test
  void lastIsTheValueOfTheLatestEventTimeWhateverTheArrivalOrder() {
    PaneAggregate pane = PaneAggregate.of(Set.of(Aggregation.LAST, Aggregation.COUNT));
    pane.add("b", 20);
    pane.add("a", 10); // late: does not replace the later event's value
    PaneAggregate earlier = PaneAggregate.of(Set.of(Aggregation.LAST, Aggregation.COUNT));
    earlier.add("c", 15);
    pane.merge(earlier);

    assertThat(pane.result(Aggregation.LAST)).isEqualTo("b");
    assertThat(pane.result(Aggregation.COUNT)).isEqualTo(3L);
  }

  @Test
  void mistakesNameWhatWasAskedAndFound() {
    PaneAggregate mean = PaneAggregate.of(Set.of(Aggregation.MEAN));

    assertThatThrownBy(() -> mean.add("12", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("aggregations [MEAN] need an int64 or double value, found String 12");
    assertThatThrownBy(() -> mean.result(Aggregation.MAX))
        .hasMessage("this pane aggregates [MEAN], not MAX");
    assertThatThrownBy(() -> mean.merge(PaneAggregate.of(Set.of(Aggregation.MAX))))
        .hasMessage("cannot merge a pane of [MAX] into one of [MEAN]");
    assertThatThrownBy(() -> PaneAggregate.of(Set.of()))
        .hasMessage("a pane needs at least one aggregation");
  }
}
