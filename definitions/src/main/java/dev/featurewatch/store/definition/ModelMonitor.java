package dev.featurewatch.store.definition;

import dev.featurewatch.drift.profile.FeatureType;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A model monitor: which model version to watch, where its predictions (and later its labels) come
 * from, which features to compare with the training baseline, over which windows, with which drift
 * methods, split by which segments, and how results go back to the model registry. Read from the
 * {@code model_monitors} of a feature repository, where {@code RepositoryReader} checks every rule;
 * the monitoring job runs it.
 *
 * @param name unique in the repository
 * @param model the registered model's name in the model registry
 * @param version the model version watched ({@code "3"}); empty when {@code alias} names it
 * @param alias the alias whose version is watched ({@code champion}), resolved through the model
 *     registry; empty when {@code version} names it
 * @param source the data source of the prediction events
 * @param featureService the feature service whose features are watched; empty when listed
 * @param features the watched features with their types: listed, or those of the service
 * @param prediction what the model predicts
 * @param labels where labels come from; null when the model gets none
 * @param window how predictions are grouped for comparison
 * @param drift the drift method and threshold, for all features and per feature
 * @param segments the features whose few values split the results (each value its own series)
 * @param baseline {@value #REGISTRY_BASELINE} (the baseline attached to the version in the model
 *     registry) or a baseline file's path, relative to the repository
 * @param writeBack when results are written to the model registry
 * @param description free text, may be empty
 * @param tags free key-value labels
 */
public record ModelMonitor(
    String name,
    String model,
    String version,
    String alias,
    String source,
    String featureService,
    List<Field> features,
    Prediction prediction,
    Labels labels,
    Window window,
    Drift drift,
    List<Segment> segments,
    String baseline,
    WriteBack writeBack,
    String description,
    Map<String, String> tags)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The baseline setting that means: the one attached to the model version. */
  public static final String REGISTRY_BASELINE = "registry";

  public ModelMonitor {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(model, "model");
    version = version == null ? "" : version;
    alias = alias == null ? "" : alias;
    if (version.isEmpty() == alias.isEmpty()) {
      throw new IllegalArgumentException(
          "model monitor '" + name + "' names a version or an alias, not both nor neither");
    }
    Objects.requireNonNull(source, "source");
    featureService = featureService == null ? "" : featureService;
    features = List.copyOf(features);
    Objects.requireNonNull(prediction, "prediction");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(drift, "drift");
    segments = List.copyOf(segments);
    baseline = baseline == null ? REGISTRY_BASELINE : baseline;
    Objects.requireNonNull(writeBack, "writeBack");
    description = description == null ? "" : description;
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /**
   * How drift-stats sees a watched feature: numbers ({@code int64}, {@code double}) as numeric, the
   * rest as categorical.
   */
  public static FeatureType driftType(Field feature) {
    return feature.type() == ValueType.INT64 || feature.type() == ValueType.DOUBLE
        ? FeatureType.NUMERIC
        : FeatureType.CATEGORICAL;
  }

  /** What a model predicts, as the prediction events carry it. */
  public enum PredictionKind {
    /** The probability of the positive class, a number in [0, 1]. */
    BINARY_PROBABILITY,
    /** One of the declared classes. */
    CLASS_LABEL,
    /** An object of the declared classes' probabilities. */
    CLASS_PROBABILITIES,
    /** A number. */
    REGRESSION;

    /** The name in YAML: {@code binary_probability}, ... */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * @param kind what is predicted
   * @param classes the classes of {@code CLASS_LABEL} and {@code CLASS_PROBABILITIES}, else empty
   * @param threshold the decision threshold of {@code BINARY_PROBABILITY} (the positive class at or
   *     above it), for performance metrics
   */
  public record Prediction(PredictionKind kind, List<String> classes, double threshold)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    public Prediction {
      Objects.requireNonNull(kind, "kind");
      classes = List.copyOf(classes);
    }
  }

  /**
   * @param source the data source of the label events
   * @param maxDelay how long after its prediction a label may still arrive and be joined
   * @param degradedMargin how much worse than in training (relative, above 0 and below 1) a
   *     window's main performance metric may be before the window is degraded
   */
  public record Labels(String source, Duration maxDelay, double degradedMargin)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The degraded margin when none is declared: 10 % worse than in training. */
    public static final double DEFAULT_DEGRADED_MARGIN = 0.1;

    /**
     * @throws IllegalArgumentException a degraded margin not above 0 and below 1
     */
    public Labels {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(maxDelay, "maxDelay");
      if (!(degradedMargin > 0 && degradedMargin < 1)) {
        throw new IllegalArgumentException(
            "degraded_margin must be above 0 and below 1, like 0.1 for 10 % worse than in"
                + " training, found "
                + degradedMargin);
      }
    }

    /** Labels with the default degraded margin. */
    public Labels(String source, Duration maxDelay) {
      this(source, maxDelay, DEFAULT_DEGRADED_MARGIN);
    }
  }

  /**
   * A window closes after {@code size} of event time (tumbling), or after {@code predictions}
   * predictions, whichever comes first; at least one is set.
   *
   * @param size the tumbling window's length; zero for none
   * @param predictions predictions per window; zero for none
   */
  public record Window(Duration size, long predictions) implements Serializable {
    private static final long serialVersionUID = 1L;

    public Window {
      Objects.requireNonNull(size, "size");
    }
  }

  /**
   * How windows are judged for drift. Verdicts are calibrated: each feature drifts when its score's
   * p-value under "nothing changed", at the baseline's and the window's size, is below α (see
   * drift-stats' {@code NullModel}); a feature's {@code threshold} fixes its threshold instead.
   *
   * @param method {@value #AUTO} (chosen per feature by type and size, as drift-stats does) or a
   *     drift method id
   * @param threshold the method's fixed threshold; null for a calibrated one
   * @param features per-feature settings, by feature name, overriding these
   * @param alpha the false-alarm probability of a feature's verdict in a window; null for the
   *     default, or for one derived from {@code falseAlertEvery}
   * @param falseAlertEvery the average time between two false drift alerts the monitor tolerates on
   *     an unchanged stream, from which α is derived; null when not set
   * @param minSamples the values a window needs for a verdict; null for each method's default
   * @param floor the effect-size floor of the method's calibrated verdicts, in its units; null for
   *     none
   */
  public record Drift(
      String method,
      Double threshold,
      Map<String, Drift> features,
      Double alpha,
      Duration falseAlertEvery,
      Integer minSamples,
      Double floor)
      implements Serializable {
    private static final long serialVersionUID = 2L;

    /** The method chosen per feature. */
    public static final String AUTO = "auto";

    /** Automatic methods with calibrated thresholds at the default α. */
    public static final Drift DEFAULT = new Drift(AUTO, null, Map.of());

    public Drift {
      Objects.requireNonNull(method, "method");
      features = features == null ? Map.of() : Map.copyOf(features);
    }

    /** A method and threshold, with the other settings at their defaults. */
    public Drift(String method, Double threshold, Map<String, Drift> features) {
      this(method, threshold, features, null, null, null, null);
    }

    /**
     * The settings for {@code feature}: its own method, threshold and floor, else these; its own
     * minimum samples, else these; the monitor's α.
     */
    public Drift of(String feature) {
      Drift own = features.get(feature);
      if (own == null) {
        return new Drift(method, threshold, Map.of(), alpha, falseAlertEvery, minSamples, floor);
      }
      return new Drift(
          own.method,
          own.threshold,
          Map.of(),
          alpha,
          falseAlertEvery,
          own.minSamples != null ? own.minSamples : minSamples,
          own.floor);
    }
  }

  /**
   * @param feature a watched feature
   * @param values its values that get a series of their own; any other is {@code other}
   */
  public record Segment(String feature, List<String> values) implements Serializable {
    private static final long serialVersionUID = 1L;

    public Segment {
      Objects.requireNonNull(feature, "feature");
      values = List.copyOf(values);
    }
  }

  /**
   * @param onChange write when a result changes (a status, the drifted features)
   * @param interval write at least this often, unchanged or not
   */
  public record WriteBack(boolean onChange, Duration interval) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** On change, and every 10 minutes. */
    public static final WriteBack DEFAULT = new WriteBack(true, Duration.ofMinutes(10));

    public WriteBack {
      Objects.requireNonNull(interval, "interval");
    }
  }
}
