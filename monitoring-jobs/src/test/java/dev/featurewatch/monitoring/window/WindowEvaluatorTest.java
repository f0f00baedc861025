package dev.featurewatch.monitoring.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.featurewatch.drift.baseline.Baseline;
import dev.featurewatch.drift.method.DriftMethod;
import dev.featurewatch.drift.multivariate.ReconstructionDrift;
import dev.featurewatch.drift.performance.EstimatedPerformance;
import dev.featurewatch.drift.performance.PerformanceMetric;
import dev.featurewatch.drift.performance.ProbabilityCalibration;
import dev.featurewatch.drift.profile.MissingCounts;
import dev.featurewatch.drift.report.Baselines;
import dev.featurewatch.drift.report.CategoricalSample;
import dev.featurewatch.drift.report.DriftAnalyzer;
import dev.featurewatch.drift.report.DriftReport;
import dev.featurewatch.drift.report.FeatureDrift;
import dev.featurewatch.drift.report.NumericSample;
import dev.featurewatch.drift.report.Sample;
import dev.featurewatch.monitoring.Monitors;
import dev.featurewatch.monitoring.event.PredictionRecord;
import dev.featurewatch.monitoring.result.FeatureResult;
import dev.featurewatch.monitoring.result.MonitoringResult;
import dev.featurewatch.monitoring.result.MonitoringResult.ClosedBy;
import dev.featurewatch.monitoring.result.MonitoringResult.Status;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.store.definition.ModelMonitor.PredictionKind;
import dev.featurewatch.store.definition.ValueType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WindowEvaluatorTest {

  private static final Series SERIES = new Series("fraud", "3", Series.ALL);
  private static final Instant START = Instant.parse("2026-11-01T08:00:00Z");
  private static final Instant END = START.plus(Duration.ofMinutes(5));
  private static final List<String> COUNTRIES = List.of("DE", "FR", "IT", "ES");

  private static final List<Field> FEATURES =
      List.of(Field.of("amount", ValueType.DOUBLE), Field.of("country", ValueType.STRING));

  /** Rows of (amount, country, score): amount ~ N(shift, 1), countries by weights. */
  private record Data(double[] amount, String[] country, double[] score) {

    static Data generate(int n, double shift, double[] countryWeights, long seed) {
      SplittableRandom random = new SplittableRandom(seed);
      double[] amount = new double[n];
      String[] country = new String[n];
      double[] score = new double[n];
      for (int i = 0; i < n; i++) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        amount[i] = shift + Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
        double w = random.nextDouble();
        int c = 0;
        while (w > countryWeights[c] && c < countryWeights.length - 1) {
          w -= countryWeights[c];
          c++;
        }
        country[i] = COUNTRIES.get(c);
        score[i] = 1 / (1 + Math.exp(-amount[i]));
      }
      return new Data(amount, country, score);
    }

    List<Sample> samples() {
      Map<String, Long> counts = new HashMap<>();
      for (String c : country) {
        counts.merge(c, 1L, Long::sum);
      }
      return List.of(
          new NumericSample("amount", amount.clone(), MissingCounts.NONE, 0),
          new CategoricalSample("country", counts, 0));
    }

    /** The rows whose country is one of {@code countries}. */
    Data of(List<String> countries) {
      int[] rows =
          IntStream.range(0, amount.length).filter(i -> countries.contains(country[i])).toArray();
      double[] a = new double[rows.length];
      String[] c = new String[rows.length];
      double[] sc = new double[rows.length];
      for (int i = 0; i < rows.length; i++) {
        a[i] = amount[rows[i]];
        c[i] = country[rows[i]];
        sc[i] = score[rows[i]];
      }
      return new Data(a, c, sc);
    }

    List<PredictionRecord> records() {
      List<PredictionRecord> records = new ArrayList<>();
      for (int i = 0; i < amount.length; i++) {
        records.add(
            new PredictionRecord(
                "p" + i,
                "fraud",
                "3",
                START.toEpochMilli() * 1000 + i,
                Arrays.asList(amount[i], country[i]),
                List.of(),
                score[i]));
      }
      return records;
    }
  }

  private static final double[] USUAL = {0.4, 0.3, 0.2, 0.1};

  private static Baseline baseline(Data training) {
    // the model is calibrated: a prediction scored s defaults with probability s
    SplittableRandom outcomes = new SplittableRandom(99);
    double[] labels = new double[training.score.length];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = outcomes.nextDouble() < training.score[i] ? 1 : 0;
    }
    return Baselines.fromSamples(training.samples(), training.amount.length, 10, "train", START)
        .toBuilder()
        .prediction(
            Baselines.profile(
                new NumericSample("score", training.score.clone(), MissingCounts.NONE, 0), 10))
        .calibration(ProbabilityCalibration.isotonic(training.score, labels, labels.length))
        .build();
  }

  private static WindowProfile window(ModelMonitor monitor, Baseline baseline, Data live) {
    WindowProfile window = WindowProfile.alignedTo(monitor, baseline, "sha256:abc");
    live.records().forEach(window::add);
    return window;
  }

  private static MonitoringResult evaluate(
      ModelMonitor monitor, WindowProfile window, Baseline baseline) {
    return new WindowEvaluator(monitor)
        .evaluate(SERIES, window, baseline, "", START, END, ClosedBy.TIME);
  }

  @Test
  void aWindowGetsTheScoresOfItsValuesAgainstTheBaselineFeatureByFeature() {
    // PSI and chi-square are exact on counts: the same as drift-stats on the raw values
    ModelMonitor monitor =
        Monitors.monitor(
            FEATURES,
            Monitors.binary(),
            new ModelMonitor.Window(Duration.ofMinutes(5), 0),
            new ModelMonitor.Drift(
                "auto",
                null,
                Map.of(
                    "amount", new ModelMonitor.Drift("psi", 0.1, Map.of()),
                    "country", new ModelMonitor.Drift("chisquare", null, Map.of()))),
            List.of());
    Data training = Data.generate(20_000, 0, USUAL, 1);
    Data live = Data.generate(5_000, 0.5, new double[] {0.25, 0.25, 0.25, 0.25}, 2);
    Baseline baseline = baseline(training);

    MonitoringResult result = evaluate(monitor, window(monitor, baseline, live), baseline);

    DriftReport psi =
        DriftAnalyzer.builder().method(DriftMethod.PSI).build().compare(baseline, live.samples());
    DriftReport chi =
        DriftAnalyzer.builder()
            .method(DriftMethod.CHI_SQUARE)
            .build()
            .compare(baseline, live.samples());
    FeatureResult amount = result.features().get(0);
    FeatureResult country = result.features().get(1);
    FeatureDrift expectedAmount = psi.features().get(0);
    FeatureDrift expectedCountry = chi.features().get(1);
    assertThat(amount.method()).isEqualTo("psi");
    assertThat(amount.score()).isCloseTo(expectedAmount.score().score(), within(1e-12));
    assertThat(amount.outOfRangeShare()).isEqualTo(expectedAmount.outOfRangeShare());
    assertThat(country.method()).isEqualTo("chisquare");
    assertThat(country.score()).isCloseTo(expectedCountry.score().score(), within(1e-12));
    assertThat(result.driftedFeatures()).containsExactly("amount", "country");
    assertThat(result.status()).isEqualTo(Status.DRIFT);
    assertThat(result.predictions()).isEqualTo(5_000);
    assertThat(result.baseline()).isEqualTo("sha256:abc");
    // the scores moved with the amounts: the prediction drifted too, by the automatic method
    assertThat(result.prediction().feature()).isEqualTo("score");
    assertThat(result.prediction().method()).isEqualTo("wasserstein");
    assertThat(result.prediction().drifted()).isTrue();
  }

  @Test
  void aWindowOfOnePredictionIsTooSmallToJudgeAnything() {
    ModelMonitor monitor = Monitors.monitor(FEATURES);
    Baseline baseline = baseline(Data.generate(20_000, 0, USUAL, 11));

    MonitoringResult result =
        evaluate(monitor, window(monitor, baseline, Data.generate(1, 3.0, USUAL, 12)), baseline);

    assertThat(result.status()).isEqualTo(Status.INSUFFICIENT_DATA);
    assertThat(result.driftedFeatures()).isEmpty();
    assertThat(result.features())
        .extracting(FeatureResult::verdict)
        .containsOnly(FeatureResult.INSUFFICIENT_DATA);
    assertThat(result.features().get(0).reason())
        .isEqualTo(
            "1 values in the window, fewer than the 20 that wasserstein needs for a verdict");
    assertThat(result.prediction().judged()).isFalse();
  }

  @Test
  void stationaryWindowsOf200PredictionsSayDriftAtMostAtAlpha() {
    // the measurement: with fixed thresholds 21-36 % of such windows were flagged per
    // feature; calibrated and controlled together, a window says drift at most at alpha = 1 %
    ModelMonitor monitor = Monitors.monitor(FEATURES);
    Baseline baseline = baseline(Data.generate(20_000, 0, USUAL, 13));
    WindowEvaluator evaluator = new WindowEvaluator(monitor);
    int windows = 500;
    int drifted = 0;
    int rawFeatureDrifts = 0;
    for (int w = 0; w < windows; w++) {
      MonitoringResult result =
          evaluator.evaluate(
              SERIES,
              window(monitor, baseline, Data.generate(200, 0, USUAL, 100 + w)),
              baseline,
              "",
              START,
              END,
              ClosedBy.TIME);
      drifted += result.status() == Status.DRIFT ? 1 : 0;
      rawFeatureDrifts +=
          (int)
              result.features().stream()
                  .filter(f -> f.judgement().rawVerdict().equals(FeatureResult.DRIFT))
                  .count();
      assertThat(result.features())
          .allSatisfy(f -> assertThat(f.judgement().thresholdSource()).isEqualTo("calibrated"));
    }
    // binomial(500, 0.01) exceeds 12 with probability below 1/1,000
    assertThat(drifted).isLessThanOrEqualTo(12);
    assertThat(rawFeatureDrifts).isLessThanOrEqualTo(2 * 12);
  }

  @Test
  void stationarySegmentsJudgedTogetherSayDriftInAtMostAlphaOfWindows() {
    // three segments of 900 predictions: each segment's amount and prediction are like the
    // baseline's, its country is the segment's own and is not compared
    ModelMonitor monitor =
        Monitors.monitor(
            FEATURES,
            Monitors.binary(),
            new ModelMonitor.Window(Duration.ofMinutes(5), 0),
            ModelMonitor.Drift.DEFAULT,
            List.of(new ModelMonitor.Segment("country", List.of("DE", "FR"))));
    Baseline baseline = baseline(Data.generate(20_000, 0, USUAL, 14));
    WindowEvaluator evaluator = new WindowEvaluator(monitor);
    Map<String, List<String>> segments =
        Map.of(
            "country=DE", List.of("DE"),
            "country=FR", List.of("FR"),
            "country=other", List.of("IT", "ES"));
    int windows = 400;
    int drifted = 0;
    for (int w = 0; w < windows; w++) {
      Data live = Data.generate(900, 0, USUAL, 1_000 + w);
      List<MonitoringResult> family = new ArrayList<>();
      for (Map.Entry<String, List<String>> segment : segments.entrySet()) {
        Data part = live.of(segment.getValue());
        family.add(
            evaluator.evaluate(
                new Series("fraud", "3", segment.getKey()),
                window(monitor, baseline, part),
                baseline,
                "",
                START,
                END,
                ClosedBy.TIME));
      }
      List<MonitoringResult> judged = WindowFamily.judge(family, 0.01);
      drifted += judged.stream().anyMatch(r -> r.status() == Status.DRIFT) ? 1 : 0;
      assertThat(judged).allSatisfy(r -> assertThat(r.status()).isNotEqualTo(Status.WARNING));
      assertThat(judged)
          .allSatisfy(
              r ->
                  assertThat(r.features().get(1).reason())
                      .isEqualTo(WindowEvaluator.DEFINES_THE_SEGMENT));
    }
    // binomial(400, 0.01) exceeds 10 with probability 0.0027 (scipy.stats.binom.sf(10, 400, 0.01))
    assertThat(drifted).isLessThanOrEqualTo(10);
  }

  @Test
  void alphaComesFromTheToleratedFalseAlertInterval() {
    ModelMonitor monitor =
        Monitors.monitor(
            FEATURES,
            Monitors.binary(),
            new ModelMonitor.Window(Duration.ofMinutes(5), 0),
            new ModelMonitor.Drift("auto", null, Map.of(), null, Duration.ofDays(30), null, null),
            List.of());

    double alpha = WindowEvaluator.alpha(monitor);

    // two features, 5-minute windows, three drifted windows in a row: once in 30 days
    assertThat(
            dev.featurewatch.drift.calibration.Calibration.averageWindowsBetweenFalseAlerts(
                alpha, 2, 3))
        .isCloseTo(30 * 24 * 12, within(1.0));
    assertThat(WindowEvaluator.alpha(Monitors.monitor(FEATURES))).isEqualTo(0.01);
  }

  @Test
  void binaryPredictionsGetTheirPerformanceEstimatedBeforeTheirLabels() {
    ModelMonitor monitor = Monitors.monitor(FEATURES);
    Data training = Data.generate(20_000, 0, USUAL, 21);
    Baseline baseline = baseline(training);
    Data live = Data.generate(2_000, 0.5, USUAL, 22);

    MonitoringResult result = evaluate(monitor, window(monitor, baseline, live), baseline);

    // drift-stats' CBPE on the same scores, with the baseline's calibration
    EstimatedPerformance expected =
        new EstimatedPerformance(
            baseline.calibration().orElseThrow(), 0.5, WindowProfile.ESTIMATE_BUCKETS);
    for (double s : live.score) {
      expected.add(s);
    }
    assertThat(result.estimatedPerformance()).isEqualTo(expected.estimate());
    assertThat(result.estimatedPerformance().get(PerformanceMetric.ROC_AUC)).isBetween(0.6, 0.8);
    // without a calibration in the baseline, none
    Baseline uncalibrated =
        Baselines.fromSamples(training.samples(), training.amount.length, 10, "train", START);
    assertThat(
            evaluate(monitor, window(monitor, uncalibrated, live), uncalibrated)
                .estimatedPerformance())
        .isEmpty();
  }

  @Test
  void aFlippedCorrelationIsMultivariateDriftWhileNoFeatureDrifts() throws IOException {
    List<Field> pair = List.of(Field.of("x", ValueType.DOUBLE), Field.of("y", ValueType.DOUBLE));
    ModelMonitor monitor = Monitors.monitor(pair);
    double[][] training = pairs(20_000, 0.8, 31);
    Baseline baseline =
        Baselines.fromSamples(samples(training), training.length, 10, "train", START).toBuilder()
            .multivariate(ReconstructionDrift.fit(List.of("x", "y"), training))
            .build();

    MonitoringResult same =
        evaluate(monitor, pairWindow(monitor, baseline, pairs(2000, 0.8, 32)), baseline);
    WindowProfile flippedWindow = pairWindow(monitor, baseline, pairs(2000, -0.8, 33));
    MonitoringResult flipped = evaluate(monitor, flippedWindow, baseline);

    assertThat(same.multivariate().drifted()).isFalse();
    assertThat(same.status()).isEqualTo(Status.OK);
    assertThat(flipped.multivariate().method()).isEqualTo("pca_reconstruction");
    assertThat(flipped.multivariate().drifted()).isTrue();
    assertThat(flipped.multivariate().score()).isGreaterThan(flipped.multivariate().threshold());
    assertThat(flipped.driftedFeatures()).isEmpty();
    assertThat(flipped.status()).isEqualTo(Status.DRIFT);
    // the window's state keeps the model and the errors
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    flippedWindow.writeTo(new DataOutputStream(bytes));
    WindowProfile restored =
        WindowProfile.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertThat(evaluate(monitor, restored, baseline)).isEqualTo(flipped);
  }

  @Test
  void aMultivariateModelOfFeaturesTheMonitorDoesNotWatchIsNotJudged() {
    List<Field> pair = List.of(Field.of("x", ValueType.DOUBLE), Field.of("y", ValueType.DOUBLE));
    double[][] training = pairs(5_000, 0.8, 34);
    Baseline baseline =
        Baselines.fromSamples(samples(training), training.length, 10, "train", START).toBuilder()
            .multivariate(ReconstructionDrift.fit(List.of("x", "y"), training))
            .build();
    ModelMonitor onlyX = Monitors.monitor(List.of(pair.get(0)));
    WindowProfile window = WindowProfile.alignedTo(onlyX, baseline, "sha256:abc");
    double[][] live = pairs(500, 0.8, 35);
    for (int i = 0; i < live.length; i++) {
      window.add(
          new PredictionRecord(
              "p" + i, "fraud", "3", 0, Arrays.asList(live[i][0]), List.of(), 0.5));
    }

    MonitoringResult result = evaluate(onlyX, window, baseline);

    assertThat(result.multivariate()).isNull();
    assertThat(result.problems())
        .contains(
            "multivariate: the baseline's model needs the features [y], which the monitor does"
                + " not watch as the model has them (numbers or categories): not judged");
  }

  @Test
  void aCategoricalFeatureInTheMultivariateModelIsJudgedWithTheNumbers() {
    // x and a category tied to it: "often" when x > -0.25 (60 %), else "seldom"; reversing the
    // tie keeps both distributions but moves the rows off the training's principal subspace
    ModelMonitor monitor =
        Monitors.monitor(List.of(Field.of("x", ValueType.DOUBLE), Field.of("k", ValueType.STRING)));
    Object[][] training = tied(10_000, 1, 41);
    Map<String, Long> kinds = new HashMap<>();
    for (Object[] row : training) {
      kinds.merge((String) row[1], 1L, Long::sum);
    }
    Baseline baseline =
        Baselines.fromSamples(
                List.of(
                    new NumericSample(
                        "x",
                        Arrays.stream(training).mapToDouble(r -> (Double) r[0]).toArray(),
                        MissingCounts.NONE,
                        0),
                    new CategoricalSample("k", kinds, 0)),
                training.length,
                10,
                "train",
                START)
            .toBuilder()
            .multivariate(ReconstructionDrift.fit(List.of("x", "k"), Set.of("k"), training))
            .build();

    MonitoringResult unchanged =
        evaluate(monitor, tiedWindow(monitor, baseline, tied(1_000, 1, 42)), baseline);
    MonitoringResult reversed =
        evaluate(monitor, tiedWindow(monitor, baseline, tied(1_000, -1, 43)), baseline);

    assertThat(unchanged.multivariate().verdict()).isEqualTo("no_drift");
    assertThat(reversed.multivariate().verdict()).isEqualTo(FeatureResult.DRIFT);
    assertThat(reversed.features()).noneMatch(FeatureResult::drifted);
  }

  /** Rows (x, k): x standard normal, k "often" when sign * x > -0.25, else "seldom". */
  private static Object[][] tied(int n, int sign, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Object[][] rows = new Object[n][];
    for (int i = 0; i < n; i++) {
      double x = random.nextGaussian();
      rows[i] = new Object[] {x, sign * x > -0.25 ? "often" : "seldom"};
    }
    return rows;
  }

  private static WindowProfile tiedWindow(
      ModelMonitor monitor, Baseline baseline, Object[][] rows) {
    WindowProfile window = WindowProfile.alignedTo(monitor, baseline, "sha256:abc");
    for (int i = 0; i < rows.length; i++) {
      window.add(
          new PredictionRecord("p" + i, "fraud", "3", 0, Arrays.asList(rows[i]), List.of(), 0.5));
    }
    return window;
  }

  @Test
  void aWindowOfTheSecondStateLayoutStillReads() throws IOException {
    ModelMonitor monitor = Monitors.monitor(FEATURES);
    Baseline baseline = baseline(Data.generate(5_000, 0, USUAL, 36));
    WindowProfile window = window(monitor, baseline, Data.generate(300, 0, USUAL, 37));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    window.writeTo(new DataOutputStream(bytes));
    byte[] v3 = bytes.toByteArray();
    // version 2: marker -2, and no multivariate flag at the end
    byte[] v2 = Arrays.copyOf(v3, v3.length - 1);
    v2[3] = (byte) 0xFE; // -3 is 0xFFFFFFFD, -2 is 0xFFFFFFFE

    WindowProfile restored =
        WindowProfile.readFrom(new DataInputStream(new ByteArrayInputStream(v2)));

    assertThat(evaluate(monitor, restored, baseline))
        .isEqualTo(evaluate(monitor, window, baseline));
    assertThat(evaluate(monitor, restored, baseline).estimatedPerformance()).isNotEmpty();
  }

  /** Rows of (x, y), standard normal with correlation {@code rho}. */
  private static double[][] pairs(int n, double rho, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] rows = new double[n][];
    for (int i = 0; i < n; i++) {
      double a = random.nextGaussian();
      double b = random.nextGaussian();
      rows[i] = new double[] {a, rho * a + Math.sqrt(1 - rho * rho) * b};
    }
    return rows;
  }

  private static List<Sample> samples(double[][] rows) {
    return List.of(
        new NumericSample(
            "x", Arrays.stream(rows).mapToDouble(r -> r[0]).toArray(), MissingCounts.NONE, 0),
        new NumericSample(
            "y", Arrays.stream(rows).mapToDouble(r -> r[1]).toArray(), MissingCounts.NONE, 0));
  }

  private static WindowProfile pairWindow(
      ModelMonitor monitor, Baseline baseline, double[][] rows) {
    WindowProfile window = WindowProfile.alignedTo(monitor, baseline, "sha256:abc");
    for (int i = 0; i < rows.length; i++) {
      window.add(
          new PredictionRecord(
              "p" + i, "fraud", "3", 0, Arrays.asList(rows[i][0], rows[i][1]), List.of(), 0.5));
    }
    return window;
  }

  @Test
  void aWindowWrittenByTheFirstStateLayoutStillReads() throws IOException {
    ModelMonitor monitor = Monitors.monitor(FEATURES);
    Baseline uncalibrated =
        Baselines.fromSamples(
            Data.generate(5_000, 0, USUAL, 23).samples(), 5_000, 10, "train", START);
    WindowProfile window = window(monitor, uncalibrated, Data.generate(300, 0, USUAL, 24));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    window.writeTo(new DataOutputStream(bytes));
    byte[] v2 = bytes.toByteArray();
    // version 1: without the leading version marker and the trailing "no estimate" and "no
    // multivariate model" flags
    byte[] v1 = Arrays.copyOfRange(v2, 4, v2.length - 2);

    WindowProfile restored =
        WindowProfile.readFrom(new DataInputStream(new ByteArrayInputStream(v1)));

    assertThat(evaluate(monitor, restored, uncalibrated))
        .isEqualTo(evaluate(monitor, window, uncalibrated));
  }

  @Test
  void aWindowLikeTheTrainingDataIsOk() {
    ModelMonitor monitor = Monitors.monitor(FEATURES);
    Data training = Data.generate(20_000, 0, USUAL, 3);
    Baseline baseline = baseline(training);

    MonitoringResult result =
        evaluate(monitor, window(monitor, baseline, Data.generate(5_000, 0, USUAL, 4)), baseline);

    assertThat(result.status()).isEqualTo(Status.OK);
    assertThat(result.driftedFeatures()).isEmpty();
    assertThat(result.features())
        .extracting(FeatureResult::method)
        .containsExactly("wasserstein", "jensenshannon");
    assertThat(result.problems()).isEmpty();
  }

  @Test
  void missingAndUnexpectedFeaturesAndFeaturesTheBaselineLacksAreWarnings() {
    List<Field> features =
        List.of(
            Field.of("amount", ValueType.DOUBLE),
            Field.of("country", ValueType.INT64), // categorical in the baseline
            Field.of("age", ValueType.INT64)); // not in the baseline
    ModelMonitor monitor = Monitors.monitor(features);
    Baseline baseline = baseline(Data.generate(2_000, 0, USUAL, 5));
    WindowProfile window = WindowProfile.alignedTo(monitor, baseline, "sha256:abc");
    Data live = Data.generate(4_000, 0, USUAL, 9);
    for (int i = 0; i < 4_000; i++) {
      window.add(
          new PredictionRecord(
              "p" + i,
              "fraud",
              "3",
              0,
              Arrays.asList(i % 4 == 0 ? null : live.amount[i], null, 40L),
              i % 2 == 0 ? List.of("device") : List.of(),
              live.score[i]));
    }

    MonitoringResult result = evaluate(monitor, window, baseline);

    assertThat(result.driftedFeatures()).isEmpty();
    assertThat(result.status()).isEqualTo(Status.WARNING);
    assertThat(result.features().get(0).missingShare()).isEqualTo(0.25);
    assertThat(result.features().get(1).reason())
        .isEqualTo("categorical in the baseline, but the monitor declares it int64");
    assertThat(result.features().get(1).missingShare()).isEqualTo(1.0);
    assertThat(result.features().get(2).reason()).isEqualTo("not in the baseline");
    assertThat(result.features().get(2).verdict()).isEqualTo(FeatureResult.INSUFFICIENT_DATA);
    assertThat(result.unexpectedFeatures()).containsExactly(Map.entry("device", 2_000L));
    assertThat(result.problems())
        .containsExactly(
            "feature 'country': categorical in the baseline, but the monitor declares it int64",
            "feature 'age': not in the baseline");
  }

  @Test
  void classProbabilitiesAreProfiledAsTheMostLikelyClass() {
    ModelMonitor monitor =
        Monitors.monitor(
            List.of(Field.of("amount", ValueType.DOUBLE)),
            new ModelMonitor.Prediction(
                PredictionKind.CLASS_PROBABILITIES, List.of("a", "b", "c"), 0),
            new ModelMonitor.Window(Duration.ofMinutes(5), 0),
            ModelMonitor.Drift.DEFAULT,
            List.of());
    Baseline baseline =
        Baseline.builder()
            .createdAt(START)
            .rowCount(4)
            .feature(
                Baselines.profile(
                    new NumericSample("amount", new double[] {1, 2, 3, 4}, MissingCounts.NONE, 0),
                    2))
            .prediction(
                Baselines.profile(
                    new CategoricalSample("class", Map.of("a", 2L, "b", 1L, "c", 1L), 0), 10))
            .build();
    WindowProfile window = WindowProfile.alignedTo(monitor, baseline, "sha256:abc");
    List<Map<String, Double>> predictions =
        List.of(
            Map.of("a", 0.2, "b", 0.7, "c", 0.1),
            Map.of("a", 0.5, "b", 0.5, "c", 0.0), // a tie: the smaller name
            Map.of("a", 0.1, "b", 0.1, "c", 0.8));
    for (Map<String, Double> p : predictions) {
      window.add(new PredictionRecord("p", "fraud", "3", 0, Arrays.asList(1.0), List.of(), p));
    }

    assertThat(
            ((dev.featurewatch.drift.profile.CategoricalProfile) window.prediction().orElseThrow())
                .categories())
        .containsEntry("a", 1L)
        .containsEntry("b", 1L)
        .containsEntry("c", 1L);
  }

  @Test
  void withoutABaselineAWindowOnlyCounts() {
    ModelMonitor monitor = Monitors.monitor(FEATURES);
    WindowProfile window = WindowProfile.countingOnly(monitor);
    Data.generate(10, 0, USUAL, 6).records().forEach(window::add);

    MonitoringResult result = evaluate(monitor, window, null);

    assertThat(result.status()).isEqualTo(Status.NO_BASELINE);
    assertThat(result.predictions()).isEqualTo(10);
    assertThat(result.baseline()).isEmpty();
    assertThat(result.features()).allMatch(f -> f.reason().equals("no baseline"));
  }

  @Test
  void aWindowReadBackFromItsStateGivesTheSameResult() throws IOException {
    ModelMonitor monitor = Monitors.monitor(FEATURES);
    Baseline baseline = baseline(Data.generate(5_000, 0, USUAL, 7));
    WindowProfile window = window(monitor, baseline, Data.generate(3_000, 0.3, USUAL, 8));
    window.add(
        new PredictionRecord(
            "x", "fraud", "3", 5, Arrays.asList(null, null), List.of("device"), 0.5));

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    window.writeTo(new DataOutputStream(bytes));
    WindowProfile restored =
        WindowProfile.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

    assertThat(evaluate(monitor, restored, baseline))
        .isEqualTo(evaluate(monitor, window, baseline));
    assertThat(restored.firstMicros()).isEqualTo(window.firstMicros());

    // a value longer than DataOutput.writeUTF takes (64 KiB) is kept too
    WindowProfile longValues = WindowProfile.alignedTo(monitor, baseline, "sha256:abc");
    String longCategory = "x".repeat(70_000);
    longValues.add(
        new PredictionRecord(
            "y", "fraud", "3", 5, Arrays.asList(0.0, longCategory), List.of(longCategory), 0.5));
    ByteArrayOutputStream longBytes = new ByteArrayOutputStream();
    longValues.writeTo(new DataOutputStream(longBytes));
    WindowProfile longRestored =
        WindowProfile.readFrom(
            new DataInputStream(new ByteArrayInputStream(longBytes.toByteArray())));
    assertThat(longRestored.unexpectedFeatures()).containsKey(longCategory);
    assertThat(restored.lastMicros()).isEqualTo(window.lastMicros());
  }
}
