package dev.featurewatch.drift.report;

import dev.featurewatch.drift.baseline.Baseline;
import dev.featurewatch.drift.profile.BinEdges;
import dev.featurewatch.drift.profile.CategoricalAccumulator;
import dev.featurewatch.drift.profile.FeatureProfile;
import dev.featurewatch.drift.profile.MissingCounts;
import dev.featurewatch.drift.profile.NumericAccumulator;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds a {@link Baseline} from the samples of a training dataset. */
public final class Baselines {

  private Baselines() {}

  /**
   * Profiles every sample: numeric features get quantile bins fitted on their finite values ({@link
   * BinEdges#fitQuantiles}) with exact counts, categorical features the counts of all their
   * categories, up to {@link CategoricalAccumulator#DEFAULT_MAX_TRACKED} (beyond that the rarest
   * are counted together as "other").
   *
   * @param samples one per feature, in the order the baseline should list them
   * @param rows the dataset's rows
   * @param bins quantile bins per numeric feature, at least 1 (ties may give fewer)
   * @param source where the data came from, for people reading the baseline; may be null
   */
  public static Baseline fromSamples(
      List<Sample> samples, long rows, int bins, String source, Instant createdAt) {
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be >= 1: " + bins);
    }
    Baseline.Builder baseline =
        Baseline.builder().createdAt(createdAt).source(source).rowCount(rows);
    for (Sample sample : samples) {
      baseline.feature(profile(sample, bins));
    }
    return baseline.build();
  }

  /**
   * One sample's profile, as {@link #fromSamples} makes it: for a model's predictions on the
   * training data ({@link Baseline.Builder#prediction}), say.
   *
   * @param bins quantile bins if the sample is numeric, at least 1
   */
  public static FeatureProfile profile(Sample sample, int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be >= 1: " + bins);
    }
    if (sample instanceof NumericSample numeric) {
      double[] values = numeric.sortedValues();
      BinEdges edges = values.length == 0 ? null : BinEdges.fitQuantiles(values, bins);
      NumericAccumulator acc =
          NumericAccumulator.create(numeric.name(), NumericAccumulator.DEFAULT_K, edges);
      for (double v : values) {
        acc.add(v);
      }
      addMissing(acc, numeric.missingCounts());
      return acc.toProfile();
    }
    CategoricalSample categorical = (CategoricalSample) sample;
    CategoricalAccumulator acc = CategoricalAccumulator.create(categorical.name());
    addCounts(acc, categorical);
    // every category the accumulator tracked, not just the top 100: a live category missing from
    // the baseline must mean the training data did not have it
    return acc.toProfile(CategoricalAccumulator.DEFAULT_MAX_TRACKED);
  }

  /** The accumulator counts missing values one by one; samples have them as totals. */
  private static void addMissing(NumericAccumulator acc, MissingCounts missing) {
    for (long i = 0; i < missing.nulls(); i++) {
      acc.addNull();
    }
    for (long i = 0; i < missing.nan(); i++) {
      acc.add(Double.NaN);
    }
    for (long i = 0; i < missing.positiveInfinity(); i++) {
      acc.add(Double.POSITIVE_INFINITY);
    }
    for (long i = 0; i < missing.negativeInfinity(); i++) {
      acc.add(Double.NEGATIVE_INFINITY);
    }
  }

  static void addCounts(CategoricalAccumulator acc, CategoricalSample sample) {
    for (Map.Entry<String, Long> e : sample.counts().entrySet()) {
      for (long i = 0; i < e.getValue(); i++) {
        acc.add(e.getKey());
      }
    }
    for (long i = 0; i < sample.missing(); i++) {
      acc.addNull();
    }
  }
}
