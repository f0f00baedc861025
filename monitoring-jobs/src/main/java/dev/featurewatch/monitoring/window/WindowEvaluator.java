package dev.featurewatch.monitoring.window;

import dev.featurewatch.drift.baseline.Baseline;
import dev.featurewatch.drift.method.DriftMethod;
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
 * by its drift method and threshold (automatic unless set), the prediction by the monitor's own,
 * and the data quality. Gives the window's {@link MonitoringResult}.
 *
 * <p>The verdict: {@code no_baseline} without a baseline; {@code drift} when a feature or the
 * prediction drifted; {@code warning} when none did but the data changed: a feature's missing share
 * rose by more than {@value #MISSING_SHARE_TOLERANCE} over the baseline's, events carry features
 * the monitor does not watch, or a watched feature could not be compared (absent from the baseline,
 * or of another type there); else {@code ok}.
 */
public final class WindowEvaluator {

  /** How far a feature's missing share may rise above the baseline's before it is a warning. */
  public static final double MISSING_SHARE_TOLERANCE = 0.1;

  private final ModelMonitor monitor;
  private final List<DriftAnalyzer> analyzers;
  private final DriftAnalyzer predictionAnalyzer;

  public WindowEvaluator(ModelMonitor monitor) {
    this.monitor = monitor;
    this.analyzers = new ArrayList<>();
    for (Field feature : monitor.features()) {
      analyzers.add(analyzer(monitor.drift().of(feature.name())));
    }
    this.predictionAnalyzer = analyzer(monitor.drift());
  }

  private static DriftAnalyzer analyzer(ModelMonitor.Drift settings) {
    DriftAnalyzer.Builder builder = DriftAnalyzer.builder();
    if (!ModelMonitor.Drift.AUTO.equals(settings.method())) {
      builder.method(DriftMethod.fromId(settings.method()));
      if (settings.threshold() != null) {
        builder.threshold(settings.threshold());
      }
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
    List<FeatureResult> features = new ArrayList<>();
    List<Field> watched = monitor.features();
    for (int i = 0; i < watched.size(); i++) {
      Field feature = watched.get(i);
      double missingShare =
          window.predictions() == 0 ? 0 : (double) window.nulls(i) / window.predictions();
      Optional<FeatureProfile> reference =
          baseline == null ? Optional.empty() : baseline.feature(feature.name());
      Optional<FeatureProfile> live = window.feature(i);
      String notCompared = null;
      if (baseline == null) {
        notCompared = "no baseline";
      } else if (reference.isEmpty()) {
        notCompared = "not in the baseline";
      } else if (live.isEmpty()) {
        notCompared =
            typeName(reference.get())
                + " in the baseline, but the monitor declares it "
                + feature.type().id();
      }
      FeatureResult result =
          notCompared == null
              ? compare(analyzers.get(i), reference.get(), live.get(), problems)
              : FeatureResult.notCompared(feature.name(), notCompared, missingShare);
      if (notCompared != null && baseline != null) {
        problems.add("feature '" + feature.name() + "': " + notCompared);
      }
      features.add(result);
    }
    FeatureResult prediction = null;
    if (baseline != null && baseline.prediction().isPresent()) {
      FeatureProfile reference = baseline.prediction().get();
      Optional<FeatureProfile> live = window.prediction();
      if (live.isPresent()) {
        prediction = compare(predictionAnalyzer, reference, live.get(), problems);
      } else {
        String reason =
            typeName(reference)
                + " in the baseline, but the monitor's predictions are "
                + monitor.prediction().kind().id();
        problems.add("prediction: " + reason);
        prediction = FeatureResult.notCompared(reference.name(), reason, 0);
      }
    }
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
        status(baseline, features, prediction, unexpected, problems),
        features,
        prediction,
        unexpected,
        problems);
  }

  private static FeatureResult compare(
      DriftAnalyzer analyzer,
      FeatureProfile reference,
      FeatureProfile live,
      List<String> problems) {
    FeatureDrift drift;
    try {
      drift = analyzer.compare(reference, live);
    } catch (IllegalArgumentException e) {
      // the z-test on a numeric feature with many values, say: that feature, not the window
      problems.add("feature '" + reference.name() + "': " + e.getMessage());
      return FeatureResult.notCompared(reference.name(), e.getMessage(), live.missingShare());
    }
    return new FeatureResult(
        drift.feature(),
        drift.method().id(),
        drift.score().score(),
        drift.score().threshold(),
        drift.score().verdict().name().toLowerCase(Locale.ROOT),
        drift.score().reason(),
        drift.current().missingShare(),
        drift.reference().missingShare(),
        drift.outOfRangeShare(),
        drift.unseenCount(),
        drift.unseenCategories(),
        0);
  }

  private static Status status(
      Baseline baseline,
      List<FeatureResult> features,
      FeatureResult prediction,
      Map<String, Long> unexpected,
      List<String> problems) {
    if (baseline == null) {
      return Status.NO_BASELINE;
    }
    if (features.stream().anyMatch(FeatureResult::drifted)
        || (prediction != null && prediction.drifted())) {
      return Status.DRIFT;
    }
    boolean moreMissing =
        features.stream()
            .anyMatch(f -> f.missingShare() > f.baselineMissingShare() + MISSING_SHARE_TOLERANCE);
    return moreMissing || !unexpected.isEmpty() || !problems.isEmpty() ? Status.WARNING : Status.OK;
  }

  private static String typeName(FeatureProfile profile) {
    return profile.type().name().toLowerCase(Locale.ROOT);
  }
}
