package dev.featurewatch.drift.multivariate;

import dev.featurewatch.drift.method.DriftScore.Verdict;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Multivariate drift by PCA reconstruction error (NannyML's data-reconstruction drift), judged at α
 * like the per-feature verdicts. Numeric features are taken as they are (a missing one is imputed
 * with the reference's mean); categorical ones as NannyML encodes them ({@link CategoryEncoding}).
 *
 * <p>Fitted on the reference's even rows; its odd rows, which the model did not see, give the
 * error's mean {@code μ} and standard deviation {@code σ} on unchanged data (errors of the rows a
 * PCA was fitted on are smaller than those of new rows). A window's mean error over {@code n} rows
 * is then about normal around {@code μ} with standard error {@code σ/√n} (NannyML's sampling
 * error), and {@code μ} itself is estimated from {@code m} held-out rows: as for the per-feature
 * nulls, the estimate's own error is an offset that every window shares, covered at its 1 - α
 * quantile. The window drifted when its mean error exceeds {@code μ + z_α σ (1/√m + 1/√n)}; only a
 * rise counts (rows leaving the reference's principal subspace), and its p-value is {@code 1 - Φ((e
 * - μ - z_α σ/√m) / (σ/√n))}. Fewer rows than {@link #DEFAULT_MIN_ROWS} are not judged.
 *
 * <p>Immutable.
 */
public final class ReconstructionDrift {

  /** The method's id in results and metrics. */
  public static final String METHOD = "pca_reconstruction";

  /** Rows a window needs for a verdict. */
  public static final int DEFAULT_MIN_ROWS = 20;

  private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

  private final List<String> features;
  private final Map<String, CategoryEncoding> categories;
  private final ReconstructionModel model;
  private final double errorMean;
  private final double errorSd;
  private final long heldOut;

  private ReconstructionDrift(
      List<String> features,
      Map<String, CategoryEncoding> categories,
      ReconstructionModel model,
      double errorMean,
      double errorSd,
      long heldOut) {
    this.features = List.copyOf(features);
    this.categories = Map.copyOf(categories);
    this.model = model;
    this.errorMean = errorMean;
    this.errorSd = errorSd;
    this.heldOut = heldOut;
  }

  /**
   * Fits on reference rows of numeric and categorical features.
   *
   * @param features the features' names, in the rows' order
   * @param categorical those of them that are categorical
   * @param rows the reference rows: a number (a numeric feature; anything else is missing) or a
   *     category (a categorical one: the value's text), null for missing; at least 4
   * @throws IllegalArgumentException for fewer than 4 rows, rows of other lengths, or a categorical
   *     feature without values
   */
  public static ReconstructionDrift fit(
      List<String> features, Set<String> categorical, Object[][] rows) {
    Map<String, CategoryEncoding> categories = new HashMap<>();
    for (int j = 0; j < features.size(); j++) {
      String name = features.get(j);
      if (categorical.contains(name)) {
        String[] column = new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
          column[i] = category(rows[i][j]);
        }
        try {
          categories.put(name, CategoryEncoding.fit(column));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("feature '" + name + "': " + e.getMessage(), e);
        }
      }
    }
    double[][] encoded = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      encoded[i] = encode(features, categories, rows[i]);
    }
    return fitEncoded(features, categories, encoded);
  }

  /**
   * Fits on reference rows of numeric features.
   *
   * @param features the numeric features' names, in the rows' order
   * @param rows the reference rows, NaN for missing; at least 4
   * @throws IllegalArgumentException for fewer than 4 rows or rows of other lengths
   */
  public static ReconstructionDrift fit(List<String> features, double[][] rows) {
    return fitEncoded(features, Map.of(), rows);
  }

  /** Fits on encoded rows: the model on the even ones, the error's distribution on the odd ones. */
  private static ReconstructionDrift fitEncoded(
      List<String> features, Map<String, CategoryEncoding> categories, double[][] rows) {
    if (rows.length < 4) {
      throw new IllegalArgumentException(
          "reconstruction drift needs at least 4 reference rows: " + rows.length);
    }
    double[][] fitRows = new double[(rows.length + 1) / 2][];
    double[][] heldOutRows = new double[rows.length / 2][];
    for (int i = 0; i < rows.length; i++) {
      if (i % 2 == 0) {
        fitRows[i / 2] = rows[i];
      } else {
        heldOutRows[i / 2] = rows[i];
      }
    }
    ReconstructionModel model =
        ReconstructionModel.fit(fitRows, ReconstructionModel.DEFAULT_VARIANCE_SHARE);
    if (model.features() != features.size()) {
      throw new IllegalArgumentException(
          "rows have " + model.features() + " features, but " + features.size() + " are named");
    }
    double[] errors = Arrays.stream(heldOutRows).mapToDouble(model::error).toArray();
    double mean = Arrays.stream(errors).average().orElseThrow();
    double squares = 0;
    for (double e : errors) {
      squares += (e - mean) * (e - mean);
    }
    return new ReconstructionDrift(
        features, categories, model, mean, Math.sqrt(squares / (errors.length - 1)), errors.length);
  }

  /**
   * A fitted drift read back from its parts.
   *
   * @param categories the encodings of the categorical features, by name
   */
  public static ReconstructionDrift of(
      List<String> features,
      Map<String, CategoryEncoding> categories,
      ReconstructionModel model,
      double errorMean,
      double errorSd,
      long heldOut) {
    if (model.features() != features.size()) {
      throw new IllegalArgumentException(
          "the model has " + model.features() + " features, but " + features.size() + " are named");
    }
    if (!features.containsAll(categories.keySet())) {
      throw new IllegalArgumentException(
          "categorical features " + categories.keySet() + " must be among " + features);
    }
    if (!(errorMean >= 0 && errorSd >= 0 && heldOut >= 2)) {
      throw new IllegalArgumentException(
          "the held-out errors need a mean and sd >= 0 over at least 2 rows: "
              + errorMean
              + ", "
              + errorSd
              + ", "
              + heldOut);
    }
    return new ReconstructionDrift(features, categories, model, errorMean, errorSd, heldOut);
  }

  /**
   * Writes the fitted drift, for a window's state: its parts, in a fixed layout of version 2 (1 had
   * no categorical features).
   */
  public void writeTo(DataOutput out) throws IOException {
    out.writeByte(2);
    out.writeInt(features.size());
    for (String f : features) {
      out.writeUTF(f);
    }
    out.writeInt(categories.size());
    for (Map.Entry<String, CategoryEncoding> c : new TreeMap<>(categories).entrySet()) {
      out.writeUTF(c.getKey());
      out.writeUTF(c.getValue().imputed());
      out.writeInt(c.getValue().shares().size());
      for (Map.Entry<String, Double> share : new TreeMap<>(c.getValue().shares()).entrySet()) {
        out.writeUTF(share.getKey());
        out.writeDouble(share.getValue());
      }
    }
    double[] means = model.means();
    double[] scales = model.scales();
    for (int j = 0; j < means.length; j++) {
      out.writeDouble(means[j]);
      out.writeDouble(scales[j]);
    }
    double[][] components = model.componentRows();
    out.writeInt(components.length);
    for (double[] row : components) {
      for (double v : row) {
        out.writeDouble(v);
      }
    }
    out.writeDouble(errorMean);
    out.writeDouble(errorSd);
    out.writeLong(heldOut);
  }

  /** The drift {@link #writeTo} wrote. */
  public static ReconstructionDrift readFrom(DataInput in) throws IOException {
    byte version = in.readByte();
    if (version != 1 && version != 2) {
      throw new IOException("reconstruction drift state version " + version + " is not 1 or 2");
    }
    int d = in.readInt();
    List<String> features = new ArrayList<>();
    for (int j = 0; j < d; j++) {
      features.add(in.readUTF());
    }
    Map<String, CategoryEncoding> categories = new HashMap<>();
    int categorical = version >= 2 ? in.readInt() : 0;
    for (int c = 0; c < categorical; c++) {
      String name = in.readUTF();
      String imputed = in.readUTF();
      Map<String, Double> shares = new HashMap<>();
      int n = in.readInt();
      for (int k = 0; k < n; k++) {
        shares.put(in.readUTF(), in.readDouble());
      }
      categories.put(name, new CategoryEncoding(shares, imputed));
    }
    double[] means = new double[d];
    double[] scales = new double[d];
    for (int j = 0; j < d; j++) {
      means[j] = in.readDouble();
      scales[j] = in.readDouble();
    }
    double[][] components = new double[in.readInt()][d];
    for (double[] row : components) {
      for (int j = 0; j < d; j++) {
        row[j] = in.readDouble();
      }
    }
    return new ReconstructionDrift(
        features,
        categories,
        ReconstructionModel.of(means, scales, components),
        in.readDouble(),
        in.readDouble(),
        in.readLong());
  }

  /** The features the model reconstructs, in its order. */
  public List<String> features() {
    return features;
  }

  /** The encodings of the categorical ones among them, by name; the others are numeric. */
  public Map<String, CategoryEncoding> categories() {
    return categories;
  }

  /**
   * The reconstruction error of one row of {@link #features()}: a number for a numeric feature (a
   * non-finite number or another value is missing), a category for a categorical one (the value's
   * text), null for missing.
   */
  public double error(Object[] row) {
    return model.error(encode(features, categories, row));
  }

  /** A row as the model's numbers: categories encoded, anything missing or invalid NaN. */
  static double[] encode(
      List<String> features, Map<String, CategoryEncoding> categories, Object[] row) {
    if (row.length != features.size()) {
      throw new IllegalArgumentException(
          "a row must have " + features.size() + " features, found " + row.length);
    }
    double[] encoded = new double[row.length];
    for (int j = 0; j < row.length; j++) {
      CategoryEncoding encoding = categories.get(features.get(j));
      Object v = row[j];
      if (encoding != null) {
        encoded[j] = encoding.encode(category(v));
      } else {
        encoded[j] =
            v instanceof Number n && Double.isFinite(n.doubleValue())
                ? n.doubleValue()
                : Double.NaN;
      }
    }
    return encoded;
  }

  /** A categorical value's category, as the profiles count it: its text; null for missing. */
  private static String category(Object value) {
    return value == null ? null : value.toString();
  }

  public ReconstructionModel model() {
    return model;
  }

  /** The mean error of the held-out reference rows. */
  public double errorMean() {
    return errorMean;
  }

  /** The standard deviation of the held-out reference rows' errors. */
  public double errorSd() {
    return errorSd;
  }

  /** Held-out reference rows. */
  public long heldOut() {
    return heldOut;
  }

  /**
   * A window's verdict.
   *
   * @param meanError the window's mean reconstruction error
   * @param rows the window's rows
   */
  public Judgement judge(double meanError, long rows, double alpha, int minRows) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1): " + alpha);
    }
    double z = STANDARD_NORMAL.inverseSurvivalProbability(alpha);
    double offset = z * errorSd / Math.sqrt(heldOut);
    double threshold = errorMean + offset + z * errorSd / Math.sqrt(Math.max(rows, 1));
    if (rows < minRows) {
      return new Judgement(
          meanError,
          threshold,
          Double.NaN,
          Verdict.INSUFFICIENT_DATA,
          rows
              + " rows in the window, fewer than the "
              + minRows
              + " that "
              + METHOD
              + " needs for a verdict");
    }
    double standardError = errorSd / Math.sqrt(rows);
    double p =
        standardError == 0
            ? (meanError > errorMean + offset ? 0 : 1)
            : STANDARD_NORMAL.survivalProbability((meanError - errorMean - offset) / standardError);
    return new Judgement(
        meanError, threshold, p, p <= alpha ? Verdict.DRIFT : Verdict.NO_DRIFT, "");
  }

  /**
   * A window's multivariate verdict.
   *
   * @param meanError the window's mean reconstruction error
   * @param threshold the error at which the verdict turns to drift
   * @param pValue the probability of an error at least this large when nothing changed; NaN when
   *     not judged
   * @param verdict drift, no drift, or insufficient data
   * @param reason why not judged; empty otherwise
   */
  public record Judgement(
      double meanError, double threshold, double pValue, Verdict verdict, String reason) {
    public Judgement {
      Objects.requireNonNull(verdict, "verdict");
      Objects.requireNonNull(reason, "reason");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReconstructionDrift r
        && features.equals(r.features)
        && categories.equals(r.categories)
        && Arrays.equals(model.means(), r.model.means())
        && Arrays.equals(model.scales(), r.model.scales())
        && Arrays.deepEquals(model.componentRows(), r.model.componentRows())
        && Double.compare(errorMean, r.errorMean) == 0
        && Double.compare(errorSd, r.errorSd) == 0
        && heldOut == r.heldOut;
  }

  @Override
  public int hashCode() {
    return Objects.hash(features, categories, errorMean, errorSd, heldOut);
  }

  @Override
  public String toString() {
    return "ReconstructionDrift["
        + features
        + ", "
        + model.components()
        + " components, error "
        + errorMean
        + " ± "
        + errorSd
        + "]";
  }
}
