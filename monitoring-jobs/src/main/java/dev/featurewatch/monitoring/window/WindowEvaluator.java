package dev.featurewatch.monitoring.window;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.drift.baseline.Baseline;
import dev.featurewatch.drift.calibration.Calibration;
import dev.featurewatch.drift.calibration.FalseDiscovery;
import dev.featurewatch.drift.method.DriftMethod;
import dev.featurewatch.drift.method.DriftScore;
import dev.featurewatch.drift.multivariate.ReconstructionDrift;
import dev.featurewatch.drift.profile.FeatureProfile;
import dev.featurewatch.drift.report.DriftAnalyzer;
import dev.featurewatch.drift.report.FeatureDrift;
import dev.featurewatch.monitoring.result.FeatureResult;
import dev.featurewatch.monitoring.result.MonitoringResult;
import dev.featurewatch.monitoring.result.MonitoringResult.ClosedBy;
import dev.featurewatch.monitoring.result.MonitoringResult.Status;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ModelMonitor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Compares a closed window with its baseline, as one monitor's settings say: each watched feature
 * by its drift method (automatic unless set), the prediction by the monitor's own, and the data
 * quality. Gives the window's {@link MonitoringResult}.
 *
 * <p>Verdicts are calibrated (drift-stats' {@code NullModel}): a feature drifts when its score's
 * p-value at the baseline's and the window's size is below the monitor's α ({@code drift.alpha}, or
 * derived from {@code drift.false_alert_every}, else {@value Calibration#DEFAULT_ALPHA}), and a
 * window with fewer of its values than the method's minimum is {@code insufficient_data}. A
 * configured {@code threshold} fixes a feature's threshold instead, and its estimated false-alarm
 * rate at the window's size is reported. The features, the prediction and the multivariate verdict
 * of one window are one family: Benjamini–Hochberg at α decides which of them drifted, so that a
 * window's {@code drift} status false-alarms at most at α however many features the monitor
 * watches; each one's own verdict at α is kept as its raw verdict. (A window's segments are then
 * judged together, as one family: {@link WindowFamily}.) In a segment's series the feature that
 * defines the segment is not compared: its values there are the segment's, not a sample of the
 * baseline's.
 *
 * <p>The status: {@code no_baseline} without a baseline; {@code drift} when a feature or the
 * prediction drifted; {@code warning} when none did but the data changed: a feature's missing share
 * rose by more than {@value #MISSING_SHARE_TOLERANCE} over the baseline's, events carry features
 * the monitor does not watch, or a watched feature could not be compared (absent from the baseline,
 * or of another type there); {@code insufficient_data} when nothing else is to be said and no
 * feature nor the prediction had enough values for a verdict; else {@code ok}.
 */
@Internal
public final class WindowEvaluator {

  /** The name of the multivariate result. */
  public static final String MULTIVARIATE = "multivariate";

  /** How far a feature's missing share may rise above the baseline's before it is a warning. */
  public static final double MISSING_SHARE_TOLERANCE = 0.1;

  /** Why a segment's own feature is not compared in the segment's series. */
  public static final String DEFINES_THE_SEGMENT = "defines the segment";

  private final ModelMonitor monitor;
  private final double alpha;
  // kept for the monitor's life: each analyzer caches the null distributions of its baselines
  private final List<DriftAnalyzer> analyzers;
  private final DriftAnalyzer predictionAnalyzer;

  public WindowEvaluator(ModelMonitor monitor) {
    this.monitor = monitor;
    this.alpha = alpha(monitor);
    this.analyzers = new ArrayList<>();
    for (Field feature : monitor.features()) {
      analyzers.add(analyzer(monitor.drift().of(feature.name()), alpha));
    }
    this.predictionAnalyzer = analyzer(monitor.drift().of(""), alpha);
  }

  /**
   * The monitor's α: {@code drift.alpha}; else the one whose false drift alerts come once per
   * {@code drift.false_alert_every} on average (FeatureDriftSustained, every watched feature
   * alarming independently: see {@link Calibration#alphaFor}); else the default.
   */
  public static double alpha(ModelMonitor monitor) {
    ModelMonitor.Drift drift = monitor.drift();
    if (drift.alpha() != null) {
      return drift.alpha();
    }
    if (drift.falseAlertEvery() != null) {
      return Calibration.alphaFor(
          drift.falseAlertEvery(),
          monitor.window().size(),
          Math.max(1, monitor.features().size()),
          Calibration.SUSTAINED_WINDOWS);
    }
    return Calibration.DEFAULT_ALPHA;
  }

  private static DriftAnalyzer analyzer(ModelMonitor.Drift settings, double alpha) {
    DriftAnalyzer.Builder builder = DriftAnalyzer.builder().alpha(alpha);
    if (!ModelMonitor.Drift.AUTO.equals(settings.method())) {
      builder.method(DriftMethod.fromId(settings.method()));
      if (settings.threshold() != null) {
        builder.threshold(settings.threshold());
      }
      if (settings.floor() != null) {
        builder.floor(settings.floor());
      }
    }
    if (settings.minSamples() != null) {
      builder.minSamples(settings.minSamples());
    }
    return builder.build();
  }

  /**
   * The result of a closed window.
   *
   * @param baseline the baseline the window was aligned to; null for a window without one
   * @param baselineProblem why there is no baseline, for the result's problems; empty if none
   * @param start the window's start
   * @param end the window's end, exclusive
   */
  public MonitoringResult evaluate(
      Series series,
      WindowProfile window,
      Baseline baseline,
      String baselineProblem,
      Instant start,
      Instant end,
      ClosedBy closedBy) {
    List<String> problems = new ArrayList<>();
    if (!baselineProblem.isEmpty()) {
      problems.add(baselineProblem);
    }
    List<Comparison> compared = new ArrayList<>();
    List<Field> watched = monitor.features();
    for (int i = 0; i < watched.size(); i++) {
      Field feature = watched.get(i);
      double missingShare =
          window.predictions() == 0 ? 0 : (double) window.nulls(i) / window.predictions();
      Optional<FeatureProfile> reference =
          baseline == null ? Optional.empty() : baseline.feature(feature.name());
      Optional<FeatureProfile> live = window.feature(i);
      String notCompared = null;
      if (series.segmentFeature().filter(feature.name()::equals).isPresent()) {
        // its values in the segment are the segment's, not a sample of the baseline's: comparing
        // them would say drift in every window
        notCompared = DEFINES_THE_SEGMENT;
      } else if (baseline == null) {
        notCompared = "no baseline";
      } else if (reference.isEmpty()) {
        notCompared = "not in the baseline";
      } else if (live.isEmpty()) {
        notCompared =
            typeName(reference.get())
                + " in the baseline, but the monitor declares it "
                + feature.type().id();
      }
      Comparison result =
          notCompared == null
              ? compare(analyzers.get(i), reference.get(), live.get(), problems)
              : new Comparison(
                  null, FeatureResult.notCompared(feature.name(), notCompared, missingShare));
      if (notCompared != null && baseline != null && !DEFINES_THE_SEGMENT.equals(notCompared)) {
        problems.add("feature '" + feature.name() + "': " + notCompared);
      }
      compared.add(result);
    }
    if (baseline != null && baseline.prediction().isPresent()) {
      FeatureProfile reference = baseline.prediction().get();
      Optional<FeatureProfile> live = window.prediction();
      if (live.isPresent()) {
        compared.add(compare(predictionAnalyzer, reference, live.get(), problems));
      } else {
        String reason =
            typeName(reference)
                + " in the baseline, but the monitor's predictions are "
                + monitor.prediction().kind().id();
        problems.add("prediction: " + reason);
        compared.add(new Comparison(null, FeatureResult.notCompared(reference.name(), reason, 0)));
      }
    }
    if (baseline != null && baseline.multivariate().isPresent()) {
      List<String> unwatched = WindowProfile.unwatchedOf(monitor, baseline.multivariate().get());
      if (!unwatched.isEmpty()) {
        problems.add(
            "multivariate: the baseline's model needs the features "
                + unwatched
                + ", which the monitor does not watch as the model has them (numbers or"
                + " categories): not judged");
      }
    }
    // a window whose baseline is gone (replaced while it was open) is judged on nothing
    ReconstructionDrift.Judgement together =
        window
            .multivariate()
            .filter(m -> baseline != null)
            .map(
                m ->
                    m.drift()
                        .judge(
                            m.meanError(),
                            m.rows(),
                            alpha,
                            monitor.drift().minSamples() != null
                                ? monitor.drift().minSamples()
                                : ReconstructionDrift.DEFAULT_MIN_ROWS))
            .orElse(null);
    List<FeatureResult> judged = judge(compared, together);
    List<FeatureResult> features = judged.subList(0, watched.size());
    FeatureResult prediction = compared.size() > watched.size() ? judged.get(watched.size()) : null;
    FeatureResult multivariate = together == null ? null : judged.get(judged.size() - 1);
    Map<String, Long> unexpected = new LinkedHashMap<>(window.unexpectedFeatures());
    if (window.unexpectedOther() > 0) {
      problems.add(
          window.unexpectedOther()
              + " more occurrences of unexpected features than the "
              + unexpected.size()
              + " listed");
    }
    return new MonitoringResult(
        series.monitor(),
        monitor.model(),
        series.modelVersion(),
        series.segment(),
        start,
        end,
        closedBy,
        window.predictions(),
        window.baselineDigest(),
        baseline == null ? Map.of() : baseline.performance(),
        baseline == null ? Map.of() : window.estimatedPerformance(),
        status(baseline != null, features, prediction, multivariate, unexpected, problems),
        features,
        prediction,
        multivariate,
        unexpected,
        problems);
  }

  /** A feature's (or the prediction's) comparison: its drift, or its result when not compared. */
  private record Comparison(FeatureDrift drift, FeatureResult notCompared) {}

  private static Comparison compare(
      DriftAnalyzer analyzer,
      FeatureProfile reference,
      FeatureProfile live,
      List<String> problems) {
    try {
      return new Comparison(analyzer.compare(reference, live), null);
    } catch (IllegalArgumentException e) {
      // the z-test on a numeric feature with many values, say: that feature, not the window
      problems.add("feature '" + reference.name() + "': " + e.getMessage());
      return new Comparison(
          null, FeatureResult.notCompared(reference.name(), e.getMessage(), live.missingShare()));
    }
  }

  /**
   * The window's verdicts: Benjamini–Hochberg at α over its calibrated features, its prediction and
   * the multivariate verdict, which is last when there is one.
   */
  private List<FeatureResult> judge(
      List<Comparison> compared, ReconstructionDrift.Judgement multivariate) {
    double[] p = new double[compared.size() + 1];
    for (int i = 0; i < compared.size(); i++) {
      FeatureDrift drift = compared.get(i).drift();
      p[i] = drift == null ? Double.NaN : DriftAnalyzer.familyPValue(drift.score());
    }
    p[compared.size()] = multivariate == null ? Double.NaN : multivariate.pValue();
    double[] adjusted = FalseDiscovery.adjust(p);
    List<FeatureResult> results = new ArrayList<>();
    for (int i = 0; i < compared.size(); i++) {
      Comparison c = compared.get(i);
      if (c.drift() == null) {
        results.add(c.notCompared());
      } else {
        DriftScore s = c.drift().score();
        results.add(result(c.drift(), Double.isNaN(p[i]) ? s : s.adjusted(adjusted[i], alpha)));
      }
    }
    if (multivariate != null) {
      results.add(multivariate(multivariate, adjusted[compared.size()]));
    }
    return results;
  }

  /** The multivariate verdict as a result: its score is the window's mean reconstruction error. */
  private FeatureResult multivariate(ReconstructionDrift.Judgement judged, double adjusted) {
    boolean insufficient = judged.verdict() == DriftScore.Verdict.INSUFFICIENT_DATA;
    DriftScore.Verdict verdict =
        judged.verdict() == DriftScore.Verdict.DRIFT && !(adjusted <= alpha)
            ? DriftScore.Verdict.NO_DRIFT
            : judged.verdict();
    return new FeatureResult(
        MULTIVARIATE,
        ReconstructionDrift.METHOD,
        judged.meanError(),
        judged.threshold(),
        id(verdict),
        judged.reason(),
        0,
        0,
        0,
        0,
        List.of(),
        0,
        insufficient
            ? FeatureResult.Judgement.NONE
            : new FeatureResult.Judgement(
                DriftScore.ThresholdSource.CALIBRATED.id(),
                judged.pValue(),
                adjusted,
                alpha,
                judged.threshold(),
                id(judged.verdict())));
  }

  private static FeatureResult result(FeatureDrift drift, DriftScore score) {
    return new FeatureResult(
        drift.feature(),
        drift.method().id(),
        score.score(),
        score.threshold(),
        id(score.verdict()),
        score.reason(),
        drift.current().missingShare(),
        drift.reference().missingShare(),
        drift.outOfRangeShare(),
        drift.unseenCount(),
        drift.unseenCategories(),
        0,
        new FeatureResult.Judgement(
            score.verdict() == DriftScore.Verdict.INSUFFICIENT_DATA
                ? ""
                : score.thresholdSource().id(),
            score.pValue(),
            score.adjustedPValue(),
            score.falseAlarmRate(),
            score.nullQuantile(),
            score.verdict() == DriftScore.Verdict.INSUFFICIENT_DATA ? "" : id(score.rawVerdict())));
  }

  private static String id(DriftScore.Verdict verdict) {
    return verdict.name().toLowerCase(Locale.ROOT);
  }

  /**
   * A window's status from its verdicts and data quality (see the class comment).
   *
   * @param compared whether the window had a baseline to compare with
   */
  static Status status(
      boolean compared,
      List<FeatureResult> features,
      FeatureResult prediction,
      FeatureResult multivariate,
      Map<String, Long> unexpected,
      List<String> problems) {
    if (!compared) {
      return Status.NO_BASELINE;
    }
    if (features.stream().anyMatch(FeatureResult::drifted)
        || (prediction != null && prediction.drifted())
        || (multivariate != null && multivariate.drifted())) {
      return Status.DRIFT;
    }
    boolean moreMissing =
        features.stream()
            .anyMatch(f -> f.missingShare() > f.baselineMissingShare() + MISSING_SHARE_TOLERANCE);
    if (moreMissing || !unexpected.isEmpty() || !problems.isEmpty()) {
      return Status.WARNING;
    }
    boolean anyJudged =
        features.stream().anyMatch(FeatureResult::judged)
            || (prediction != null && prediction.judged())
            || (multivariate != null && multivariate.judged());
    return anyJudged ? Status.OK : Status.INSUFFICIENT_DATA;
  }

  private static String typeName(FeatureProfile profile) {
    return profile.type().name().toLowerCase(Locale.ROOT);
  }
}
