package dev.featurewatch.drift.calibration;

import dev.featurewatch.drift.profile.CategoricalAccumulator;
import dev.featurewatch.drift.profile.CategoricalProfile;
import dev.featurewatch.drift.profile.FeatureProfile;
import dev.featurewatch.drift.profile.MissingCounts;
import dev.featurewatch.drift.profile.NumericAccumulator;
import dev.featurewatch.drift.profile.NumericProfile;
import dev.featurewatch.drift.report.Baselines;
import dev.featurewatch.drift.report.CategoricalSample;
import dev.featurewatch.drift.report.NumericSample;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * The features of the calibration suite: each a seeded generator of values, a reference profile
 * built as {@code featurewatch baseline} builds it, and live windows drawn from the same generator,
 * accumulated as the monitoring job accumulates them.
 */
final class StationaryStreams {

  private StationaryStreams() {}

  /** A stationary feature: where its values come from. */
  interface Feature {
    String name();

    /** The reference profile of {@code rows} values. */
    FeatureProfile reference(int rows, SplittableRandom random);

    /** A live window of {@code n} predictions, aligned to the reference. */
    FeatureProfile window(FeatureProfile reference, int n, SplittableRandom random);
  }

  /** A numeric feature; NaN values are missing. */
  record Numeric(String name, ToDoubleFunction<SplittableRandom> generator) implements Feature {
    @Override
    public FeatureProfile reference(int rows, SplittableRandom random) {
      double[] finite = new double[rows];
      int f = 0;
      long nulls = 0;
      for (int i = 0; i < rows; i++) {
        double v = generator.applyAsDouble(random);
        if (Double.isNaN(v)) {
          nulls++;
        } else {
          finite[f++] = v;
        }
      }
      double[] values = java.util.Arrays.copyOf(finite, f);
      return Baselines.profile(
          new NumericSample(name, values, new MissingCounts(nulls, 0, 0, 0), 0), 10);
    }

    @Override
    public FeatureProfile window(FeatureProfile reference, int n, SplittableRandom random) {
      NumericAccumulator acc = NumericAccumulator.alignedTo((NumericProfile) reference);
      for (int i = 0; i < n; i++) {
        double v = generator.applyAsDouble(random);
        if (Double.isNaN(v)) {
          acc.addNull();
        } else {
          acc.add(v);
        }
      }
      return acc.toProfile();
    }
  }

  /** A categorical feature over categories {@code c0, c1, ...} with the given weights. */
  record Categorical(String name, double[] weights) implements Feature {
    @Override
    public FeatureProfile reference(int rows, SplittableRandom random) {
      Sampling.Alias alias = new Sampling.Alias(weights);
      Map<String, Long> counts = new HashMap<>();
      for (int i = 0; i < rows; i++) {
        counts.merge("c" + alias.draw(random), 1L, Long::sum);
      }
      return Baselines.profile(new CategoricalSample(name, counts, 0), 10);
    }

    @Override
    public FeatureProfile window(FeatureProfile reference, int n, SplittableRandom random) {
      Sampling.Alias alias = new Sampling.Alias(weights);
      CategoricalAccumulator acc = CategoricalAccumulator.alignedTo((CategoricalProfile) reference);
      for (int i = 0; i < n; i++) {
        acc.add("c" + alias.draw(random));
      }
      return acc.toProfile();
    }
  }

  /** Weights {@code 1 / (i + 1)^s} over {@code k} categories: a few common, many rare. */
  static double[] zipf(int k, double s) {
    double[] w = new double[k];
    for (int i = 0; i < k; i++) {
      w[i] = 1 / Math.pow(i + 1, s);
    }
    return w;
  }

  static double normal(SplittableRandom random) {
    return Sampling.gaussian(random);
  }

  static double poisson(SplittableRandom random, double mean) {
    double l = Math.exp(-mean);
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= random.nextDouble();
    } while (p > l);
    return k - 1;
  }

  /** The suite's features: numeric, categorical and with missing values. */
  static List<Feature> suite() {
    return List.of(
        new Numeric("normal", StationaryStreams::normal),
        new Numeric("lognormal", r -> Math.exp(normal(r))),
        new Numeric("poisson_ties", r -> poisson(r, 4)),
        new Numeric("constant", r -> 7.0),
        new Categorical("two_categories", new double[] {0.3, 0.7}),
        new Categorical("ten_categories", zipf(10, 1.0)),
        new Categorical("rare_categories", zipf(200, 1.2)),
        new Numeric("with_missing", r -> r.nextDouble() < 0.3 ? Double.NaN : normal(r)));
  }
}
