package dev.featurewatch.drift.report;

import dev.featurewatch.drift.method.DatasetDrift;
import dev.featurewatch.drift.method.DriftMethod;
import dev.featurewatch.drift.method.DriftScore;
import dev.featurewatch.drift.method.MethodSelector;
import dev.featurewatch.drift.profile.FeatureType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.IntStream;

/**
 * Compares every feature of a current dataset with its reference and gives the dataset verdict.
 *
 * <p>Each feature gets the method chosen by {@link MethodSelector} ("auto"), or the one method
 * given; numeric features with few distinct values are compared as categories. Features are
 * compared in parallel, on the common fork-join pool.
 *
 * <pre>{@code
 * DriftReport report = DriftAnalyzer.builder().build().compare(referenceSamples, currentSamples);
 * }</pre>
 */
public final class DriftAnalyzer {

  /** Unseen categories listed per feature; the count covers them all. */
  public static final int MAX_UNSEEN_LISTED = 20;

  private final Optional<DriftMethod> method;
  private final OptionalDouble threshold;
  private final double datasetThreshold;

  private DriftAnalyzer(Builder builder) {
    this.method = builder.method;
    this.threshold = builder.threshold;
    this.datasetThreshold = builder.datasetThreshold;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Compares samples of the same columns.
   *
   * @throws IllegalArgumentException if the two sides don't have the same column names, a column
   *     has different types on the two sides, or the method given does not apply to a feature's
   *     type
   */
  public DriftReport compare(List<Sample> reference, List<Sample> current) {
    Map<String, Sample> currentByName = new LinkedHashMap<>();
    current.forEach(s -> currentByName.put(s.name(), s));
    List<String> missingInCurrent =
        reference.stream().map(Sample::name).filter(n -> !currentByName.containsKey(n)).toList();
    List<String> referenceNames = reference.stream().map(Sample::name).toList();
    List<String> missingInReference =
        currentByName.keySet().stream().filter(n -> !referenceNames.contains(n)).toList();
    if (!missingInCurrent.isEmpty() || !missingInReference.isEmpty()) {
      throw new IllegalArgumentException(
          "reference and current must have the same columns: only in the reference "
              + missingInCurrent
              + ", only in the current "
              + missingInReference);
    }
    FeatureDrift[] features = new FeatureDrift[reference.size()];
    IntStream.range(0, features.length)
        .parallel()
        .forEach(
            i -> {
              Sample ref = reference.get(i);
              features[i] = compare(ref, currentByName.get(ref.name()));
            });
    return report(List.of(features));
  }

  private DriftReport report(List<FeatureDrift> features) {
    List<DriftScore> scores = features.stream().map(FeatureDrift::score).toList();
    return new DriftReport(features, DatasetDrift.of(scores, datasetThreshold));
  }

  private FeatureDrift compare(Sample reference, Sample current) {
    if (reference instanceof NumericSample ref && current instanceof NumericSample cur) {
      return compareNumeric(ref, cur);
    }
    if (reference instanceof CategoricalSample ref && current instanceof CategoricalSample cur) {
      return compareCategorical(ref, cur);
    }
    throw new IllegalArgumentException(
        "feature '"
            + reference.name()
            + "' must have the same type on both sides: "
            + typeOf(reference)
            + " in the reference, "
            + typeOf(current)
            + " in the current data");
  }

  private FeatureDrift compareNumeric(NumericSample reference, NumericSample current) {
    double[] ref = reference.sortedValues();
    double[] cur = current.sortedValues();
    MethodSelector.Choice choice =
        method
            .map(m -> forced(m, FeatureType.NUMERIC, reference.name()))
            .orElseGet(
                () ->
                    MethodSelector.select(
                        FeatureType.NUMERIC, ref.length, reference.distinctValues()));
    DriftMethod chosen = choice.method();
    double limit = threshold.orElse(chosen.defaultThreshold());
    DriftScore score =
        choice.compareAs() == FeatureType.NUMERIC
            ? chosen.compare(ref, cur, limit)
            : chosen.compareValuesAsCategories(ref, cur, limit);
    long outside = 0;
    if (ref.length > 0) {
      for (double v : cur) {
        if (v < ref[0] || v > ref[ref.length - 1]) {
          outside++;
        }
      }
    }
    return new FeatureDrift(
        reference.name(),
        FeatureType.NUMERIC,
        chosen,
        choice.compareAs(),
        score,
        summary(reference, ref.length),
        summary(current, cur.length),
        cur.length == 0 ? 0 : (double) outside / cur.length,
        List.of(),
        0);
  }

  private FeatureDrift compareCategorical(CategoricalSample reference, CategoricalSample current) {
    Map<String, Long> ref = reference.counts();
    List<Map.Entry<String, Long>> unseen =
        current.counts().entrySet().stream()
            .filter(e -> !ref.containsKey(e.getKey()))
            .sorted(
                Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()))
            .toList();
    // buckets: the reference categories in their order, then the unseen ones
    int buckets = ref.size() + unseen.size();
    long[] refCounts = new long[buckets];
    long[] curCounts = new long[buckets];
    int i = 0;
    for (Map.Entry<String, Long> e : ref.entrySet()) {
      refCounts[i] = e.getValue();
      curCounts[i] = current.counts().getOrDefault(e.getKey(), 0L);
      i++;
    }
    List<String> unseenNames = new ArrayList<>();
    long unseenCount = 0;
    for (Map.Entry<String, Long> e : unseen) {
      curCounts[i++] = e.getValue();
      unseenCount += e.getValue();
      if (unseenNames.size() < MAX_UNSEEN_LISTED) {
        unseenNames.add(e.getKey());
      }
    }
    MethodSelector.Choice choice =
        method
            .map(m -> forced(m, FeatureType.CATEGORICAL, reference.name()))
            .orElseGet(
                () ->
                    MethodSelector.select(
                        FeatureType.CATEGORICAL, reference.nonNull(), ref.size()));
    DriftMethod chosen = choice.method();
    DriftScore score =
        chosen.compare(refCounts, curCounts, threshold.orElse(chosen.defaultThreshold()));
    return new FeatureDrift(
        reference.name(),
        FeatureType.CATEGORICAL,
        chosen,
        FeatureType.CATEGORICAL,
        score,
        summary(reference, reference.nonNull()),
        summary(current, current.nonNull()),
        0,
        unseenNames,
        unseenCount);
  }

  /** The method the user chose, and how it sees a feature of the given type. */
  private static MethodSelector.Choice forced(DriftMethod method, FeatureType type, String name) {
    if (method.appliesTo(type)) {
      return new MethodSelector.Choice(method, type);
    }
    if (type == FeatureType.NUMERIC) {
      // chi-square and z-test on numeric values: each distinct value is a category
      return new MethodSelector.Choice(method, FeatureType.CATEGORICAL);
    }
    throw new IllegalArgumentException(
        "drift method "
            + method.id()
            + " compares numeric values, but feature '"
            + name
            + "' is categorical: use a method for categories or auto");
  }

  private static FeatureDrift.SideSummary summary(Sample sample, long values) {
    return new FeatureDrift.SideSummary(sample.rows(), values, sample.missing(), sample.invalid());
  }

  private static String typeOf(Sample sample) {
    return sample instanceof NumericSample ? "numeric" : "categorical";
  }

  /** Options of a {@link DriftAnalyzer}; all have defaults. */
  public static final class Builder {
    private Optional<DriftMethod> method = Optional.empty();
    private OptionalDouble threshold = OptionalDouble.empty();
    private double datasetThreshold = DatasetDrift.DEFAULT_THRESHOLD;

    private Builder() {}

    /**
     * One method for every feature; by default each feature gets its {@link MethodSelector} pick.
     */
    public Builder method(DriftMethod method) {
      this.method = Optional.of(method);
      return this;
    }

    /**
     * The drift threshold, in the score's units (a p-value or a distance); only with a {@link
     * #method}, since the automatic pick mixes the two. By default, each method's own.
     */
    public Builder threshold(double threshold) {
      this.threshold = OptionalDouble.of(threshold);
      return this;
    }

    /** The share of drifted features at and above which the dataset drifted; default 0.5. */
    public Builder datasetThreshold(double share) {
      if (!(share > 0 && share <= 1)) {
        throw new IllegalArgumentException(
            "dataset drift threshold is a share and must be in (0, 1]: " + share);
      }
      this.datasetThreshold = share;
      return this;
    }

    /**
     * @throws IllegalArgumentException if a threshold is given without a method
     */
    public DriftAnalyzer build() {
      if (threshold.isPresent() && method.isEmpty()) {
        throw new IllegalArgumentException(
            "a drift threshold needs a drift method: auto mixes p-values and distances, found"
                + " threshold "
                + threshold.getAsDouble()
                + " with method auto");
      }
      return new DriftAnalyzer(this);
    }
  }
}
