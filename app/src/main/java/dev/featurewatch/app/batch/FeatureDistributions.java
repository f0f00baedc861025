package dev.featurewatch.app.batch;

import dev.featurewatch.drift.method.DriftMethod;
import dev.featurewatch.drift.profile.BinEdges;
import dev.featurewatch.drift.profile.CategoricalProfile;
import dev.featurewatch.drift.profile.FeatureProfile;
import dev.featurewatch.drift.profile.FeatureType;
import dev.featurewatch.drift.profile.NumericProfile;
import dev.featurewatch.drift.profile.ValueCounts;
import dev.featurewatch.drift.report.CategoricalSample;
import dev.featurewatch.drift.report.FeatureDrift;
import dev.featurewatch.drift.report.NumericSample;
import dev.featurewatch.drift.report.Sample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Each feature's values on both sides, counted in the bins its method used, for the HTML report's
 * charts: a numeric feature in the reference's {@value DriftMethod#DEFAULT_BINS} quantile bins plus
 * the two outer bins (as the histogram methods count it, and as a baseline's profile holds it), a
 * numeric feature with few distinct values by value (as it was compared), a categorical one by
 * category, the {@value #MAX_CATEGORIES} most frequent shown and the rest summed.
 */
final class FeatureDistributions {

  /** Categories or values drawn one by one; the others are summed into one bar. */
  static final int MAX_CATEGORIES = 20;

  /**
   * Counts per bin on both sides.
   *
   * @param labels each bin's name: a range, a value or a category
   * @param note how the bins were made, shown under the chart
   */
  record Distribution(List<String> labels, long[] reference, long[] current, String note) {}

  private FeatureDistributions() {}

  /** From raw reference values ({@code --reference}). */
  static Optional<Distribution> of(FeatureDrift drift, Sample reference, Sample current) {
    if (reference instanceof CategoricalSample ref && current instanceof CategoricalSample cur) {
      return categories(ref.counts(), 0, cur.counts(), "by category");
    }
    if (!(reference instanceof NumericSample ref) || !(current instanceof NumericSample cur)) {
      return Optional.empty();
    }
    double[] sortedReference = ref.sortedCopy();
    double[] sortedCurrent = cur.sortedCopy();
    if (sortedReference.length == 0 || sortedCurrent.length == 0) {
      return Optional.empty();
    }
    if (drift.comparedAs() == FeatureType.CATEGORICAL) {
      return categories(valueCounts(sortedReference), 0, valueCounts(sortedCurrent), "by value");
    }
    BinEdges edges = BinEdges.fitQuantiles(sortedReference, DriftMethod.DEFAULT_BINS);
    return Optional.of(
        bins(edges, edges.histogram(sortedReference), edges.histogram(sortedCurrent), drift));
  }

  /** From a baseline's profile ({@code --baseline}): the bins and counts the profile holds. */
  static Optional<Distribution> of(FeatureDrift drift, FeatureProfile reference, Sample current) {
    if (reference instanceof CategoricalProfile profile
        && current instanceof CategoricalSample cur) {
      return categories(profile.categories(), profile.other(), cur.counts(), "by category");
    }
    if (!(reference instanceof NumericProfile profile) || !(current instanceof NumericSample cur)) {
      return Optional.empty();
    }
    double[] sortedCurrent = cur.sortedCopy();
    Optional<ValueCounts> values = profile.valueCounts();
    if (drift.comparedAs() == FeatureType.CATEGORICAL && values.isPresent()) {
      Map<String, Long> counts = new LinkedHashMap<>();
      for (int i = 0; i < values.get().size(); i++) {
        counts.put(number(values.get().values()[i]), values.get().counts()[i]);
      }
      return categories(counts, 0, valueCounts(sortedCurrent), "by value");
    }
    Optional<BinEdges> edges = profile.binEdges();
    if (edges.isEmpty() || profile.count() == 0) {
      return Optional.empty();
    }
    return Optional.of(
        bins(edges.get(), profile.binCounts(), edges.get().histogram(sortedCurrent), drift));
  }

  private static Distribution bins(
      BinEdges binEdges, long[] reference, long[] current, FeatureDrift drift) {
    double[] edges = binEdges.edges();
    List<String> labels = new ArrayList<>();
    labels.add("< " + number(edges[0]));
    if (edges.length == 1) {
      labels.add(number(edges[0]));
    }
    for (int i = 1; i < edges.length; i++) {
      labels.add(
          "["
              + number(edges[i - 1])
              + ", "
              + number(edges[i])
              + (i == edges.length - 1 ? "]" : ")"));
    }
    labels.add("> " + number(edges[edges.length - 1]));
    DriftMethod method = drift.method();
    String how =
        method == DriftMethod.KS || method == DriftMethod.WASSERSTEIN
            ? method.id() + " compares the values themselves; they are drawn in"
            : "The bins " + method.id() + " compared:";
    return new Distribution(
        labels,
        reference,
        current,
        how
            + " the reference's quantile bins, with values below its minimum and above its"
            + " maximum at the ends.");
  }

  /**
   * Bars of the most frequent categories of both sides, the rest summed into one; {@code
   * referenceOther} is what the reference already summed (a baseline keeps its top categories).
   */
  private static Optional<Distribution> categories(
      Map<String, Long> reference, long referenceOther, Map<String, Long> current, String how) {
    Map<String, long[]> both = new TreeMap<>();
    reference.forEach((name, count) -> both.computeIfAbsent(name, n -> new long[2])[0] += count);
    current.forEach((name, count) -> both.computeIfAbsent(name, n -> new long[2])[1] += count);
    if (both.isEmpty()) {
      return Optional.empty();
    }
    List<Map.Entry<String, long[]>> ordered = new ArrayList<>(both.entrySet());
    ordered.sort(
        Comparator.comparingLong(
                (Map.Entry<String, long[]> e) -> -(e.getValue()[0] + e.getValue()[1]))
            .thenComparing(Map.Entry::getKey));
    int shown = Math.min(ordered.size(), MAX_CATEGORIES);
    List<String> labels = new ArrayList<>();
    long[] ref = new long[shown + 1];
    long[] cur = new long[shown + 1];
    for (int i = 0; i < ordered.size(); i++) {
      int slot = Math.min(i, shown);
      if (i < shown) {
        labels.add(ordered.get(i).getKey());
      }
      ref[slot] += ordered.get(i).getValue()[0];
      cur[slot] += ordered.get(i).getValue()[1];
    }
    ref[shown] += referenceOther;
    int others = ordered.size() - shown;
    if (ref[shown] == 0 && cur[shown] == 0) {
      return Optional.of(
          new Distribution(
              labels,
              java.util.Arrays.copyOf(ref, shown),
              java.util.Arrays.copyOf(cur, shown),
              "Counted " + how + "."));
    }
    labels.add(others > 0 ? "other (" + others + ")" : "other");
    return Optional.of(
        new Distribution(
            labels,
            ref,
            cur,
            "Counted "
                + how
                + "; the "
                + MAX_CATEGORIES
                + " most frequent are drawn, the rest summed as other."));
  }

  /** The count of each distinct value of sorted values, by the value's label. */
  private static Map<String, Long> valueCounts(double[] sorted) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int i = 0; i < sorted.length; ) {
      int j = i;
      while (j < sorted.length && sorted[j] == sorted[i]) {
        j++;
      }
      counts.merge(number(sorted[i]), (long) (j - i), Long::sum);
      i = j;
    }
    return counts;
  }

  /** A bin edge or value, short: at most 5 significant digits. */
  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    String text = String.format(Locale.ROOT, "%.5g", value);
    if (text.contains("e")) {
      return text;
    }
    text = text.replaceAll("0+$", "");
    return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
  }
}
