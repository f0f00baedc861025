package dev.featurewatch.drift.baseline;

import dev.featurewatch.drift.multivariate.ReconstructionDrift;
import dev.featurewatch.drift.performance.PerformanceMetric;
import dev.featurewatch.drift.performance.ProbabilityCalibration;
import dev.featurewatch.drift.profile.FeatureProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The reference profiles of a model's features, usually computed on its training data, that live
 * windows are compared with; optionally also the profile of the model's predictions on that data
 * and the performance it had there. Immutable; features keep the order they were added in.
 *
 * <pre>{@code
 * Baseline baseline = Baseline.builder()
 *     .createdAt(Instant.now())
 *     .source("s3://models/fraud/v7/train.parquet")
 *     .rowCount(rows)
 *     .feature(NumericProfile.ofReference("amount", amounts, 10))
 *     .build();
 * BaselineFile.write(baseline, Path.of("baseline.json"));
 * }</pre>
 */
public final class Baseline {

  private final int formatVersion;
  private final Instant createdAt;
  private final String source; // null when not given
  private final long rowCount;
  private final Map<String, FeatureProfile> features;
  private final FeatureProfile prediction; // null when not profiled
  private final Map<PerformanceMetric, Double> performance;
  private final ProbabilityCalibration calibration; // null when not fitted
  private final ReconstructionDrift multivariate; // null when not fitted

  private Baseline(Builder b) {
    this.formatVersion = b.formatVersion;
    this.createdAt = b.createdAt;
    this.source = b.source;
    this.rowCount = b.rowCount;
    this.features = Collections.unmodifiableMap(new LinkedHashMap<>(b.features));
    this.prediction = b.prediction;
    this.performance = Collections.unmodifiableMap(new EnumMap<>(b.performance));
    this.calibration = b.calibration;
    this.multivariate = b.multivariate;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The file format version this baseline was read from, or {@link BaselineFile#FORMAT_VERSION} for
   * one built here. Writing always uses the current version.
   */
  public int formatVersion() {
    return formatVersion;
  }

  public Instant createdAt() {
    return createdAt;
  }

  /** Where the reference data came from (a table, a file, a query), if recorded. */
  public Optional<String> source() {
    return Optional.ofNullable(source);
  }

  /** Rows in the reference data; each feature's values, missing ones included, are at most this. */
  public long rowCount() {
    return rowCount;
  }

  /** Feature name to profile, in the order added; unmodifiable. */
  public Map<String, FeatureProfile> features() {
    return features;
  }

  /** The profile of a feature, if the baseline has it. */
  public Optional<FeatureProfile> feature(String name) {
    return Optional.ofNullable(features.get(name));
  }

  /** Builds a {@link Baseline}; {@code createdAt} and {@code rowCount} are required. */
  /** A builder holding everything of this baseline, to add to it; it builds the current format. */
  public Builder toBuilder() {
    Builder b = builder().createdAt(createdAt).source(source).rowCount(rowCount);
    b.features.putAll(features);
    b.prediction = prediction;
    b.performance.putAll(performance);
    b.calibration = calibration;
    b.multivariate = multivariate;
    return b;
  }

  /**
   * The map from a binary classifier's scores to calibrated probabilities, fitted on the labelled
   * reference data, for estimating performance before labels come; if recorded (format 3 on).
   */
  public Optional<ProbabilityCalibration> calibration() {
    return Optional.ofNullable(calibration);
  }

  /**
   * The features' PCA reconstruction model, fitted on the reference rows, for multivariate drift;
   * if recorded (format 3 on).
   */
  public Optional<ReconstructionDrift> multivariate() {
    return Optional.ofNullable(multivariate);
  }

  /** The profile of the model's predictions on the reference data, if recorded. */
  public Optional<FeatureProfile> prediction() {
    return Optional.ofNullable(prediction);
  }

  /** The model's performance on the labelled reference data, by metric; empty if not recorded. */
  public Map<PerformanceMetric, Double> performance() {
    return performance;
  }

  public static final class Builder {
    private int formatVersion = BaselineFile.FORMAT_VERSION;
    private Instant createdAt;
    private String source;
    private long rowCount = -1;
    private final Map<String, FeatureProfile> features = new LinkedHashMap<>();
    private FeatureProfile prediction;
    private ProbabilityCalibration calibration;
    private ReconstructionDrift multivariate;
    private final Map<PerformanceMetric, Double> performance =
        new EnumMap<>(PerformanceMetric.class);

    private Builder() {}

    Builder formatVersion(int formatVersion) {
      this.formatVersion = formatVersion;
      return this;
    }

    public Builder createdAt(Instant createdAt) {
      this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
      return this;
    }

    /** Where the reference data came from; optional, null for none. */
    public Builder source(String source) {
      this.source = source;
      return this;
    }

    public Builder rowCount(long rowCount) {
      if (rowCount < 0) {
        throw new IllegalArgumentException("rowCount must be >= 0: " + rowCount);
      }
      this.rowCount = rowCount;
      return this;
    }

    /**
     * Adds a feature's profile.
     *
     * @throws IllegalArgumentException if a feature of that name was added already
     */
    public Builder feature(FeatureProfile profile) {
      if (features.putIfAbsent(profile.name(), profile) != null) {
        throw new IllegalArgumentException("feature must not repeat: '" + profile.name() + "'");
      }
      return this;
    }

    /** The profile of the model's predictions on the reference data. */
    public Builder prediction(FeatureProfile prediction) {
      this.prediction = Objects.requireNonNull(prediction, "prediction");
      return this;
    }

    /** The features' reconstruction model, fitted on the reference rows. */
    public Builder multivariate(ReconstructionDrift multivariate) {
      this.multivariate = multivariate;
      return this;
    }

    /** The binary classifier's score calibration, fitted on the labelled reference data. */
    public Builder calibration(ProbabilityCalibration calibration) {
      this.calibration = calibration;
      return this;
    }

    /**
     * The model's performance on the reference data.
     *
     * @throws IllegalArgumentException for a value that is not finite
     */
    public Builder performance(PerformanceMetric metric, double value) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException(
            "performance " + metric.id() + " must be a finite number: " + value);
      }
      performance.put(metric, value);
      return this;
    }

    /**
     * @throws IllegalArgumentException if a required field is missing or a feature has more values
     *     than the baseline has rows
     */
    public Baseline build() {
      if (createdAt == null) {
        throw new IllegalArgumentException("createdAt is required");
      }
      if (rowCount < 0) {
        throw new IllegalArgumentException("rowCount is required");
      }
      List<FeatureProfile> profiles = new ArrayList<>(features.values());
      if (prediction != null) {
        profiles.add(prediction);
      }
      for (FeatureProfile p : profiles) {
        long values = p.count() + p.missing().total();
        if (values > rowCount) {
          throw new IllegalArgumentException(
              "feature '"
                  + p.name()
                  + "' must have at most rowCount "
                  + rowCount
                  + " values, found "
                  + values);
        }
      }
      return new Baseline(this);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Baseline b
        && formatVersion == b.formatVersion
        && createdAt.equals(b.createdAt)
        && Objects.equals(source, b.source)
        && rowCount == b.rowCount
        && features.equals(b.features)
        && features.keySet().stream().toList().equals(b.features.keySet().stream().toList())
        && Objects.equals(prediction, b.prediction)
        && performance.equals(b.performance)
        && Objects.equals(calibration, b.calibration)
        && Objects.equals(multivariate, b.multivariate);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        formatVersion,
        createdAt,
        source,
        rowCount,
        features,
        prediction,
        performance,
        calibration,
        multivariate);
  }

  @Override
  public String toString() {
    return "Baseline[formatVersion="
        + formatVersion
        + ", createdAt="
        + createdAt
        + ", source="
        + source
        + ", rowCount="
        + rowCount
        + ", features="
        + features.keySet()
        + (prediction == null ? "" : ", prediction=" + prediction.name())
        + (performance.isEmpty() ? "" : ", performance=" + performance)
        + (calibration == null ? "" : ", calibration=" + calibration)
        + (multivariate == null ? "" : ", multivariate=" + multivariate)
        + "]";
  }
}
