package dev.featurewatch.drift.multivariate;

import java.util.Arrays;

/**
 * PCA reconstruction error, as NannyML's {@code DataReconstructionDriftCalculator} computes it for
 * numeric features: fitted on the reference, a row's missing values are imputed with the
 * reference's means, the row standardized with the reference's means and (population) standard
 * deviations, projected on the reference's first principal components (the fewest whose explained
 * variance exceeds {@code varianceShare}, 0.65 by default, as scikit-learn's {@code
 * PCA(n_components=0.65)} picks them) and back, and its error is the Euclidean distance between the
 * standardized row and its reconstruction. A window's value is the mean error of its rows: when two
 * features keep their distributions but change how they move together, rows leave the reference's
 * principal subspace and the mean error rises, though no single feature drifted.
 *
 * <p>The components are the eigenvectors of the standardized reference's covariance matrix (cyclic
 * Jacobi rotations, exact to rounding for the few dozen features a model has), the same subspace as
 * scikit-learn's SVD. The rows are numbers: {@link ReconstructionDrift} encodes categorical
 * features first ({@link CategoryEncoding}).
 *
 * <p>Immutable.
 */
public final class ReconstructionModel {

  /** NannyML's default share of explained variance. */
  public static final double DEFAULT_VARIANCE_SHARE = 0.65;

  private final double[] means;
  private final double[] scales;
  private final double[][] components; // k rows of d

  private ReconstructionModel(double[] means, double[] scales, double[][] components) {
    this.means = means;
    this.scales = scales;
    this.components = components;
  }

  /**
   * Fits on reference rows.
   *
   * @param rows the reference, one array of the {@code d} features per row, NaN for missing
   * @param varianceShare the share of variance the kept components explain, in (0, 1)
   * @throws IllegalArgumentException for fewer than two rows, rows of other lengths, a feature
   *     without values, a share outside (0, 1), or when the share takes every component (nothing is
   *     left to reconstruct, and the error is rounding noise)
   */
  public static ReconstructionModel fit(double[][] rows, double varianceShare) {
    if (rows.length < 2) {
      throw new IllegalArgumentException("PCA needs at least 2 reference rows: " + rows.length);
    }
    if (!(varianceShare > 0 && varianceShare < 1)) {
      throw new IllegalArgumentException("variance share must be in (0, 1): " + varianceShare);
    }
    int d = rows[0].length;
    int n = rows.length;
    double[] means = new double[d];
    long[] counts = new long[d];
    for (double[] row : rows) {
      if (row.length != d) {
        throw new IllegalArgumentException(
            "every row must have " + d + " features, found " + row.length);
      }
      for (int j = 0; j < d; j++) {
        if (!Double.isNaN(row[j])) {
          means[j] += row[j];
          counts[j]++;
        }
      }
    }
    for (int j = 0; j < d; j++) {
      if (counts[j] == 0) {
        throw new IllegalArgumentException("feature " + j + " has no reference values");
      }
      means[j] /= counts[j];
    }
    // imputed with the means, then standardized: the imputed values sit at the mean
    double[] scales = new double[d];
    for (double[] row : rows) {
      for (int j = 0; j < d; j++) {
        double v = Double.isNaN(row[j]) ? means[j] : row[j];
        scales[j] += (v - means[j]) * (v - means[j]);
      }
    }
    for (int j = 0; j < d; j++) {
      double sd = Math.sqrt(scales[j] / n);
      scales[j] = sd == 0 ? 1 : sd; // scikit-learn leaves constant features unscaled
    }
    double[][] covariance = new double[d][d];
    double[] z = new double[d];
    for (double[] row : rows) {
      standardize(row, means, scales, z);
      for (int a = 0; a < d; a++) {
        for (int b = a; b < d; b++) {
          covariance[a][b] += z[a] * z[b];
        }
      }
    }
    for (int a = 0; a < d; a++) {
      for (int b = a; b < d; b++) {
        covariance[a][b] /= n - 1;
        covariance[b][a] = covariance[a][b];
      }
    }
    double[][] vectors = new double[d][d];
    double[] values = jacobi(covariance, vectors);
    Integer[] order = new Integer[d];
    for (int i = 0; i < d; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
    double total = Arrays.stream(values).map(v -> Math.max(v, 0)).sum();
    int k = 0;
    double explained = 0;
    // the fewest components whose cumulative share exceeds the wanted share (scikit-learn's rule)
    while (k < d && (k == 0 || explained / total <= varianceShare)) {
      explained += Math.max(values[order[k]], 0);
      k++;
    }
    if (k == d) {
      throw new IllegalArgumentException(
          "the features' first components explain too little variance to leave anything to"
              + " reconstruct: keeping "
              + varianceShare
              + " of it takes all "
              + d
              + " components (features that hardly move together have no multivariate drift to"
              + " watch)");
    }
    double[][] components = new double[k][d];
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < d; j++) {
        components[c][j] = vectors[j][order[c]];
      }
    }
    return new ReconstructionModel(means, scales, components);
  }

  /**
   * A model read back from its parts.
   *
   * @param means the features' reference means (also their imputed values)
   * @param scales their reference standard deviations (1 for a constant feature), positive
   * @param components the kept principal components, orthonormal, one row of the features each
   * @throws IllegalArgumentException for parts of mismatched lengths or a scale not above 0
   */
  public static ReconstructionModel of(double[] means, double[] scales, double[][] components) {
    int d = means.length;
    if (d == 0 || scales.length != d || components.length == 0) {
      throw new IllegalArgumentException(
          "a reconstruction model needs as many means as scales and at least one component: "
              + d
              + " means, "
              + scales.length
              + " scales, "
              + components.length
              + " components");
    }
    for (double s : scales) {
      if (!(s > 0 && Double.isFinite(s))) {
        throw new IllegalArgumentException("scales must be finite and > 0: " + s);
      }
    }
    double[][] copy = new double[components.length][];
    for (int c = 0; c < components.length; c++) {
      if (components[c].length != d) {
        throw new IllegalArgumentException(
            "component " + c + " must have " + d + " entries, found " + components[c].length);
      }
      copy[c] = components[c].clone();
    }
    return new ReconstructionModel(means.clone(), scales.clone(), copy);
  }

  /** The features' reference means; a copy. */
  public double[] means() {
    return means.clone();
  }

  /** The features' reference standard deviations; a copy. */
  public double[] scales() {
    return scales.clone();
  }

  /** The kept principal components, one row of the features each; a copy. */
  public double[][] componentRows() {
    double[][] copy = new double[components.length][];
    for (int c = 0; c < components.length; c++) {
      copy[c] = components[c].clone();
    }
    return copy;
  }

  /** Features per row. */
  public int features() {
    return means.length;
  }

  /** Principal components kept. */
  public int components() {
    return components.length;
  }

  /**
   * The reconstruction error of one row of the {@link #features()} features (NaN for missing).
   *
   * @throws IllegalArgumentException for a row of another length
   */
  public double error(double[] row) {
    if (row.length != means.length) {
      throw new IllegalArgumentException(
          "a row must have " + means.length + " features, found " + row.length);
    }
    double[] z = new double[means.length];
    standardize(row, means, scales, z);
    // the residual of z after its projection on the components (orthonormal)
    double[] residual = z.clone();
    for (double[] c : components) {
      double dot = 0;
      for (int j = 0; j < z.length; j++) {
        dot += c[j] * z[j];
      }
      for (int j = 0; j < z.length; j++) {
        residual[j] -= dot * c[j];
      }
    }
    double sum = 0;
    for (double r : residual) {
      sum += r * r;
    }
    return Math.sqrt(sum);
  }

  private static void standardize(double[] row, double[] means, double[] scales, double[] z) {
    for (int j = 0; j < row.length; j++) {
      double v = Double.isNaN(row[j]) ? means[j] : row[j];
      z[j] = (v - means[j]) / scales[j];
    }
  }

  /**
   * The eigenvalues of a symmetric matrix (destroyed) by cyclic Jacobi rotations, its eigenvectors
   * as the columns of {@code vectors}.
   */
  private static double[] jacobi(double[][] a, double[][] vectors) {
    int d = a.length;
    for (int i = 0; i < d; i++) {
      Arrays.fill(vectors[i], 0);
      vectors[i][i] = 1;
    }
    for (int sweep = 0; sweep < 100; sweep++) {
      double off = 0;
      for (int p = 0; p < d; p++) {
        for (int q = p + 1; q < d; q++) {
          off += a[p][q] * a[p][q];
        }
      }
      if (off < 1e-30) {
        break;
      }
      for (int p = 0; p < d; p++) {
        for (int q = p + 1; q < d; q++) {
          if (Math.abs(a[p][q]) < 1e-300) {
            continue;
          }
          double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (theta == 0) {
            t = 1;
          }
          double c = 1 / Math.sqrt(t * t + 1);
          double s = t * c;
          for (int k = 0; k < d; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
          }
          for (int k = 0; k < d; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
          }
          for (int k = 0; k < d; k++) {
            double vkp = vectors[k][p];
            double vkq = vectors[k][q];
            vectors[k][p] = c * vkp - s * vkq;
            vectors[k][q] = s * vkp + c * vkq;
          }
        }
      }
    }
    double[] values = new double[d];
    for (int i = 0; i < d; i++) {
      values[i] = a[i][i];
    }
    return values;
  }
}
