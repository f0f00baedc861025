package dev.featurewatch.monitoring.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.drift.baseline.Baseline;
import dev.featurewatch.drift.baseline.BaselineFile;
import dev.featurewatch.drift.profile.MissingCounts;
import dev.featurewatch.drift.report.Baselines;
import dev.featurewatch.drift.report.CategoricalSample;
import dev.featurewatch.drift.report.NumericSample;
import dev.featurewatch.modelregistry.ModelRegistry;
import dev.featurewatch.monitoring.Monitors;
import dev.featurewatch.monitoring.baseline.BaselineUpdate;
import dev.featurewatch.monitoring.event.PredictionRecord;
import dev.featurewatch.monitoring.metrics.MonitorMetrics;
import dev.featurewatch.monitoring.result.FeatureResult;
import dev.featurewatch.monitoring.result.MonitoringResult;
import dev.featurewatch.monitoring.result.MonitoringResult.ClosedBy;
import dev.featurewatch.monitoring.result.MonitoringResult.Status;
import dev.featurewatch.monitoring.window.Series;
import dev.featurewatch.monitoring.window.SeriesPrediction;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.streaming.metrics.JobMetrics;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The window operator on Flink's test harness: windows, baselines, lateness, state. */
@SuppressWarnings("try") // the two-input harness's close() declares InterruptedException
class MonitorWindowsTest {

  private static final long T0 = Instant.parse("2026-11-01T08:00:00Z").toEpochMilli();
  private static final long MINUTE = 60_000;
  private static final Duration LATENESS = Duration.ofSeconds(5);
  private static final List<Field> FEATURES =
      List.of(Field.of("amount", ValueType.DOUBLE), Field.of("country", ValueType.STRING));

  private static ModelMonitor monitor(Duration size, long predictions) {
    return Monitors.monitor(
        FEATURES,
        Monitors.binary(),
        new ModelMonitor.Window(size, predictions),
        ModelMonitor.Drift.DEFAULT,
        List.of());
  }

  private static final ModelMonitor FIVE_MINUTES = monitor(Duration.ofMinutes(5), 0);

  private static byte[] baseline(double shift, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] amounts = new double[5_000];
    for (int i = 0; i < amounts.length; i++) {
      amounts[i] = shift + random.nextGaussian();
    }
    Baseline baseline =
        Baselines.fromSamples(
            List.of(
                new NumericSample("amount", amounts, MissingCounts.NONE, 0),
                new CategoricalSample("country", Map.of("DE", 3_000L, "FR", 2_000L), 0)),
            amounts.length,
            10,
            "test",
            Instant.EPOCH);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      BaselineFile.write(baseline, out);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  private static final byte[] TRAINING = baseline(0, 1);

  private static BaselineUpdate update(String version, byte[] baseline) {
    return new BaselineUpdate(
        "fraud", version, ModelRegistry.baselineDigest(baseline), baseline, "", true);
  }

  private static KeyedBroadcastOperatorTestHarness<
          String, SeriesPrediction, BaselineUpdate, MonitoringResult>
      harness(ModelMonitor monitor) throws Exception {
    KeyedBroadcastOperatorTestHarness<String, SeriesPrediction, BaselineUpdate, MonitoringResult>
        harness =
            new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(
                    new MonitorWindows(List.of(monitor), LATENESS),
                    List.of(MonitorWindows.ACTIVE, MonitorWindows.BASELINES)),
                SeriesPrediction::series,
                BasicTypeInfo.STRING_TYPE_INFO,
                1,
                1,
                0);
    return harness;
  }

  private static KeyedBroadcastOperatorTestHarness<
          String, SeriesPrediction, BaselineUpdate, MonitoringResult>
      opened(ModelMonitor monitor) throws Exception {
    var harness = harness(monitor);
    harness.open();
    return harness;
  }

  /** {@code n} predictions of version 3, amounts ~ N(shift, 1), from {@code startMillis} on. */
  private static void send(
      KeyedBroadcastOperatorTestHarness<String, SeriesPrediction, BaselineUpdate, MonitoringResult>
          harness,
      String version,
      int n,
      double shift,
      long startMillis,
      long seed)
      throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    String series = new Series("fraud", version, Series.ALL).key();
    for (int i = 0; i < n; i++) {
      long millis = startMillis + i;
      PredictionRecord record =
          new PredictionRecord(
              "p" + seed + "-" + i,
              "fraud",
              version,
              millis * 1_000,
              Arrays.asList(shift + random.nextGaussian(), random.nextDouble() < 0.6 ? "DE" : "FR"),
              List.of(),
              0.5);
      harness.processElement(new StreamRecord<>(new SeriesPrediction(series, record), millis));
    }
  }

  @Test
  void eachTumblingWindowIsComparedWithTheBaselineWhenTheWatermarkPassesItsEndAndLateness()
      throws Exception {
    try (var harness = opened(FIVE_MINUTES)) {
      harness.processBroadcastElement(update("3", TRAINING), 0);
      harness.processBroadcastWatermark(Long.MAX_VALUE);
      send(harness, "3", 2_000, 0, T0, 2); // [08:00, 08:05): like the training data
      send(harness, "3", 2_000, 1, T0 + 5 * MINUTE, 3); // [08:05, 08:10): shifted
      // a window [start, end) closes when the watermark reaches end - 1 ms, here plus the lateness
      harness.processWatermark(T0 + 5 * MINUTE + 4_998);
      assertThat(harness.extractOutputValues()).isEmpty();

      harness.processWatermark(T0 + 10 * MINUTE + 5_000);

      List<MonitoringResult> results = harness.extractOutputValues();
      assertThat(results).hasSize(2);
      MonitoringResult first = results.get(0);
      assertThat(first.windowStart()).isEqualTo(Instant.ofEpochMilli(T0));
      assertThat(first.windowEnd()).isEqualTo(Instant.ofEpochMilli(T0 + 5 * MINUTE));
      assertThat(first.closedBy()).isEqualTo(ClosedBy.TIME);
      assertThat(first.predictions()).isEqualTo(2_000);
      assertThat(first.baseline()).isEqualTo(ModelRegistry.baselineDigest(TRAINING));
      assertThat(first.status()).isEqualTo(Status.OK);
      MonitoringResult second = results.get(1);
      assertThat(second.status()).isEqualTo(Status.DRIFT);
      assertThat(second.driftedFeatures()).containsExactly("amount");
    }
  }

  @Test
  void predictionsBeforeTheFirstBaselineWaitForIt() throws Exception {
    try (var harness = opened(FIVE_MINUTES)) {
      send(harness, "3", 1_000, 1, T0, 4);
      harness.processWatermark(T0 + 10 * MINUTE); // the baseline side holds the watermark back
      assertThat(harness.extractOutputValues()).isEmpty();

      harness.processBroadcastElement(update("3", TRAINING), 0);
      harness.processBroadcastWatermark(Long.MAX_VALUE);

      List<MonitoringResult> results = harness.extractOutputValues();
      assertThat(results).hasSize(1);
      assertThat(results.get(0).predictions()).isEqualTo(1_000);
      assertThat(results.get(0).driftedFeatures()).containsExactly("amount");
    }
  }

  @Test
  void aWindowAlsoClosesAtItsPredictionCount() throws Exception {
    try (var harness = opened(monitor(Duration.ofMinutes(5), 300))) {
      harness.processBroadcastElement(update("3", TRAINING), 0);
      harness.processBroadcastWatermark(Long.MAX_VALUE);
      send(harness, "3", 700, 0, T0, 5);

      List<MonitoringResult> byCount = harness.extractOutputValues();
      assertThat(byCount).hasSize(2);
      assertThat(byCount).allMatch(r -> r.closedBy() == ClosedBy.COUNT && r.predictions() == 300);
      assertThat(byCount.get(0).windowStart()).isEqualTo(Instant.ofEpochMilli(T0));
      assertThat(byCount.get(0).windowEnd())
          .isEqualTo(Instant.ofEpochMilli(T0 + 299).plusNanos(1_000));

      harness.processWatermark(T0 + 5 * MINUTE + 5_000);
      List<MonitoringResult> all = harness.extractOutputValues();
      assertThat(all).hasSize(3);
      assertThat(all.get(2).closedBy()).isEqualTo(ClosedBy.TIME);
      assertThat(all.get(2).predictions()).isEqualTo(100);
    }
  }

  @Test
  void windowsWithoutATimeLimitCloseAtTheEndOfTheInput() throws Exception {
    try (var harness = opened(monitor(Duration.ZERO, 1_000))) {
      harness.processBroadcastElement(update("3", TRAINING), 0);
      harness.processBroadcastWatermark(Long.MAX_VALUE);
      send(harness, "3", 1_500, 0, T0, 6);
      harness.processWatermark(T0 + 60 * MINUTE);
      assertThat(harness.extractOutputValues()).hasSize(1);

      harness.processWatermark(Long.MAX_VALUE);

      List<MonitoringResult> results = harness.extractOutputValues();
      assertThat(results).hasSize(2);
      assertThat(results.get(1).closedBy()).isEqualTo(ClosedBy.END_OF_INPUT);
      assertThat(results.get(1).predictions()).isEqualTo(500);
    }
  }

  @Test
  void aPredictionAfterItsWindowClosedIsLateAndOthersOfTheSameWindowToo() throws Exception {
    try (var harness = opened(FIVE_MINUTES)) {
      harness.processBroadcastElement(update("3", TRAINING), 0);
      harness.processBroadcastWatermark(Long.MAX_VALUE);
      send(harness, "3", 10, 0, T0, 7);
      harness.processWatermark(T0 + 5 * MINUTE + 5_000);
      send(harness, "3", 2, 0, T0 + 100, 8);

      assertThat(harness.getSideOutput(MonitorWindows.LATE)).hasSize(2);
      assertThat(harness.extractOutputValues()).hasSize(1);
    }
  }

  @Test
  void predictionsOfAVersionTheMonitorDoesNotWatchAreSkipped() throws Exception {
    try (var harness = opened(FIVE_MINUTES)) {
      harness.processBroadcastElement(update("3", TRAINING), 0);
      harness.processBroadcastWatermark(Long.MAX_VALUE);
      send(harness, "4", 100, 0, T0, 9);
      harness.processWatermark(Long.MAX_VALUE);

      assertThat(harness.extractOutputValues()).isEmpty();
    }
  }

  @Test
  void aNewBaselineAppliesFromTheNextWindowAndAnAliasMoveToTheNewVersion() throws Exception {
    byte[] retrained = baseline(1, 10);
    try (var harness = opened(FIVE_MINUTES)) {
      harness.processBroadcastElement(update("3", TRAINING), 0);
      harness.processBroadcastWatermark(Long.MAX_VALUE);
      send(harness, "3", 1_000, 1, T0, 11); // open on the training baseline
      harness.processBroadcastElement(update("3", retrained), 0);
      send(harness, "3", 1_000, 1, T0 + MINUTE, 12); // same window: still the old baseline
      send(harness, "3", 1_000, 1, T0 + 5 * MINUTE, 13); // next window: the new one
      harness.processBroadcastElement(update("4", retrained), 0); // the alias moved to 4
      send(harness, "3", 100, 1, T0 + 10 * MINUTE, 14);
      send(harness, "4", 1_000, 1, T0 + 10 * MINUTE, 15);
      harness.processWatermark(Long.MAX_VALUE);

      List<MonitoringResult> results = harness.extractOutputValues();
      assertThat(results)
          .extracting(MonitoringResult::modelVersion, MonitoringResult::predictions)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("3", 2_000L),
              org.assertj.core.groups.Tuple.tuple("3", 1_000L),
              org.assertj.core.groups.Tuple.tuple("4", 1_000L));
      assertThat(results.get(0).baseline()).isEqualTo(ModelRegistry.baselineDigest(TRAINING));
      assertThat(results.get(0).status()).isEqualTo(Status.DRIFT);
      assertThat(results.get(1).baseline()).isEqualTo(ModelRegistry.baselineDigest(retrained));
      assertThat(results.get(1).status()).isEqualTo(Status.OK);
    }
  }

  @Test
  void whenTheAliasMovesTheOldVersionsGaugesGo() throws Exception {
    MonitorMetrics metrics = JobMetrics.shared(MonitorMetrics.class, MonitorMetrics::new);
    try (var harness = opened(FIVE_MINUTES)) {
      harness.processBroadcastElement(update("31", TRAINING), 0);
      harness.processBroadcastWatermark(Long.MAX_VALUE);
      send(harness, "31", 1_000, 1, T0, 20);
      harness.processWatermark(T0 + 5 * MINUTE + 5_000);
      harness.extractOutputValues().forEach(metrics::window);
      String gauge =
          "featurewatch_feature_drifted{feature=\"amount\",model=\"fraud\",model_version=\"31\"";
      assertThat(jobMetrics()).contains(gauge);

      harness.processBroadcastElement(update("32", TRAINING), 0);

      assertThat(jobMetrics()).doesNotContain(gauge);
    }
  }

  @Test
  void withoutABaselineWindowsCountAndSayWhy() throws Exception {
    try (var harness = opened(FIVE_MINUTES)) {
      harness.processBroadcastElement(
          new BaselineUpdate("fraud", "3", "", null, "version 3 has no baseline", true), 0);
      harness.processBroadcastWatermark(Long.MAX_VALUE);
      send(harness, "3", 10, 0, T0, 16);
      harness.processWatermark(Long.MAX_VALUE);

      MonitoringResult result = harness.extractOutputValues().get(0);
      assertThat(result.status()).isEqualTo(Status.NO_BASELINE);
      assertThat(result.predictions()).isEqualTo(10);
      assertThat(result.problems()).containsExactly("version 3 has no baseline");
    }
  }

  @Test
  void openWindowsAndTheWatermarkSurviveASnapshotAndRestore() throws Exception {
    OperatorSubtaskState snapshot;
    List<MonitoringResult> uninterrupted;
    try (var harness = opened(FIVE_MINUTES)) {
      harness.processBroadcastElement(update("3", TRAINING), 0);
      harness.processBroadcastWatermark(Long.MAX_VALUE);
      send(harness, "3", 1_000, 0.5, T0, 17);
      harness.processWatermark(T0 + 5 * MINUTE + 5_000); // the first window closes
      send(harness, "3", 1_000, 0.5, T0 + 5 * MINUTE, 18);
      snapshot = harness.snapshot(1, 1);
      harness.processWatermark(Long.MAX_VALUE);
      uninterrupted = harness.extractOutputValues();
    }
    try (var restored = harness(FIVE_MINUTES)) {
      restored.initializeState(snapshot);
      restored.open();
      restored.processBroadcastWatermark(Long.MAX_VALUE); // the baseline source, ready again
      send(restored, "3", 5, 0.5, T0 + 100, 19); // replayed from the first window: late
      restored.processWatermark(Long.MAX_VALUE);

      assertThat(restored.extractOutputValues()).containsExactly(uninterrupted.get(1));
      assertThat(restored.getSideOutput(MonitorWindows.LATE)).hasSize(5);
    }
  }

  @Test
  void eachFeaturesRunOfDriftedWindowsGrowsAndEndsWithAWindowWithoutDrift() throws Exception {
    try (var harness = opened(FIVE_MINUTES);
        var families = WindowFamiliesTest.opened(List.of(FIVE_MINUTES))) {
      harness.processBroadcastElement(update("3", TRAINING), 0);
      harness.processBroadcastWatermark(Long.MAX_VALUE);
      send(harness, "3", 2_000, 1, T0, 31);
      send(harness, "3", 2_000, 1, T0 + 5 * MINUTE, 32);
      send(harness, "3", 2_000, 0, T0 + 10 * MINUTE, 33);
      harness.processWatermark(Long.MAX_VALUE);
      // the job's next step, with the records and the watermark as they leave this one
      for (Object out : harness.getOutput()) {
        if (out instanceof StreamRecord<?> record) {
          families.processElement((MonitoringResult) record.getValue(), record.getTimestamp());
        }
      }
      families.processWatermark(Long.MAX_VALUE);

      List<MonitoringResult> results = families.extractOutputValues();
      assertThat(results)
          .extracting(r -> feature(r, "amount").driftedWindows())
          .containsExactly(1, 2, 0);
      assertThat(results)
          .extracting(r -> feature(r, "country").driftedWindows())
          .containsExactly(0, 0, 0);
    }
  }

  /** The jobs' metrics of this JVM, as their endpoint writes them. */
  private static String jobMetrics() {
    return PrometheusTextFormatWriter.create().toDebugString(JobMetrics.registry().scrape());
  }

  private static FeatureResult feature(MonitoringResult result, String name) {
    return result.features().stream()
        .filter(f -> f.feature().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
