package dev.featurewatch.monitoring.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.monitoring.Monitors;
import dev.featurewatch.monitoring.result.FeatureResult;
import dev.featurewatch.monitoring.result.MonitoringResult;
import dev.featurewatch.monitoring.result.MonitoringResult.ClosedBy;
import dev.featurewatch.monitoring.result.MonitoringResult.Status;
import dev.featurewatch.monitoring.window.WindowEvaluator;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.store.definition.ValueType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The window families on Flink's test harness: segments judged together, runs, state. */
@SuppressWarnings("try") // the harness's close() declares InterruptedException
class WindowFamiliesTest {

  private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
  private static final Duration FIVE = Duration.ofMinutes(5);
  // a window's results leave the window operator at its timer's time: its end, less 1 ms, plus 5 s
  private static final long CLOSED = T0.plus(FIVE).toEpochMilli() - 1 + 5_000;
  private static final ModelMonitor MONITOR =
      Monitors.monitor(
          List.of(Field.of("amount", ValueType.DOUBLE), Field.of("country", ValueType.STRING)),
          Monitors.binary(),
          new ModelMonitor.Window(FIVE, 0),
          ModelMonitor.Drift.DEFAULT,
          List.of(new ModelMonitor.Segment("country", List.of("DE", "FR"))));

  static KeyedOneInputStreamOperatorTestHarness<String, MonitoringResult, MonitoringResult> harness(
      List<ModelMonitor> monitors) throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new WindowFamilies(monitors)),
        WindowFamilies::keyOf,
        BasicTypeInfo.STRING_TYPE_INFO);
  }

  static KeyedOneInputStreamOperatorTestHarness<String, MonitoringResult, MonitoringResult> opened(
      List<ModelMonitor> monitors) throws Exception {
    var harness = harness(monitors);
    harness.open();
    return harness;
  }

  /**
   * A calibrated verdict with p-value {@code p}, as its series judged it alone (the only one in its
   * family): drift at α = 1 % when {@code p} is at most that.
   */
  private static FeatureResult amount(double p) {
    String verdict = p <= 0.01 ? FeatureResult.DRIFT : FeatureResult.NO_DRIFT;
    return new FeatureResult(
        "amount",
        "wasserstein",
        0.2,
        0.1,
        verdict,
        "",
        0,
        0,
        0,
        0,
        List.of(),
        0,
        new FeatureResult.Judgement("calibrated", p, p, 0.01, 0.1, verdict));
  }

  private static MonitoringResult result(
      String segment, Instant start, ClosedBy closedBy, FeatureResult amount) {
    FeatureResult country =
        segment.equals("all")
            ? FeatureResult.notCompared("country", "not in the baseline", 0)
            : FeatureResult.notCompared("country", WindowEvaluator.DEFINES_THE_SEGMENT, 0);
    return new MonitoringResult(
        "fraud",
        "fraud",
        "3",
        segment,
        start,
        start.plus(FIVE),
        closedBy,
        1_000,
        "digest",
        Map.of(),
        Map.of(),
        amount.drifted() ? Status.DRIFT : Status.OK,
        List.of(amount, country),
        null,
        null,
        Map.of(),
        List.of());
  }

  @Test
  void aWindowsSegmentsAreJudgedTogetherOnceTheWatermarkPassesAndTheAllSeriesAlone()
      throws Exception {
    try (var families = opened(List.of(MONITOR))) {
      families.processElement(result("country=FR", T0, ClosedBy.TIME, amount(0.5)), CLOSED);
      families.processElement(result("all", T0, ClosedBy.TIME, amount(0.004)), CLOSED);
      families.processElement(result("country=DE", T0, ClosedBy.TIME, amount(0.004)), CLOSED);
      families.processElement(result("country=other", T0, ClosedBy.TIME, amount(0.7)), CLOSED);
      families.processWatermark(CLOSED - 1);
      assertThat(families.extractOutputValues()).isEmpty();

      families.processWatermark(CLOSED);

      List<MonitoringResult> results = families.extractOutputValues();
      assertThat(results)
          .extracting(MonitoringResult::segment)
          .containsExactly("all", "country=DE", "country=FR", "country=other");
      // all: alone, p = 0.004 stays drift
      assertThat(results.get(0).status()).isEqualTo(Status.DRIFT);
      assertThat(results.get(0).features().get(0).judgement().adjustedPValue()).isEqualTo(0.004);
      // segments: Benjamini–Hochberg over 0.004, 0.5, 0.7 gives 0.012, 0.7, 0.7 (by hand:
      // 0.004 * 3 / 1; min(0.5 * 3 / 2, 0.7 * 3 / 3); 0.7 * 3 / 3); 0.012 > 0.01: no drift
      assertThat(results.subList(1, 4))
          .extracting(r -> r.features().get(0).judgement().adjustedPValue())
          .usingElementComparator((a, b) -> Math.abs(a - b) < 1e-12 ? 0 : Double.compare(a, b))
          .containsExactly(0.012, 0.7, 0.7);
      MonitoringResult de = results.get(1);
      assertThat(de.features().get(0).verdict()).isEqualTo(FeatureResult.NO_DRIFT);
      assertThat(de.features().get(0).judgement().rawVerdict()).isEqualTo(FeatureResult.DRIFT);
      assertThat(de.features().get(0).driftedWindows()).isZero();
      assertThat(de.status()).isEqualTo(Status.OK);
    }
  }

  @Test
  void aWindowClosedByItsPredictionCountIsItsOwnFamilyAndGoesAtOnce() throws Exception {
    try (var families = opened(List.of(MONITOR))) {
      families.processElement(result("country=DE", T0, ClosedBy.COUNT, amount(0.004)), 1_000);

      List<MonitoringResult> results = families.extractOutputValues();
      assertThat(results).hasSize(1);
      assertThat(results.get(0).status()).isEqualTo(Status.DRIFT);
      assertThat(results.get(0).features().get(0).driftedWindows()).isEqualTo(1);
    }
  }

  @Test
  void oneTimerThatClosesTwoWindowsGivesTwoFamiliesInTheirOrder() throws Exception {
    try (var families = opened(List.of(MONITOR))) {
      Instant next = T0.plus(FIVE);
      families.processElement(result("country=DE", next, ClosedBy.TIME, amount(0.004)), CLOSED);
      families.processElement(result("country=DE", T0, ClosedBy.TIME, amount(0.004)), CLOSED);
      families.processElement(result("country=FR", T0, ClosedBy.TIME, amount(0.9)), CLOSED);
      families.processWatermark(CLOSED);

      List<MonitoringResult> results = families.extractOutputValues();
      assertThat(results).extracting(MonitoringResult::windowStart).containsExactly(T0, T0, next);
      // the first window's family has two members (0.004 * 2 = 0.008: drift), the second one
      assertThat(results)
          .extracting(r -> r.features().get(0).driftedWindows())
          .containsExactly(1, 0, 2);
    }
  }

  @Test
  void waitingResultsAndRunsSurviveASnapshotAndRestore() throws Exception {
    OperatorSubtaskState snapshot;
    List<MonitoringResult> uninterrupted;
    long second = CLOSED + FIVE.toMillis();
    try (var families = opened(List.of(MONITOR))) {
      families.processElement(result("country=DE", T0, ClosedBy.TIME, amount(0.001)), CLOSED);
      families.processWatermark(CLOSED);
      families.processElement(
          result("country=DE", T0.plus(FIVE), ClosedBy.TIME, amount(0.001)), second);
      snapshot = families.snapshot(1, 1);
      families.processWatermark(second);
      uninterrupted = families.extractOutputValues();
    }
    try (var restored = harness(List.of(MONITOR))) {
      restored.initializeState(snapshot);
      restored.open();
      restored.processWatermark(second);

      assertThat(restored.extractOutputValues()).containsExactly(uninterrupted.get(1));
      assertThat(uninterrupted.get(1).features().get(0).driftedWindows()).isEqualTo(2);
    }
  }
}
