package dev.featurewatch.drift.multivariate;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A categorical feature as the reconstruction model sees it, as NannyML encodes it: a missing value
 * is the reference's most frequent category (scikit-learn's {@code SimpleImputer(strategy=
 * "most_frequent")}, the smallest of tied ones), and a category is the share of reference rows that
 * have it (category_encoders' {@code CountEncoder(normalize=True)}), 0 for a category the reference
 * never had.
 *
 * @param shares each reference category's share of the rows, the missing ones counted as {@code
 *     imputed}
 * @param imputed the category a missing value stands for
 */
public record CategoryEncoding(Map<String, Double> shares, String imputed) {

  public CategoryEncoding {
    shares = Map.copyOf(new TreeMap<>(shares));
    Objects.requireNonNull(imputed, "imputed");
    if (!shares.containsKey(imputed)) {
      throw new IllegalArgumentException(
          "the imputed category '" + imputed + "' is not among the reference's " + shares.keySet());
    }
    for (Map.Entry<String, Double> e : shares.entrySet()) {
      if (!(e.getValue() > 0 && e.getValue() <= 1)) {
        throw new IllegalArgumentException(
            "category '" + e.getKey() + "' must have a share in (0, 1], found " + e.getValue());
      }
    }
  }

  /**
   * Fits on a reference column.
   *
   * @param values the categories, null for missing
   * @throws IllegalArgumentException when every value is missing
   */
  public static CategoryEncoding fit(String[] values) {
    Map<String, Long> counts = new TreeMap<>();
    long missing = 0;
    for (String v : values) {
      if (v == null) {
        missing++;
      } else {
        counts.merge(v, 1L, Long::sum);
      }
    }
    if (counts.isEmpty()) {
      throw new IllegalArgumentException("a categorical feature without reference values");
    }
    // the most frequent, the first (smallest) of tied ones in the sorted map
    String imputed = null;
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      if (imputed == null || e.getValue() > counts.get(imputed)) {
        imputed = e.getKey();
      }
    }
    counts.merge(imputed, missing, Long::sum);
    Map<String, Double> shares = new TreeMap<>();
    counts.forEach((category, count) -> shares.put(category, (double) count / values.length));
    return new CategoryEncoding(shares, imputed);
  }

  /** The value of a category, null for missing. */
  public double encode(String category) {
    Double share = shares.get(category == null ? imputed : category);
    return share == null ? 0 : share;
  }
}
