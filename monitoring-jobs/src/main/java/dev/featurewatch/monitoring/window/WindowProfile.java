package dev.featurewatch.monitoring.window;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.drift.baseline.Baseline;
import dev.featurewatch.drift.multivariate.ReconstructionDrift;
import dev.featurewatch.drift.performance.EstimatedPerformance;
import dev.featurewatch.drift.performance.PerformanceMetric;
import dev.featurewatch.drift.profile.AccumulatorCodec;
import dev.featurewatch.drift.profile.CategoricalAccumulator;
import dev.featurewatch.drift.profile.CategoricalProfile;
import dev.featurewatch.drift.profile.FeatureProfile;
import dev.featurewatch.drift.profile.FeatureType;
import dev.featurewatch.drift.profile.NumericAccumulator;
import dev.featurewatch.drift.profile.NumericProfile;
import dev.featurewatch.monitoring.event.PredictionRecord;
import dev.featurewatch.monitoring.event.Predictions;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.store.definition.ModelMonitor.PredictionKind;
import dev.featurewatch.streaming.serde.TaggedValues;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The profiles of one window of one series: every watched feature's and the prediction's values,
 * accumulated aligned to the baseline (its bins, values and categories), so the window can be
 * compared with it when it closes, in memory bounded whatever the window's size.
 *
 * <p>A feature the baseline lacks, or has with another type than the monitor declares, is not
 * profiled: its missing values are still counted, and the reason is kept for the result. A window
 * opened without a baseline only counts.
 *
 * <p><b>Mutable</b>, owned by one task: the window's state in the monitoring job.
 */
@Internal
public final class WindowProfile {

  /** Names of unexpected features kept per window; beyond them only a count. */
  static final int MAX_UNEXPECTED_LISTED = 20;

  private static final byte NONE = 0;
  private static final byte NUMERIC = 1;
  private static final byte CATEGORICAL = 2;

  /**
   * Mark the state layouts after version 1, written where version 1 started with the baseline
   * digest's length, which is never negative: version 2 added the estimated performance, version 3
   * the multivariate errors.
   */
  private static final int STATE_V2 = -2;

  private static final int STATE_V3 = -3;

  /** Predictions a window needs for its performance to be estimated. */
  static final int MIN_ESTIMATED_PREDICTIONS = 100;

  /** Score buckets of the estimated ROC curve: its error within a thousandth of the curve. */
  static final int ESTIMATE_BUCKETS = 1000;

  private final String baselineDigest;
  // per watched feature, in the monitor's order: a NumericAccumulator, a CategoricalAccumulator,
  // or null when not profiled
  private final Object[] features;
  private final long[] missing;
  private final Object prediction; // as features, for the predictions
  private final PredictionKind kind;
  private final Map<String, Long> unexpected;
  // the predictions' estimated performance (CBPE), for binary probabilities against a baseline
  // with a calibration; null otherwise
  private EstimatedPerformance estimate;
  // the rows' reconstruction errors, against a baseline with a multivariate model; null otherwise.
  // multivariateColumns: for each of the model's features, its index among the watched ones, or
  // -1 when not watched (then always missing, imputed with the reference's mean)
  private ReconstructionDrift multivariate;
  private int[] multivariateColumns;
  private double errorSum;
  private long errorRows;
  private long unexpectedOther;
  private long predictions;
  private long firstMicros = Long.MAX_VALUE;
  private long lastMicros = Long.MIN_VALUE;

  private WindowProfile(
      String baselineDigest, Object[] features, Object prediction, PredictionKind kind) {
    this.baselineDigest = baselineDigest;
    this.features = features;
    this.missing = new long[features.length];
    this.prediction = prediction;
    this.kind = kind;
    this.unexpected = new LinkedHashMap<>();
  }

  /**
   * A window compared with {@code baseline} when it closes.
   *
   * @param digest the baseline's digest, which the result names
   */
  public static WindowProfile alignedTo(ModelMonitor monitor, Baseline baseline, String digest) {
    List<Field> watched = monitor.features();
    Object[] accumulators = new Object[watched.size()];
    for (int i = 0; i < accumulators.length; i++) {
      Field feature = watched.get(i);
      accumulators[i] =
          baseline
              .feature(feature.name())
              .filter(p -> p.type() == ModelMonitor.driftType(feature))
              .map(WindowProfile::accumulatorFor)
              .orElse(null);
    }
    Object prediction =
        baseline
            .prediction()
            .filter(p -> p.type() == predictionType(monitor.prediction().kind()))
            .map(WindowProfile::accumulatorFor)
            .orElse(null);
    WindowProfile window =
        new WindowProfile(digest, accumulators, prediction, monitor.prediction().kind());
    baseline
        .multivariate()
        .filter(m -> unwatchedOf(monitor, m).isEmpty())
        .ifPresent(
            m -> {
              window.multivariate = m;
              window.multivariateColumns = new int[m.features().size()];
              for (int j = 0; j < m.features().size(); j++) {
                String name = m.features().get(j);
                window.multivariateColumns[j] =
                    java.util.stream.IntStream.range(0, watched.size())
                        .filter(i -> watched.get(i).name().equals(name))
                        .findFirst()
                        .orElseThrow();
              }
            });
    if (monitor.prediction().kind() == PredictionKind.BINARY_PROBABILITY) {
      baseline
          .calibration()
          .ifPresent(
              c ->
                  window.estimate =
                      new EstimatedPerformance(
                          c, monitor.prediction().threshold(), ESTIMATE_BUCKETS));
    }
    return window;
  }

  /** A window without a baseline: counts only. */
  public static WindowProfile countingOnly(ModelMonitor monitor) {
    return new WindowProfile(
        "", new Object[monitor.features().size()], null, monitor.prediction().kind());
  }

  /**
   * The features of the baseline's multivariate model that the monitor does not watch as the model
   * has them (numbers, or categories): the model can only judge rows that have them all (an
   * always-imputed feature would bias the error), so with any of them the window is not judged
   * multivariately.
   */
  public static List<String> unwatchedOf(ModelMonitor monitor, ReconstructionDrift model) {
    return model.features().stream()
        .filter(
            name -> {
              FeatureType type =
                  model.categories().containsKey(name)
                      ? FeatureType.CATEGORICAL
                      : FeatureType.NUMERIC;
              return monitor.features().stream()
                  .noneMatch(f -> f.name().equals(name) && ModelMonitor.driftType(f) == type);
            })
        .toList();
  }

  /** How the predictions of {@code kind} are profiled: numbers, or the (most likely) class. */
  public static FeatureType predictionType(PredictionKind kind) {
    return kind == PredictionKind.BINARY_PROBABILITY || kind == PredictionKind.REGRESSION
        ? FeatureType.NUMERIC
        : FeatureType.CATEGORICAL;
  }

  private static Object accumulatorFor(FeatureProfile reference) {
    return reference instanceof NumericProfile numeric
        ? NumericAccumulator.alignedTo(numeric)
        : CategoricalAccumulator.alignedTo((CategoricalProfile) reference);
  }

  /** Adds a prediction of the window's series. */
  public void add(PredictionRecord record) {
    predictions++;
    firstMicros = Math.min(firstMicros, record.timeMicros());
    lastMicros = Math.max(lastMicros, record.timeMicros());
    List<Object> values = record.features();
    for (int i = 0; i < features.length; i++) {
      Object value = values.get(i);
      if (value == null) {
        missing[i]++;
      }
      add(features[i], value);
    }
    if (prediction != null) {
      add(prediction, Predictions.value(kind, record.prediction()));
    }
    if (estimate != null && record.prediction() instanceof Number p) {
      estimate.add(p.doubleValue());
    }
    if (multivariate != null) {
      Object[] row = new Object[multivariateColumns.length];
      for (int j = 0; j < row.length; j++) {
        row[j] = values.get(multivariateColumns[j]);
      }
      errorSum += multivariate.error(row);
      errorRows++;
    }
    for (String name : record.unexpected()) {
      Long seen = unexpected.get(name);
      if (seen != null) {
        unexpected.put(name, seen + 1);
      } else if (unexpected.size() < MAX_UNEXPECTED_LISTED) {
        unexpected.put(name, 1L);
      } else {
        unexpectedOther++;
      }
    }
  }

  private static void add(Object accumulator, Object value) {
    if (accumulator instanceof NumericAccumulator numeric) {
      if (value == null) {
        numeric.addNull();
      } else {
        numeric.add(((Number) value).doubleValue());
      }
    } else if (accumulator instanceof CategoricalAccumulator categorical) {
      categorical.add(value == null ? null : value.toString());
    }
  }

  /** The baseline's digest, empty for a window without one. */
  public String baselineDigest() {
    return baselineDigest;
  }

  public long predictions() {
    return predictions;
  }

  /** The earliest event time added, in microseconds; {@code Long.MAX_VALUE} when empty. */
  public long firstMicros() {
    return firstMicros;
  }

  /** The latest event time added, in microseconds; {@code Long.MIN_VALUE} when empty. */
  public long lastMicros() {
    return lastMicros;
  }

  /** The profile of watched feature {@code i}, if it was profiled. */
  public Optional<FeatureProfile> feature(int i) {
    return Optional.ofNullable(profileOf(features[i]));
  }

  /** Predictions in which watched feature {@code i} was null or absent. */
  public long nulls(int i) {
    return missing[i];
  }

  /** The predictions' profile, if the baseline has one of the monitor's kind. */
  public Optional<FeatureProfile> prediction() {
    return Optional.ofNullable(profileOf(prediction));
  }

  /**
   * The predictions' performance estimated from their calibrated probabilities (CBPE); empty
   * without a calibration in the baseline, for other kinds of prediction, and below {@value
   * #MIN_ESTIMATED_PREDICTIONS} predictions.
   */
  public Map<PerformanceMetric, Double> estimatedPerformance() {
    // a handful of predictions estimate nothing (one gives a ROC AUC of exactly 0.5)
    return estimate == null || estimate.count() < MIN_ESTIMATED_PREDICTIONS
        ? Map.of()
        : estimate.estimate();
  }

  /**
   * The window's mean reconstruction error against the baseline's multivariate model, with its
   * rows; empty without such a model.
   */
  public Optional<Multivariate> multivariate() {
    return multivariate == null
        ? Optional.empty()
        : Optional.of(
            new Multivariate(multivariate, errorRows == 0 ? 0 : errorSum / errorRows, errorRows));
  }

  /**
   * @param drift the baseline's model and held-out error distribution
   * @param meanError the window's mean reconstruction error
   * @param rows the predictions it was computed over
   */
  public record Multivariate(ReconstructionDrift drift, double meanError, long rows) {}

  /** Unexpected features by name, at most {@value #MAX_UNEXPECTED_LISTED}, in order first seen. */
  public Map<String, Long> unexpectedFeatures() {
    return Collections.unmodifiableMap(unexpected);
  }

  /** Occurrences of unexpected features beyond those listed. */
  public long unexpectedOther() {
    return unexpectedOther;
  }

  private static FeatureProfile profileOf(Object accumulator) {
    if (accumulator instanceof NumericAccumulator numeric) {
      return numeric.toProfile();
    }
    if (accumulator instanceof CategoricalAccumulator categorical) {
      return categorical.toProfile();
    }
    return null;
  }

  // ---- state

  /** Writes the whole window, for a checkpoint (state layout version 3). */
  public void writeTo(DataOutput out) throws IOException {
    out.writeInt(STATE_V3);
    TaggedValues.writeString(out, baselineDigest);
    TaggedValues.writeString(out, kind.name());
    out.writeInt(features.length);
    for (int i = 0; i < features.length; i++) {
      writeAccumulator(out, features[i]);
      out.writeLong(missing[i]);
    }
    writeAccumulator(out, prediction);
    out.writeInt(unexpected.size());
    for (Map.Entry<String, Long> e : unexpected.entrySet()) {
      TaggedValues.writeString(out, e.getKey());
      out.writeLong(e.getValue());
    }
    out.writeLong(unexpectedOther);
    out.writeLong(predictions);
    out.writeLong(firstMicros);
    out.writeLong(lastMicros);
    out.writeBoolean(estimate != null);
    if (estimate != null) {
      estimate.writeTo(out);
    }
    out.writeBoolean(multivariate != null);
    if (multivariate != null) {
      multivariate.writeTo(out);
      for (int c : multivariateColumns) {
        out.writeInt(c);
      }
      out.writeDouble(errorSum);
      out.writeLong(errorRows);
    }
  }

  /** The window {@link #writeTo} wrote, or a window of an older checkpoint (versions 1 and 2). */
  public static WindowProfile readFrom(DataInput in) throws IOException {
    int first = in.readInt();
    boolean v2 = first == STATE_V2 || first == STATE_V3;
    boolean v3 = first == STATE_V3;
    String digest;
    if (v2) {
      digest = TaggedValues.readString(in);
    } else {
      // version 1 began with the digest: this was its length
      byte[] bytes = new byte[first];
      in.readFully(bytes);
      digest = new String(bytes, StandardCharsets.UTF_8);
    }
    PredictionKind kind = PredictionKind.valueOf(TaggedValues.readString(in));
    int n = in.readInt();
    Object[] features = new Object[n];
    long[] missing = new long[n];
    for (int i = 0; i < n; i++) {
      features[i] = readAccumulator(in);
      missing[i] = in.readLong();
    }
    WindowProfile window = new WindowProfile(digest, features, readAccumulator(in), kind);
    System.arraycopy(missing, 0, window.missing, 0, n);
    int listed = in.readInt();
    for (int i = 0; i < listed; i++) {
      window.unexpected.put(TaggedValues.readString(in), in.readLong());
    }
    window.unexpectedOther = in.readLong();
    window.predictions = in.readLong();
    window.firstMicros = in.readLong();
    window.lastMicros = in.readLong();
    if (v2 && in.readBoolean()) {
      window.estimate = EstimatedPerformance.readFrom(in);
    }
    if (v3 && in.readBoolean()) {
      window.multivariate = ReconstructionDrift.readFrom(in);
      window.multivariateColumns = new int[window.multivariate.features().size()];
      for (int j = 0; j < window.multivariateColumns.length; j++) {
        window.multivariateColumns[j] = in.readInt();
      }
      window.errorSum = in.readDouble();
      window.errorRows = in.readLong();
    }
    return window;
  }

  private static void writeAccumulator(DataOutput out, Object accumulator) throws IOException {
    if (accumulator instanceof NumericAccumulator numeric) {
      out.writeByte(NUMERIC);
      AccumulatorCodec.write(numeric, out);
    } else if (accumulator instanceof CategoricalAccumulator categorical) {
      out.writeByte(CATEGORICAL);
      AccumulatorCodec.write(categorical, out);
    } else {
      out.writeByte(NONE);
    }
  }

  private static Object readAccumulator(DataInput in) throws IOException {
    byte tag = in.readByte();
    return switch (tag) {
      case NUMERIC -> AccumulatorCodec.readNumeric(in);
      case CATEGORICAL -> AccumulatorCodec.readCategorical(in);
      case NONE -> null;
      default -> throw new IOException("unknown accumulator tag " + tag + ": corrupt state");
    };
  }
}
