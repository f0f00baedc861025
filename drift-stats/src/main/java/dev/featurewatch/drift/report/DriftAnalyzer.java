package dev.featurewatch.drift.report;

import dev.featurewatch.drift.baseline.Baseline;
import dev.featurewatch.drift.calibration.Calibration;
import dev.featurewatch.drift.calibration.FalseDiscovery;
import dev.featurewatch.drift.calibration.NullModel;
import dev.featurewatch.drift.method.DatasetDrift;
import dev.featurewatch.drift.method.DriftMethod;
import dev.featurewatch.drift.method.DriftScore;
import dev.featurewatch.drift.method.MethodSelector;
import dev.featurewatch.drift.method.ScoreKind;
import dev.featurewatch.drift.profile.AlignedCounts;
import dev.featurewatch.drift.profile.CategoricalAccumulator;
import dev.featurewatch.drift.profile.CategoricalProfile;
import dev.featurewatch.drift.profile.FeatureProfile;
import dev.featurewatch.drift.profile.FeatureType;
import dev.featurewatch.drift.profile.NumericAccumulator;
import dev.featurewatch.drift.profile.NumericProfile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
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

  /** Null models kept per analyzer: one per (reference profile, method, form), least used out. */
  private static final int MAX_NULL_MODELS = 512;

  private final Optional<DriftMethod> method;
  private final OptionalDouble threshold;
  private final double datasetThreshold;
  private final OptionalDouble alpha;
  private final double floor;
  private final OptionalInt minSamples;
  private final boolean falseDiscoveryControl;
  private final Map<NullKey, NullModel> nulls =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<NullKey, NullModel> eldest) {
              return size() > MAX_NULL_MODELS;
            }
          });

  private DriftAnalyzer(Builder builder) {
    this.method = builder.method;
    this.threshold = builder.threshold;
    this.datasetThreshold = builder.datasetThreshold;
    this.alpha = builder.alpha;
    this.floor = builder.floor;
    this.minSamples = builder.minSamples;
    this.falseDiscoveryControl = builder.falseDiscoveryControl;
  }

  /** A reference profile, a method and whether it compares values as categories. */
  private record NullKey(FeatureProfile reference, DriftMethod method, boolean asValues) {}

  /** Whether verdicts are calibrated at an α (else every method has a fixed threshold). */
  public boolean calibrated() {
    return alpha.isPresent();
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
    Map<String, Sample> currentByName =
        matchByName("reference", reference.stream().map(Sample::name).toList(), current);
    List<NumericSample> numeric =
        reference.stream()
            .filter(r -> r instanceof NumericSample)
            .map(r -> (NumericSample) r)
            .toList();
    if (method.orElse(null) == DriftMethod.Z_TEST) {
      checkZTest(
          numeric.stream().map(Sample::name).toList(),
          numeric.stream().map(NumericSample::distinctValues).toList());
    }
    return report(reference, ref -> compare(ref, currentByName.get(ref.name())));
  }

  /**
   * Compares current samples with a baseline's profiles, by the streaming forms of the methods:
   * histogram methods on the baseline's bins and categories, KS and Wasserstein on the KLL sketches
   * (approximate; see {@link DriftMethod#compare( org.apache.datasketches.kll.KllDoublesSketch,
   * org.apache.datasketches.kll.KllDoublesSketch, double)}).
   *
   * @throws IllegalArgumentException if the current samples are not the baseline's features, a
   *     feature has another type than in the baseline, or the method given does not apply
   */
  public DriftReport compare(Baseline baseline, List<Sample> current) {
    List<FeatureProfile> profiles = List.copyOf(baseline.features().values());
    Map<String, Sample> currentByName =
        matchByName("baseline", List.copyOf(baseline.features().keySet()), current);
    List<NumericProfile> numeric =
        profiles.stream()
            .filter(p -> p instanceof NumericProfile)
            .map(p -> (NumericProfile) p)
            .toList();
    checkZTest(
        numeric.stream().map(NumericProfile::name).toList(),
        numeric.stream().map(NumericProfile::distinctValuesCapped).toList());
    return report(profiles, profile -> compare(profile, currentByName.get(profile.name())));
  }

  /**
   * Compares one feature's live profile with its reference profile: the streaming form, as a
   * monitor compares each window with a baseline. Build the live side with {@link
   * NumericAccumulator#alignedTo} or {@link CategoricalAccumulator#alignedTo} the reference. The
   * histogram methods and chi-square are exact on the aligned bin, value and category counts; KS
   * and Wasserstein compare the two KLL sketches, approximately (the bounds are in {@code
   * SketchForms}), Wasserstein normed by the reference's exact standard deviation.
   *
   * @throws IncomparableDataException if the two profiles have different types, or the z-test is
   *     asked of a numeric feature with more than a few distinct reference values
   * @throws IllegalArgumentException for profiles of different features, or a live side not aligned
   *     to the reference
   */
  public FeatureDrift compare(FeatureProfile reference, FeatureProfile live) {
    if (!reference.name().equals(live.name())) {
      throw new IllegalArgumentException(
          "cannot compare '" + live.name() + "' with the reference of '" + reference.name() + "'");
    }
    if (reference instanceof NumericProfile ref && live instanceof NumericProfile cur) {
      checkZTest(List.of(ref.name()), List.of(ref.distinctValuesCapped()));
      return compareNumeric(
          ref,
          cur,
          summary(cur),
          (method, limit) ->
              method == DriftMethod.KS
                  ? method.compare(ref.sketch(), cur.sketch(), limit)
                  : method.compareWasserstein(
                      ref.sketch(), Math.sqrt(ref.populationVariance()), cur.sketch(), limit));
    }
    if (reference instanceof CategoricalProfile ref && live instanceof CategoricalProfile cur) {
      return compareCategorical(ref, cur, summary(cur));
    }
    throw typeChanged(reference, live.type().name().toLowerCase(java.util.Locale.ROOT));
  }

  private static IncomparableDataException typeChanged(FeatureProfile reference, String current) {
    return new IncomparableDataException(
        "feature '"
            + reference.name()
            + "' is "
            + reference.type().name().toLowerCase(java.util.Locale.ROOT)
            + " in the baseline but "
            + current
            + " in the current data");
  }

  /**
   * The current samples by name, checked to be exactly the reference's features.
   *
   * @param side what the reference is, for the error message
   */
  private static Map<String, Sample> matchByName(
      String side, List<String> referenceNames, List<Sample> current) {
    Map<String, Sample> currentByName = new LinkedHashMap<>();
    current.forEach(s -> currentByName.put(s.name(), s));
    List<String> onlyReference =
        referenceNames.stream().filter(n -> !currentByName.containsKey(n)).toList();
    List<String> onlyCurrent =
        currentByName.keySet().stream().filter(n -> !referenceNames.contains(n)).toList();
    if (!onlyReference.isEmpty() || !onlyCurrent.isEmpty()) {
      throw new IncomparableDataException(
          "the current data must have the "
              + side
              + "'s features: only in the "
              + side
              + " "
              + onlyReference
              + ", only in the current "
              + onlyCurrent);
    }
    return currentByName;
  }

  /** Compares every feature, in parallel, and gives the report in the features' order. */
  private <T> DriftReport report(List<T> references, Function<T, FeatureDrift> comparison) {
    FeatureDrift[] features = new FeatureDrift[references.size()];
    // a worker's exception would reach the caller re-wrapped by the fork-join pool: keep the first
    // one and throw it as it was
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    IntStream.range(0, features.length)
        .parallel()
        .forEach(
            i -> {
              try {
                features[i] = comparison.apply(references.get(i));
              } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
              }
            });
    if (failure.get() != null) {
      throw failure.get();
    }
    List<FeatureDrift> results = controlFalseDiscoveries(List.of(features));
    List<DriftScore> scores = results.stream().map(FeatureDrift::score).toList();
    return new DriftReport(results, DatasetDrift.of(scores, datasetThreshold));
  }

  /**
   * The features' calibrated verdicts after Benjamini–Hochberg at α over the family of them, when
   * calibrated with false-discovery control; else the verdicts as they are.
   */
  private List<FeatureDrift> controlFalseDiscoveries(List<FeatureDrift> features) {
    if (!calibrated() || !falseDiscoveryControl) {
      return features;
    }
    List<DriftScore> adjusted =
        adjust(features.stream().map(FeatureDrift::score).toList(), alpha.getAsDouble());
    List<FeatureDrift> result = new ArrayList<>();
    for (int i = 0; i < features.size(); i++) {
      result.add(features.get(i).withScore(adjusted.get(i)));
    }
    return result;
  }

  /**
   * Scores after Benjamini–Hochberg at {@code q} over the calibrated ones among them (judged, with
   * a calibrated threshold); the others are returned as they are.
   */
  public static List<DriftScore> adjust(List<DriftScore> scores, double q) {
    double[] p = new double[scores.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = familyPValue(scores.get(i));
    }
    double[] adjusted = FalseDiscovery.adjust(p);
    List<DriftScore> result = new ArrayList<>();
    for (int i = 0; i < p.length; i++) {
      result.add(Double.isNaN(p[i]) ? scores.get(i) : scores.get(i).adjusted(adjusted[i], q));
    }
    return result;
  }

  /**
   * A score's p-value in its family's false-discovery control: calibrated and judged ones take
   * part, the others (fixed thresholds, too few values) are NaN and stay out.
   */
  public static double familyPValue(DriftScore score) {
    boolean inFamily =
        score.thresholdSource() == DriftScore.ThresholdSource.CALIBRATED
            && score.verdict() != DriftScore.Verdict.INSUFFICIENT_DATA;
    return inFamily ? score.pValue() : Double.NaN;
  }

  /**
   * A method's raw score judged as this analyzer judges: unchanged without α; with α, not judged
   * below the method's minimum sample, held at a fixed threshold when one was given (with its
   * estimated false-alarm rate), else calibrated at α.
   *
   * @param windowSize the live side's values compared
   * @param asValues whether the method compared the reference's values as categories
   * @param ownPValue whether the test's own p-value holds for these data
   * @param referenceCounts the aligned counts compared, for chi-square and the z-test; else null
   * @param liveCounts as {@code referenceCounts}, the live side's
   */
  private DriftScore judge(
      DriftScore raw,
      FeatureProfile reference,
      long windowSize,
      boolean asValues,
      boolean ownPValue,
      long[] referenceCounts,
      long[] liveCounts) {
    if (!calibrated() || raw.verdict() == DriftScore.Verdict.INSUFFICIENT_DATA) {
      return raw;
    }
    DriftMethod m = raw.method();
    int min = minSamples.orElse(Calibration.defaultMinSamples(m));
    if (windowSize < min) {
      return raw.insufficient(
          windowSize
              + " values in the window, fewer than the "
              + min
              + " that "
              + m.id()
              + " needs for a verdict");
    }
    NullModel model =
        nulls.computeIfAbsent(
            new NullKey(reference, m, asValues),
            key ->
                reference instanceof NumericProfile numeric
                    ? NullModel.of(m, numeric, asValues)
                    : NullModel.of(m, (CategoricalProfile) reference));
    NullModel.Observation observed =
        new NullModel.Observation(raw, windowSize, ownPValue, referenceCounts, liveCounts);
    boolean given = method.isPresent() && method.get() == m;
    if (given && threshold.isPresent()) {
      return model.withFalseAlarmRate(observed);
    }
    return model.calibrate(observed, alpha.getAsDouble(), given ? floor : 0);
  }

  /**
   * {@link #judge} for a score of aligned counts, which chi-square and the z-test are judged on.
   */
  private DriftScore judgeCounts(
      DriftScore raw,
      FeatureProfile reference,
      long windowSize,
      boolean asValues,
      AlignedCounts counts) {
    return judge(
        raw,
        reference,
        windowSize,
        asValues,
        NullModel.ownPValueHolds(raw.method(), counts.reference(), counts.live()),
        counts.reference(),
        counts.live());
  }

  /**
   * {@link #judge} for a score of raw numeric values: the null comes from the reference's profile,
   * as a baseline would keep it (bins, value counts, a sketch), and so do the counts chi-square and
   * the z-test are judged on. For Wasserstein that null includes the sketches' error, which the
   * exact score does not have: on the safe side.
   *
   * @param current the current finite values, sorted
   */
  private DriftScore judgeRaw(
      DriftScore raw, NumericSample reference, double[] current, boolean asValues) {
    if (!calibrated() || raw.verdict() == DriftScore.Verdict.INSUFFICIENT_DATA) {
      return raw;
    }
    NumericProfile profile =
        (NumericProfile) Baselines.profile(reference, DriftMethod.DEFAULT_BINS);
    DriftMethod m = raw.method();
    if (m == DriftMethod.KS) {
      // an exact two-sample test
      boolean own = NullModel.ownPValueHolds(profile.count(), current.length, true, true);
      return judge(raw, profile, current.length, false, own, null, null);
    }
    if (m != DriftMethod.CHI_SQUARE && m != DriftMethod.Z_TEST) {
      return judge(raw, profile, current.length, asValues, false, null, null);
    }
    NumericAccumulator acc = NumericAccumulator.alignedTo(profile);
    for (double v : current) {
      acc.add(v);
    }
    NumericProfile live = acc.toProfile();
    AlignedCounts counts =
        asValues ? live.valueCountsAlignedTo(profile) : live.countsAlignedTo(profile);
    return judgeCounts(raw, profile, current.length, asValues, counts);
  }

  private FeatureDrift compare(FeatureProfile reference, Sample current) {
    if (reference instanceof NumericProfile ref && current instanceof NumericSample cur) {
      return compareNumeric(ref, cur);
    }
    if (reference instanceof CategoricalProfile ref && current instanceof CategoricalSample cur) {
      return compareCategorical(ref, cur);
    }
    throw typeChanged(reference, typeOf(current));
  }

  private FeatureDrift compareNumeric(NumericProfile reference, NumericSample current) {
    NumericAccumulator acc = NumericAccumulator.alignedTo(reference);
    double[] cur = current.sortedValues();
    for (double v : cur) {
      acc.add(v);
    }
    // the current values are at hand: only the baseline's side of KS and Wasserstein is a sketch
    return compareNumeric(
        reference,
        acc.toProfile(),
        summary(current, cur.length),
        (method, limit) ->
            method.compareToSketch(
                reference.sketch(), Math.sqrt(reference.populationVariance()), cur, limit));
  }

  /** How KS or Wasserstein scores a feature against its baseline, given the threshold. */
  private interface SketchScore {
    DriftScore score(DriftMethod method, double threshold);
  }

  /**
   * A numeric feature's live profile, accumulated aligned to the reference, against it.
   *
   * @param current the live side's sizes, as the caller counted them
   */
  private FeatureDrift compareNumeric(
      NumericProfile reference,
      NumericProfile live,
      FeatureDrift.SideSummary current,
      SketchScore sketchScore) {
    MethodSelector.Choice choice =
        numericChoice(reference.count(), reference.distinctValuesCapped());
    DriftMethod chosen = choice.method();
    double limit = thresholdFor(chosen);
    DriftScore score;
    AlignedCounts valueCounts = null;
    if (reference.count() == 0 || live.count() == 0 || reference.binEdges().isEmpty()) {
      String reason =
          reference.count() == 0
              ? "no reference values"
              : live.count() == 0
                  ? "no current values"
                  : "the baseline has no bins for this feature";
      score = DriftScore.insufficient(chosen, limit, reason);
    } else if (choice.compareAs() == FeatureType.CATEGORICAL) {
      // each reference value a category, and one more for every value the reference did not have
      valueCounts = live.valueCountsAlignedTo(reference);
      score = chosen.compare(valueCounts.reference(), valueCounts.live(), limit);
      score = judgeCounts(score, reference, live.count(), true, valueCounts);
    } else if (chosen == DriftMethod.KS || chosen == DriftMethod.WASSERSTEIN) {
      score = sketchScore.score(chosen, limit);
      boolean ownPValue =
          chosen == DriftMethod.KS
              && NullModel.ownPValueHolds(
                  reference.count(),
                  live.count(),
                  !reference.sketch().isEstimationMode(),
                  !live.sketch().isEstimationMode());
      score = judge(score, reference, live.count(), false, ownPValue, null, null);
    } else {
      AlignedCounts counts = live.countsAlignedTo(reference);
      score = chosen.compareBins(counts.reference(), counts.live(), limit);
      score = judgeCounts(score, reference, live.count(), false, counts);
    }
    long[] bins = live.binCounts();
    // the two outer bins hold the values outside the reference's [min, max]
    long outside = bins.length == 0 ? 0 : bins[0] + bins[bins.length - 1];
    return new FeatureDrift(
        reference.name(),
        FeatureType.NUMERIC,
        chosen,
        choice.compareAs(),
        score,
        summary(reference),
        current,
        live.count() == 0 ? 0 : (double) outside / live.count(),
        valueCounts == null ? List.of() : valueCounts.unseenCategories(),
        valueCounts == null ? 0 : valueCounts.live()[valueCounts.buckets() - 1]);
  }

  private FeatureDrift compareCategorical(CategoricalProfile reference, CategoricalSample current) {
    CategoricalAccumulator acc = CategoricalAccumulator.alignedTo(reference);
    Baselines.addCounts(acc, current);
    return compareCategorical(reference, acc.toProfile(), summary(current, current.nonNull()));
  }

  /**
   * A categorical feature's live profile, accumulated aligned to the reference, against it.
   *
   * @param current the live side's sizes, as the caller counted them
   */
  private FeatureDrift compareCategorical(
      CategoricalProfile reference, CategoricalProfile live, FeatureDrift.SideSummary current) {
    AlignedCounts counts = live.countsAlignedTo(reference, MAX_UNSEEN_LISTED);
    DriftMethod chosen = categoricalMethod(reference.count(), reference.distinct());
    DriftScore score = chosen.compare(counts.reference(), counts.live(), thresholdFor(chosen));
    score = judgeCounts(score, reference, live.count(), false, counts);
    // an aligned profile retains every reference category: its other count is all unseen ones
    long unseen = live.other();
    for (Map.Entry<String, Long> e : live.categories().entrySet()) {
      if (!reference.categories().containsKey(e.getKey())) {
        unseen += e.getValue();
      }
    }
    return new FeatureDrift(
        reference.name(),
        FeatureType.CATEGORICAL,
        chosen,
        FeatureType.CATEGORICAL,
        score,
        summary(reference),
        current,
        0,
        counts.unseenCategories(),
        unseen);
  }

  private FeatureDrift compare(Sample reference, Sample current) {
    if (reference instanceof NumericSample ref && current instanceof NumericSample cur) {
      return compareNumeric(ref, cur);
    }
    if (reference instanceof CategoricalSample ref && current instanceof CategoricalSample cur) {
      return compareCategorical(ref, cur);
    }
    throw new IncomparableDataException(
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
    MethodSelector.Choice choice = numericChoice(ref.length, reference.distinctValues());
    DriftMethod chosen = choice.method();
    double limit = thresholdFor(chosen);
    boolean asValues = choice.compareAs() == FeatureType.CATEGORICAL;
    DriftScore score =
        asValues
            ? chosen.compareValuesAsCategories(ref, cur, limit)
            : chosen.compare(ref, cur, limit);
    score = judgeRaw(score, reference, cur, asValues);
    List<String> unseen = List.of();
    long unseenCount = 0;
    if (choice.compareAs() == FeatureType.CATEGORICAL) {
      UnseenValues u = UnseenValues.of(ref, cur);
      unseen = u.listed();
      unseenCount = u.count();
    }
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
        unseen,
        unseenCount);
  }

  /** Current values the reference does not have, for numeric features compared as categories. */
  private record UnseenValues(List<String> listed, long count) {

    /** From both sides' sorted values, by one merge walk; listed most frequent first. */
    static UnseenValues of(double[] sortedReference, double[] sortedCurrent) {
      Map<Double, Long> unseen = new LinkedHashMap<>();
      int r = 0;
      long count = 0;
      for (double v : sortedCurrent) {
        while (r < sortedReference.length && sortedReference[r] < v) {
          r++;
        }
        if (r == sortedReference.length || sortedReference[r] != v) {
          unseen.merge(v == 0 ? 0.0 : v, 1L, Long::sum);
          count++;
        }
      }
      List<String> listed =
          unseen.entrySet().stream()
              .sorted(Map.Entry.<Double, Long>comparingByValue(Comparator.reverseOrder()))
              .limit(MAX_UNSEEN_LISTED)
              .map(e -> Double.toString(e.getKey()))
              .toList();
      return new UnseenValues(listed, count);
    }
  }

  /**
   * The method for a numeric feature: the one given or the automatic pick. Features with few
   * distinct values are compared as categories, except by KS and Wasserstein, which compare values;
   * the histogram methods and chi-square see the others through the reference's quantile bins.
   */
  private MethodSelector.Choice numericChoice(long size, long distinct) {
    if (method.isEmpty()) {
      return MethodSelector.select(FeatureType.NUMERIC, size, distinct);
    }
    DriftMethod m = method.get();
    boolean values = m == DriftMethod.KS || m == DriftMethod.WASSERSTEIN;
    return new MethodSelector.Choice(
        m,
        values || distinct > MethodSelector.FEW_VALUES
            ? FeatureType.NUMERIC
            : FeatureType.CATEGORICAL);
  }

  private FeatureDrift compareCategorical(CategoricalSample reference, CategoricalSample current) {
    Map<String, Long> ref = reference.counts();
    Comparator<Map.Entry<String, Long>> byCountThenName =
        Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey());
    List<Map.Entry<String, Long>> unseen =
        current.counts().entrySet().stream()
            .filter(e -> !ref.containsKey(e.getKey()))
            .sorted(byCountThenName)
            .toList();
    // buckets: the reference categories most frequent first (as a baseline orders them, so that
    // the z-test's first category is the same whatever the row order), then the unseen ones
    int buckets = ref.size() + unseen.size();
    long[] refCounts = new long[buckets];
    long[] curCounts = new long[buckets];
    int i = 0;
    for (Map.Entry<String, Long> e : ref.entrySet().stream().sorted(byCountThenName).toList()) {
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
    DriftMethod chosen = categoricalMethod(reference.nonNull(), ref.size());
    DriftScore score = chosen.compare(refCounts, curCounts, thresholdFor(chosen));
    if (calibrated() && score.verdict() != DriftScore.Verdict.INSUFFICIENT_DATA) {
      score =
          judge(
              score,
              Baselines.profile(reference, DriftMethod.DEFAULT_BINS),
              current.nonNull(),
              false,
              NullModel.ownPValueHolds(chosen, refCounts, curCounts),
              refCounts,
              curCounts);
    }
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

  /**
   * The method for a categorical feature: the one given if it compares categories, else (KS and
   * Wasserstein compare numbers) the automatic pick, so that one method can be chosen for the
   * numeric features of a mixed dataset.
   */
  private DriftMethod categoricalMethod(long size, long distinct) {
    return method
        .filter(m -> m.appliesTo(FeatureType.CATEGORICAL))
        .orElseGet(() -> MethodSelector.select(FeatureType.CATEGORICAL, size, distinct).method());
  }

  /** The threshold given applies to the method given; a method picked automatically has its own. */
  private double thresholdFor(DriftMethod chosen) {
    return method.isPresent() && method.get() == chosen
        ? threshold.orElse(chosen.defaultThreshold())
        : chosen.defaultThreshold();
  }

  /**
   * The z-test compares two categories: it cannot be applied to a numeric feature with more than a
   * few distinct values. Checked before any work, so that the error names every such feature.
   */
  private void checkZTest(List<String> names, List<Long> distinctValues) {
    if (method.orElse(null) != DriftMethod.Z_TEST) {
      return;
    }
    List<String> continuous = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      if (distinctValues.get(i) > MethodSelector.FEW_VALUES) {
        continuous.add(names.get(i));
      }
    }
    if (!continuous.isEmpty()) {
      throw new IncomparableDataException(
          "drift method ztest compares two categories, but these numeric features have more than "
              + MethodSelector.FEW_VALUES
              + " distinct values: "
              + continuous
              + "; use ks, wasserstein, a histogram method or auto");
    }
  }

  private static FeatureDrift.SideSummary summary(Sample sample, long values) {
    return new FeatureDrift.SideSummary(sample.rows(), values, sample.missing(), sample.invalid());
  }

  private static FeatureDrift.SideSummary summary(FeatureProfile profile) {
    long missing = profile.missing().total();
    return new FeatureDrift.SideSummary(profile.count() + missing, profile.count(), missing, 0);
  }

  private static String typeOf(Sample sample) {
    return sample instanceof NumericSample ? "numeric" : "categorical";
  }

  /** Options of a {@link DriftAnalyzer}; all have defaults. */
  public static final class Builder {
    private Optional<DriftMethod> method = Optional.empty();
    private OptionalDouble threshold = OptionalDouble.empty();
    private double datasetThreshold = DatasetDrift.DEFAULT_THRESHOLD;
    private OptionalDouble alpha = OptionalDouble.empty();
    private double floor;
    private OptionalInt minSamples = OptionalInt.empty();
    private boolean falseDiscoveryControl = true;

    private Builder() {}

    /**
     * Calibrated verdicts: each feature drifts when its score's p-value under "nothing changed", at
     * this reference and window size, is below {@code alpha} (see {@link NullModel}); windows with
     * fewer values than the method's minimum are not judged ({@link Calibration}); the features of
     * one comparison are a family whose false-discovery rate Benjamini–Hochberg holds at {@code
     * alpha}. A {@link #threshold} given with a method stays fixed for that method, and its
     * estimated false-alarm rate is reported. Without this, every method has a fixed threshold, as
     * in Evidently.
     */
    public Builder alpha(double alpha) {
      if (!(alpha > 0 && alpha < 1)) {
        throw new IllegalArgumentException("alpha must be in (0, 1): " + alpha);
      }
      this.alpha = OptionalDouble.of(alpha);
      return this;
    }

    /**
     * The effect-size floor of the {@link #method}'s calibrated verdicts, in its score's units:
     * drift needs the score to reach it too. Only with a method; none by default.
     */
    public Builder floor(double floor) {
      if (!(floor >= 0 && Double.isFinite(floor))) {
        throw new IllegalArgumentException("floor must be finite and >= 0: " + floor);
      }
      this.floor = floor;
      return this;
    }

    /** Values a window needs for a calibrated verdict, for every method; by default per method. */
    public Builder minSamples(int minSamples) {
      if (minSamples < 1) {
        throw new IllegalArgumentException("minimum samples must be >= 1: " + minSamples);
      }
      this.minSamples = OptionalInt.of(minSamples);
      return this;
    }

    /** Whether calibrated verdicts are controlled for false discoveries; on by default. */
    public Builder falseDiscoveryControl(boolean on) {
      this.falseDiscoveryControl = on;
      return this;
    }

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
      if (threshold.isPresent()) {
        method.get().checkThreshold(threshold.getAsDouble());
      }
      if (floor > 0 && method.isEmpty()) {
        throw new IllegalArgumentException(
            "an effect-size floor needs a drift method: auto mixes p-values and distances, found"
                + " floor "
                + floor
                + " with method auto");
      }
      if (floor > 0 && method.get().scoreKind() == ScoreKind.P_VALUE) {
        throw new IllegalArgumentException(
            "an effect-size floor is in a distance's units, but "
                + method.get().id()
                + " gives p-values: found floor "
                + floor);
      }
      return new DriftAnalyzer(this);
    }
  }
}
