package dev.featurewatch.store.repo;

import dev.featurewatch.drift.method.DriftMethod;
import dev.featurewatch.drift.method.ScoreKind;
import dev.featurewatch.store.definition.DefinitionKeys.DriftKeys;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ModelMonitor;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a monitor's {@code drift} block: the method and threshold for every feature and per
 * feature, and how verdicts are calibrated ({@code alpha} or {@code false_alert_every}, {@code
 * min_samples}, {@code floor}). A method must suit the type of each feature it judges; a threshold
 * or floor needs a method, since {@code auto} picks methods of different scales.
 */
final class DriftReader {

  /** The largest α a monitor may set: beyond it a verdict is a coin flip. */
  private static final double MAX_ALPHA = 0.5;

  private static final String NEEDS_A_METHOD =
      "needs a method: auto picks a method per feature, each with its own scale";

  private DriftReader() {}

  /**
   * The drift settings: {@link ModelMonitor.Drift#DEFAULT} when there is no block, null when it is
   * invalid.
   *
   * @param features the monitor's valid watched features
   * @param window the monitor's window, null when invalid
   */
  static ModelMonitor.Drift read(
      YamlCursor drift, List<Field> features, ModelMonitor.Window window) {
    if (drift.isMissing()) {
      return ModelMonitor.Drift.DEFAULT;
    }
    if (!drift.isMapping("with method, threshold and features", List.of(DriftKeys.values()))) {
      return null;
    }
    ModelMonitor.Drift all = setting(drift, null, ModelMonitor.Drift.AUTO);
    Double alpha = null;
    YamlCursor alphaAt = drift.at(DriftKeys.ALPHA);
    if (!alphaAt.isMissing()) {
      double value = alphaAt.node().asDouble();
      if (alphaAt.node().isNumber() && value > 0 && value <= MAX_ALPHA) {
        alpha = value;
      } else {
        alphaAt.problem(
            "must be a probability above 0 and at most "
                + MAX_ALPHA
                + ", like 0.01 for one false alarm in 100 windows a feature, found "
                + alphaAt.describe());
      }
    }
    Duration falseAlertEvery = null;
    YamlCursor everyAt = drift.at(DriftKeys.FALSE_ALERT_EVERY);
    if (!everyAt.isMissing()) {
      falseAlertEvery = drift.duration(DriftKeys.FALSE_ALERT_EVERY, false);
      Duration size = window == null ? Duration.ZERO : window.size();
      if (!alphaAt.isMissing()) {
        everyAt.problem("sets α, which alpha sets too: give one of them, found both");
      } else if (falseAlertEvery != null
          && window != null
          && (size.isZero() || window.predictions() > 0)) {
        everyAt.problem(
            "needs windows that close by time only (window.size without window.predictions), to"
                + " count windows in time");
      } else if (falseAlertEvery != null && falseAlertEvery.compareTo(size) <= 0) {
        everyAt.problem(
            "must be longer than a window ("
                + size.toSeconds()
                + " s), found "
                + everyAt.describe());
      }
    }
    Integer minSamples = minSamples(drift);
    Map<String, ModelMonitor.Drift> perFeature = new LinkedHashMap<>();
    YamlCursor overrides = drift.at(DriftKeys.FEATURES);
    if (overrides.node() != null && !overrides.node().isObject()) {
      overrides.problem(
          "must be a mapping of feature names to settings, found " + overrides.describe());
    } else if (overrides.node() != null) {
      overrides
          .node()
          .fieldNames()
          .forEachRemaining(
              name -> {
                ModelMonitor.Drift own = featureSetting(overrides.at(name), name, features, all);
                if (own != null) {
                  perFeature.put(name, own);
                }
              });
    }
    if (all == null) {
      return null;
    }
    // the monitor's method must suit every feature that has no method of its own
    if (!all.method().equals(ModelMonitor.Drift.AUTO)) {
      DriftMethod method = DriftMethod.fromId(all.method());
      for (Field feature : features) {
        if (!perFeature.containsKey(feature.name())
            && !method.appliesTo(ModelMonitor.driftType(feature))) {
          drift
              .at(DriftKeys.METHOD)
              .problem(
                  doesNotApply(method, feature) + ": give it a method of its own under features");
        }
      }
    }
    return new ModelMonitor.Drift(
        all.method(), all.threshold(), perFeature, alpha, falseAlertEvery, minSamples, all.floor());
  }

  /** A feature's own settings under {@code features}; null when invalid. */
  private static ModelMonitor.Drift featureSetting(
      YamlCursor own, String name, List<Field> features, ModelMonitor.Drift all) {
    Field feature = features.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    if (feature == null) {
      own.problem(
          "unknown feature '"
              + name
              + "': expected one of the watched features "
              + features.stream().map(Field::name).toList());
      return null;
    }
    if (!own.isMapping("with method and threshold", DriftKeys.OF_A_FEATURE)) {
      return null;
    }
    // a feature's settings without a method keep the monitor's
    return setting(own, feature, all == null ? ModelMonitor.Drift.AUTO : all.method());
  }

  /** The {@code min_samples} of a drift setting: a count of at least 1, or null. */
  private static Integer minSamples(YamlCursor setting) {
    YamlCursor value = setting.at(DriftKeys.MIN_SAMPLES);
    if (value.isMissing()) {
      return null;
    }
    if (!value.node().isIntegralNumber()
        || value.node().asLong() < 1
        || value.node().asLong() > Integer.MAX_VALUE) {
      value.problem(
          "must be a whole number of values of at least 1, like 20, found " + value.describe());
      return null;
    }
    return value.node().asInt();
  }

  /** A method and threshold; for one feature when {@code feature} is given. Null when invalid. */
  private static ModelMonitor.Drift setting(
      YamlCursor setting, Field feature, String inheritedMethod) {
    int before = setting.problemCount();
    String methodText = setting.text(DriftKeys.METHOD, false);
    String method = methodText == null ? inheritedMethod : methodText.strip();
    DriftMethod chosen = null;
    if (!method.equals(ModelMonitor.Drift.AUTO)) {
      try {
        chosen = DriftMethod.fromId(method);
        method = chosen.id();
        if (feature != null && !chosen.appliesTo(ModelMonitor.driftType(feature))) {
          setting.at(DriftKeys.METHOD).problem(doesNotApply(chosen, feature));
        }
      } catch (IllegalArgumentException e) {
        setting.at(DriftKeys.METHOD).problem(e.getMessage() + ", or auto");
      }
    }
    Double threshold = null;
    YamlCursor thresholdAt = setting.at(DriftKeys.THRESHOLD);
    if (!thresholdAt.isMissing()) {
      if (chosen == null && setting.problemCount() == before) {
        thresholdAt.problem(NEEDS_A_METHOD);
      } else if (!thresholdAt.node().isNumber()) {
        thresholdAt.problem("must be a number, found " + thresholdAt.describe());
      } else if (chosen != null) {
        try {
          chosen.checkThreshold(thresholdAt.node().asDouble());
          threshold = thresholdAt.node().asDouble();
        } catch (IllegalArgumentException e) {
          thresholdAt.problem(e.getMessage());
        }
      }
    }
    Double floor = null;
    YamlCursor floorAt = setting.at(DriftKeys.FLOOR);
    if (!floorAt.isMissing()) {
      double value = floorAt.node().asDouble();
      if (chosen == null && setting.problemCount() == before) {
        floorAt.problem(NEEDS_A_METHOD);
      } else if (!floorAt.node().isNumber() || !(value >= 0) || !Double.isFinite(value)) {
        floorAt.problem(
            "must be a score of at least 0 in the method's units, like 0.05, found "
                + floorAt.describe());
      } else if (chosen != null && chosen.scoreKind() == ScoreKind.P_VALUE) {
        floorAt.problem(
            "is a distance's effect size, but "
                + chosen.id()
                + " gives p-values: use a distance such as wasserstein or jensenshannon");
      } else if (threshold != null) {
        floorAt.problem(
            "applies to calibrated thresholds, but threshold fixes this one: give one of them");
      } else {
        floor = value;
      }
    }
    Integer minSamples = feature == null ? null : minSamples(setting);
    return setting.problemCount() == before
        ? new ModelMonitor.Drift(method, threshold, Map.of(), null, null, minSamples, floor)
        : null;
  }

  /** The problem of a method that does not judge a feature of this type. */
  private static String doesNotApply(DriftMethod method, Field feature) {
    return "drift method "
        + method.id()
        + " does not apply to "
        + ModelMonitor.driftType(feature).name().toLowerCase(Locale.ROOT)
        + " feature '"
        + feature.name()
        + "'";
  }
}
