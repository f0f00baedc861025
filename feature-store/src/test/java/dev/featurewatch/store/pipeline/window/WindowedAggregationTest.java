package dev.featurewatch.store.pipeline.window;

import static dev.featurewatch.store.pipeline.StreamViews.trip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.pipeline.StreamViews;
import dev.featurewatch.store.pipeline.event.EventReader;
import dev.featurewatch.store.pipeline.event.ViewEvent;
import dev.featurewatch.store.row.FeatureRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class WindowedAggregationTest {

  private static final long MINUTE = 60_000;
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

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
    List<Event> events = randomEvents(new Random(20261123), 400, late);
    try (var harness = harness(view)) {
      feed(harness, view, events, late);
      harness.processWatermark(Watermark.MAX_WATERMARK);

      assertThat(harness.getSideOutput(WindowedAggregation.lateEvents("v"))).isNull();
      assertThat(rows(harness)).containsExactlyInAnyOrderElementsOf(expectedRows(events, 30, 10));
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
    List<Event> events = randomEvents(new Random(7), 200, late);
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

  /** The rows a window of {@code size} every {@code slide} minutes must give, computed directly. */
  private static List<String> expectedRows(List<Event> events, long size, long slide) {
    List<String> rows = new ArrayList<>();
    TreeMap<Long, List<Event>> byDriver = new TreeMap<>();
    events.forEach(e -> byDriver.computeIfAbsent(e.driver, d -> new ArrayList<>()).add(e));
    byDriver.forEach(
        (driver, own) -> {
          long first = own.stream().mapToLong(e -> e.timeMillis).min().orElseThrow();
          long last = own.stream().mapToLong(e -> e.timeMillis).max().orElseThrow();
          long slideMillis = slide * MINUTE;
          long sizeMillis = size * MINUTE;
          long end = Math.floorDiv(first, slideMillis) * slideMillis;
          for (; end <= last + sizeMillis + slideMillis; end += slideMillis) {
            long from = end - sizeMillis;
            long to = end;
            List<Event> in = new ArrayList<>();
            List<Event> before = new ArrayList<>();
            for (Event e : own) {
              if (e.timeMillis >= from && e.timeMillis < to) {
                in.add(e);
              }
              if (e.timeMillis >= from - slideMillis && e.timeMillis < to - slideMillis) {
                before.add(e);
              }
            }
            if (in.isEmpty() && before.isEmpty()) {
              continue;
            }
            rows.add(row(driver, end, in));
          }
        });
    return rows;
  }

  private static String row(long driver, long endMillis, List<Event> in) {
    if (in.isEmpty()) {
      return "v " + driver + " " + clock(endMillis) + " [0, null, null, null]";
    }
    double sum = 0;
    double max = Double.NEGATIVE_INFINITY;
    Event latest = in.get(0);
    for (Event e : in) {
      sum += e.fare;
      max = Math.max(max, e.fare);
      // the latest time wins; among equal times, the one that arrived last
      if (e.timeMillis >= latest.timeMillis) {
        latest = e;
      }
    }
    return "v "
        + driver
        + " "
        + clock(endMillis)
        + " ["
        + in.size()
        + ", "
        + round(sum / in.size())
        + ", "
        + round(max)
        + ", "
        + latest.city
        + "]";
  }

  /** Events over four hours for five drivers, in an order at most {@code late} out of order. */
  private static List<Event> randomEvents(Random random, int n, Duration late) {
    List<Event> events = new ArrayList<>();
    String[] cities = {"Lisbon", "Porto", "Braga", "Faro"};
    for (int i = 0; i < n; i++) {
      long time = T0.toEpochMilli() + (long) (random.nextDouble() * 4 * 60 * MINUTE);
      // whole seconds: equal times happen, and LAST must then take the one that came last
      time -= time % 1_000;
      events.add(
          new Event(
              1 + random.nextInt(5),
              time,
              "t" + i,
              Math.round(random.nextDouble() * 5_000) / 100.0,
              cities[random.nextInt(cities.length)]));
    }
    // deliver by time plus a delay below the allowed lateness
    List<long[]> keys = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      keys.add(
          new long[] {
            events.get(i).timeMillis + (long) (random.nextDouble() * late.toMillis()), i
          });
    }
    keys.sort((a, b) -> Long.compare(a[0], b[0]));
    List<Event> delivered = new ArrayList<>();
    keys.forEach(k -> delivered.add(events.get((int) k[1])));
    return Collections.unmodifiableList(delivered);
  }

  /**
   * Sends {@code events} with the watermarks Flink's bounded out-of-orderness strategy emits after
   * each; returns the latest event time.
   */
  private static long feed(
      KeyedOneInputStreamOperatorTestHarness<String, ViewEvent, FeatureRow> harness,
      FeatureView view,
      List<Event> events,
      Duration late)
      throws Exception {
    long maxTime = Long.MIN_VALUE;
    for (Event e : events) {
      send(harness, view, e.json());
      maxTime = Math.max(maxTime, e.timeMillis);
      harness.processWatermark(new Watermark(maxTime - late.toMillis() - 1));
    }
    return maxTime;
  }

  private record Event(long driver, long timeMillis, String tripId, double fare, String city) {
    String json() {
      return trip(driver, timeMillis, tripId, fare, city);
    }
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

  static void send(
      KeyedOneInputStreamOperatorTestHarness<String, ViewEvent, FeatureRow> harness,
      FeatureView view,
      String json)
      throws Exception {
    ViewEvent event = EventReader.of(StreamViews.repository(view), view).read(json);
    harness.processElement(new StreamRecord<>(event, event.timeMicros() / 1_000));
  }

  /** The rows emitted so far as "view driver hh:mm [values]", doubles rounded to 9 digits. */
  static List<String> rows(
      KeyedOneInputStreamOperatorTestHarness<String, ViewEvent, FeatureRow> harness) {
    return harness.extractOutputValues().stream()
        .map(
            r ->
                r.view()
                    + " "
                    + r.key().values().get(0)
                    + " "
                    + clock(r.eventTime().toEpochMilli())
                    + " "
                    + r.values().stream()
                        .map(v -> v instanceof Double d ? round(d) : String.valueOf(v))
                        .collect(Collectors.joining(", ", "[", "]")))
        .collect(Collectors.toList());
  }

  private static String round(double d) {
    return String.format(Locale.ROOT, "%.9f", d).replaceAll("0+$", "").replaceAll("\\.$", ".0");
  }

  /** Minutes since T0 as hh:mm, days included as more hours. */
  private static String clock(long millis) {
    long minutes = (millis - T0.toEpochMilli()) / MINUTE;
    return String.format(
        Locale.ROOT, "%02d:%02d", Math.floorDiv(minutes, 60), Math.floorMod(minutes, 60));
  }

  private static long at(long minutes) {
    return T0.toEpochMilli() + minutes * MINUTE;
  }

  private static Duration minutes(long n) {
    return Duration.ofMinutes(n);
  }
}
