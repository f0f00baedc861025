package dev.featurewatch.store.pipeline.window;

import static dev.featurewatch.store.pipeline.StreamViews.trip;
import static dev.featurewatch.store.pipeline.Trips.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.pipeline.StreamViews;
import dev.featurewatch.store.pipeline.Trips;
import dev.featurewatch.store.pipeline.Trips.Trip;
import dev.featurewatch.store.pipeline.event.EventReader;
import dev.featurewatch.store.pipeline.event.ViewEvent;
import dev.featurewatch.store.row.FeatureRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // the harness's close() declares InterruptedException
class WindowedAggregationTest {

  @Test
  void aTumblingWindowIsOneRowAtItsEndThenAnEmptyOne() throws Exception {
    FeatureView view = StreamViews.windowed("v", minutes(10), minutes(10), Duration.ZERO);
    try (var harness = harness(view)) {
      send(harness, view, trip(1, at(1), "a", 10.0, "Lisbon"));
      send(harness, view, trip(1, at(4), "b", 20.0, "Porto"));
      send(harness, view, trip(2, at(5), "c", 5.0, "Braga"));
      harness.processWatermark(new Watermark(at(10) - 1));

      assertThat(rows(harness))
          .containsExactlyInAnyOrder(
              "v 1 00:10 [2, 15.0, 20.0, Porto]", "v 2 00:10 [1, 5.0, 5.0, Braga]");

      harness.processWatermark(new Watermark(at(30)));

      assertThat(rows(harness))
          .containsExactlyInAnyOrder(
              "v 1 00:10 [2, 15.0, 20.0, Porto]",
              "v 2 00:10 [1, 5.0, 5.0, Braga]",
              "v 1 00:20 [0, null, null, null]",
              "v 2 00:20 [0, null, null, null]");
      assertThat(harness.numKeyedStateEntries()).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void slidingWindowsMatchADirectComputationOverOutOfOrderEvents() throws Exception {
    Duration late = Duration.ofMinutes(3);
    FeatureView view = StreamViews.windowed("v", minutes(30), minutes(10), late);
    List<Trip> events = Trips.random(new Random(20261123), 400, late);
    try (var harness = harness(view)) {
      feed(harness, view, events, late);
      harness.processWatermark(Watermark.MAX_WATERMARK);

      assertThat(harness.getSideOutput(WindowedAggregation.lateEvents("v"))).isNull();
      assertThat(rows(harness))
          .containsExactlyInAnyOrderElementsOf(Trips.windowRows("v", events, 30, 10));
      assertThat(harness.numKeyedStateEntries()).isZero();
    }
  }

  @Test
  void eventsLaterThanEveryWindowGoToTheSideOutputAndNoWindowIsWrittenTwice() throws Exception {
    FeatureView view = StreamViews.windowed("v", minutes(10), minutes(5), Duration.ZERO);
    try (var harness = harness(view)) {
      send(harness, view, trip(1, at(1), "a", 10.0, "Lisbon"));
      harness.processWatermark(new Watermark(at(12)));
      // windows [0,10) written; [5,15) not yet: this one lands in [5,15) only
      send(harness, view, trip(1, at(7), "b", 30.0, "Porto"));
      // every window of 00:02 ([-5,5), [0,10)) is written
      send(harness, view, trip(1, at(2), "c", 99.0, "Faro"));
      harness.processWatermark(Watermark.MAX_WATERMARK);

      assertThat(rows(harness))
          .containsExactly(
              "v 1 00:05 [1, 10.0, 10.0, Lisbon]",
              "v 1 00:10 [1, 10.0, 10.0, Lisbon]",
              "v 1 00:15 [1, 30.0, 30.0, Porto]",
              "v 1 00:20 [0, null, null, null]");
      assertThat(harness.getSideOutput(WindowedAggregation.lateEvents("v")))
          .extracting(r -> r.getValue().timeMicros())
          .containsExactly(at(2) * 1_000);
    }
  }

  @Test
  void aRestoredSnapshotCarriesOnAsIfNothingHappened() throws Exception {
    Duration late = Duration.ofMinutes(2);
    FeatureView view = StreamViews.windowed("v", minutes(20), minutes(5), late);
    List<Trip> events = Trips.random(new Random(7), 200, late);
    List<String> uninterrupted;
    try (var harness = harness(view)) {
      feed(harness, view, events, late);
      harness.processWatermark(Watermark.MAX_WATERMARK);
      uninterrupted = rows(harness);
    }

    List<String> resumed = new ArrayList<>();
    OperatorSubtaskState snapshot;
    long maxTime;
    try (var first = harness(view)) {
      maxTime = feed(first, view, events.subList(0, 120), late);
      snapshot = first.snapshot(1, 1);
      resumed.addAll(rows(first));
    }
    try (var second = unopened(view)) {
      second.initializeState(snapshot);
      second.open();
      long resumedMax = feed(second, view, events.subList(120, events.size()), late);
      assertThat(resumedMax).isGreaterThanOrEqualTo(maxTime);
      second.processWatermark(Watermark.MAX_WATERMARK);
      resumed.addAll(rows(second));
    }

    assertThat(resumed).containsExactlyInAnyOrderElementsOf(uninterrupted);
  }

  @Test
  void aRestoreWithAnotherLatenessIsRefusedSinceTheTimersWereSetForTheOld() throws Exception {
    FeatureView before = StreamViews.windowed("v", minutes(10), minutes(5), Duration.ZERO);
    FeatureView after = StreamViews.windowed("v", minutes(10), minutes(5), minutes(1));
    OperatorSubtaskState snapshot;
    try (var first = harness(before)) {
      send(first, before, trip(1, at(1), "a", 10.0, "Lisbon"));
      snapshot = first.snapshot(1, 1);
    }
    try (var second = unopened(after)) {
      assertThatThrownBy(() -> second.initializeState(snapshot))
          .hasStackTraceContaining(
              "feature view 'v': max_out_of_orderness is PT1M but was PT0S in the checkpoint"
                  + " being restored");
    }
  }

  @Test
  void afterARestoreAWindowWrittenBeforeTheCheckpointIsNotWrittenAgain() throws Exception {
    FeatureView view = StreamViews.windowed("v", minutes(10), minutes(5), Duration.ZERO);
    OperatorSubtaskState snapshot;
    try (var first = harness(view)) {
      send(first, view, trip(1, at(1), "a", 10.0, "Lisbon"));
      send(first, view, trip(1, at(6), "b", 20.0, "Porto"));
      first.processWatermark(new Watermark(at(12)));
      assertThat(rows(first))
          .containsExactly("v 1 00:05 [1, 10.0, 10.0, Lisbon]", "v 1 00:10 [2, 15.0, 20.0, Porto]");
      snapshot = first.snapshot(1, 1);
    }
    try (var second = unopened(view)) {
      second.initializeState(snapshot);
      second.open();
      // replayed from the source after the checkpoint; no watermark has come through yet
      send(second, view, trip(1, at(7), "c", 30.0, "Faro"));
      send(second, view, trip(1, at(2), "d", 40.0, "Braga"));
      second.processWatermark(Watermark.MAX_WATERMARK);

      assertThat(rows(second))
          .containsExactly("v 1 00:15 [2, 25.0, 30.0, Faro]", "v 1 00:20 [0, null, null, null]");
      assertThat(second.getSideOutput(WindowedAggregation.lateEvents("v")))
          .extracting(r -> r.getValue().timeMicros())
          .containsExactly(at(2) * 1_000);
    }
  }

  /**
   * Sends {@code events}, each followed by the source's watermark (the latest event time seen); the
   * view allows its own out-of-orderness {@code late} behind it. Returns the latest event time.
   */
  private static long feed(
      KeyedOneInputStreamOperatorTestHarness<String, ViewEvent, FeatureRow> harness,
      FeatureView view,
      List<Trip> events,
      Duration late)
      throws Exception {
    long maxTime = Long.MIN_VALUE;
    for (Trip e : events) {
      send(harness, view, e.json());
      maxTime = Math.max(maxTime, e.timeMillis());
      harness.processWatermark(new Watermark(maxTime - 1));
    }
    return maxTime;
  }

  static KeyedOneInputStreamOperatorTestHarness<String, ViewEvent, FeatureRow> harness(
      FeatureView view) throws Exception {
    var harness = unopened(view);
    harness.open();
    return harness;
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, ViewEvent, FeatureRow> unopened(
      FeatureView view) throws Exception {
    FeatureRepository repo = StreamViews.repository(view);
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new WindowedAggregation(view, EventReader.of(repo, view))),
        ViewEvent::keyId,
        BasicTypeInfo.STRING_TYPE_INFO);
  }

  /** The rows emitted so far, as {@link Trips#text}. */
  static List<String> rows(
      KeyedOneInputStreamOperatorTestHarness<String, ViewEvent, FeatureRow> harness) {
    return harness.extractOutputValues().stream().map(Trips::text).collect(Collectors.toList());
  }

  static void send(
      KeyedOneInputStreamOperatorTestHarness<String, ViewEvent, FeatureRow> harness,
      FeatureView view,
      String json)
      throws Exception {
    ViewEvent event = EventReader.of(StreamViews.repository(view), view).read(json);
    harness.processElement(new StreamRecord<>(event, event.timeMicros() / 1_000));
  }

  private static Duration minutes(long n) {
    return Duration.ofMinutes(n);
  }
}
