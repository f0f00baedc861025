package dev.featurewatch.drift.multivariate;

import dev.featurewatch.drift.method.DriftScore.Verdict;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Multivariate drift by PCA reconstruction error (NannyML's data-reconstruction drift), judged at α
 * like the per-feature verdicts.
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
  private final ReconstructionModel model;
  private final double errorMean;
  private final double errorSd;
  private final long heldOut;

  private ReconstructionDrift(
      List<String> features,
      ReconstructionModel model,
      double errorMean,
      double errorSd,
      long heldOut) {
    this.features = List.copyOf(features);
    this.model = model;
    this.errorMean = errorMean;
    this.errorSd = errorSd;
    this.heldOut = heldOut;
  }

  /**
   * Fits on the reference: the model on its even rows, the error's distribution on its odd ones.
   *
   * @param features the numeric features' names, in the rows' order
   * @param rows the reference rows, NaN for missing; at least 4
   * @throws IllegalArgumentException for fewer than 4 rows or rows of other lengths
   */
  public static ReconstructionDrift fit(List<String> features, double[][] rows) {
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
        features, model, mean, Math.sqrt(squares / (errors.length - 1)), errors.length);
  }

  /** A fitted drift read back from its parts. */
  public static ReconstructionDrift of(
      List<String> features,
      ReconstructionModel model,
      double errorMean,
      double errorSd,
      long heldOut) {
    if (model.features() != features.size()) {
      throw new IllegalArgumentException(
          "the model has " + model.features() + " features, but " + features.size() + " are named");
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
    return new ReconstructionDrift(features, model, errorMean, errorSd, heldOut);
  }

  /** Writes the fitted drift, for a window's state: its parts, in a fixed layout of version 1. */
  public void writeTo(DataOutput out) throws IOException {
    out.writeByte(1);
    out.writeInt(features.size());
    for (String f : features) {
      out.writeUTF(f);
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
    if (version != 1) {
      throw new IOException("reconstruction drift state version " + version + " is not 1");
    }
    int d = in.readInt();
    List<String> features = new ArrayList<>();
    for (int j = 0; j < d; j++) {
      features.add(in.readUTF());
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
        ReconstructionModel.of(means, scales, components),
        in.readDouble(),
        in.readDouble(),
        in.readLong());
  }

  /** The numeric features the model reconstructs, in its order. */
  public List<String> features() {
    return features;
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
        && Arrays.equals(model.means(), r.model.means())
        && Arrays.equals(model.scales(), r.model.scales())
        && Arrays.deepEquals(model.componentRows(), r.model.componentRows())
        && Double.compare(errorMean, r.errorMean) == 0
        && Double.compare(errorSd, r.errorSd) == 0
        && heldOut == r.heldOut;
  }

  @Override
  public int hashCode() {
    return Objects.hash(features, errorMean, errorSd, heldOut);
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
