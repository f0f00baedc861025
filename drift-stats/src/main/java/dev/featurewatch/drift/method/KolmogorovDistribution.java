package dev.featurewatch.drift.method;

/**
 * Survival function of the two-sided one-sample Kolmogorov–Smirnov statistic {@code D_n} for a
 * finite {@code n}, {@code P(D_n > x)}: the same quantity as scipy's {@code scipy.stats.kstwo.sf(x,
 * n)}, which {@code ks_2samp} uses for large samples.
 *
 * <p>The regime selection follows Simard and L'Ecuyer, "Computing the Two-Sided Kolmogorov–Smirnov
 * Distribution", J. Stat. Softw. 39(11), 2011, as implemented in scipy's {@code
 * scipy/stats/_ksstats.py}: Ruben–Gambino closed forms at the extremes, twice the one-sided Smirnov
 * tail {@code 2 P(D_n+ > x)} in the upper tail (exact for {@code x >= 0.5}), the Durbin matrix
 * algorithm in the Marsaglia–Tsang–Wang form, the Pomeranz recursion for {@code n <= 140}, and the
 * Pelz–Good expansion for very large {@code n}. The one-sided Smirnov tail is the Birnbaum–Tingey
 * sum evaluated in log space (scipy evaluates it in double-double arithmetic; the two agree to
 * about 1e-12 relative in the golden tests).
 */
final class KolmogorovDistribution {

  private static final double TWO_128 = Math.scalb(1.0, 128);
  private static final double TWO_MINUS_128 = Math.scalb(1.0, -128);
  private static final double LOG_2PI = Math.log(2 * Math.PI);
  private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);
  private static final double PI_SQUARED = Math.PI * Math.PI;
  private static final double MIN_LOG = -708.3964185322641;

  /** Stirling series coefficients B_2j / (2j (2j - 1)), j = 8 .. 1, highest degree first. */
  private static final double[] STIRLING = {
    -2.955065359477124183e-2,
    6.4102564102564102564e-3,
    -1.9175269175269175269e-3,
    8.4175084175084175084e-4,
    -5.952380952380952381e-4,
    7.9365079365079365079e-4,
    -2.7777777777777777778e-3,
    8.3333333333333333333e-2
  };

  private KolmogorovDistribution() {}

  /** {@code P(D_n > x)}, in [0, 1]. */
  static double survival(int n, double x) {
    if (x >= 1.0) {
      return 0.0;
    }
    if (x <= 0.0) {
      return 1.0;
    }
    double t = n * x;
    if (t <= 1.0) {
      if (t <= 0.5) {
        return 1.0;
      }
      double cdf;
      if (n <= 140) {
        cdf = 1.0;
        for (int i = 1; i <= n; i++) {
          cdf *= i * (1.0 / n) * (2 * t - 1);
        }
      } else {
        cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
      }
      return clip(1.0 - cdf);
    }
    if (t >= n - 1) {
      return clip(2 * Math.pow(1.0 - x, n));
    }
    if (x >= 0.5) {
      return clip(2 * smirnovSurvival(n, x));
    }
    double nxSquared = t * x;
    if (n <= 140) {
      if (nxSquared <= 0.754693) {
        return clip(1.0 - durbinMatrixCdf(n, x));
      }
      if (nxSquared <= 4) {
        return clip(1.0 - pomeranzCdf(n, x));
      }
      return clip(2 * smirnovSurvival(n, x));
    }
    if (nxSquared >= 370.0) {
      return 0.0;
    }
    if (nxSquared >= 2.2) {
      return clip(2 * smirnovSurvival(n, x));
    }
    double cdf =
        n <= 100000 && n * Math.pow(x, 1.5) <= 1.4 ? durbinMatrixCdf(n, x) : pelzGoodCdf(n, x);
    return clip(1.0 - cdf);
  }

  /** log(n! / n^n) by Stirling's series, with n log n removed up front to avoid cancellation. */
  private static double logFactorialOverPower(int n) {
    double rn = 1.0 / n;
    double poly = 0;
    for (double c : STIRLING) {
      poly = poly * (rn / n) + c;
    }
    return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
  }

  /**
   * {@code P(D_n <= d)} by Durbin's matrix algorithm (Marsaglia, Tsang and Wang 2003): the k-th
   * diagonal entry of {@code H^n} scaled by {@code n!/n^n}, with powers of two tracked separately
   * to avoid overflow. Memory O(m^2), time O(m^3 log n) with {@code m = 2 ceil(nd) - 1}.
   */
  private static double durbinMatrixCdf(int n, double d) {
    if (d >= 1.0) {
      return 1.0;
    }
    double nd = n * d;
    if (nd <= 0.5) {
      return 0.0;
    }
    int k = (int) Math.ceil(nd);
    double h = k - nd;
    int m = 2 * k - 1;
    double[] v = new double[m];
    double[] w = new double[m];
    double fac = 1.0;
    for (int j = 1; j <= m; j++) {
      v[j - 1] = 1.0 - Math.pow(h, j);
      w[j - 1] = fac;
      fac /= j;
      v[j - 1] *= fac;
    }
    double tt = Math.pow(Math.max(2 * h - 1.0, 0), m) - 2 * Math.pow(h, m);
    v[m - 1] = (1.0 + tt) * fac;
    double[][] matrix = new double[m][m];
    for (int i = 1; i < m; i++) {
      for (int r = i - 1; r < m; r++) {
        matrix[r][i] = w[r - i + 1];
      }
    }
    for (int r = 0; r < m; r++) {
      matrix[r][0] = v[r];
    }
    for (int c = 0; c < m; c++) {
      matrix[m - 1][c] = v[m - 1 - c];
    }
    double[][] power = identity(m);
    int nn = n;
    int exponent = 0;
    int matrixExponent = 0;
    while (nn > 0) {
      if (nn % 2 == 1) {
        power = multiply(power, matrix);
        exponent += matrixExponent;
      }
      matrix = multiply(matrix, matrix);
      matrixExponent *= 2;
      if (Math.abs(matrix[k - 1][k - 1]) > TWO_128) {
        for (double[] row : matrix) {
          for (int c = 0; c < m; c++) {
            row[c] /= TWO_128;
          }
        }
        matrixExponent += 128;
      }
      nn /= 2;
    }
    double p = power[k - 1][k - 1];
    for (int i = 1; i <= n; i++) {
      p = i * p / n;
      if (Math.abs(p) < TWO_MINUS_128) {
        p *= TWO_128;
        exponent -= 128;
      }
    }
    if (exponent != 0) {
      p = Math.scalb(p, exponent);
    }
    return clip(p);
  }

  private static double[][] identity(int m) {
    double[][] id = new double[m][m];
    for (int i = 0; i < m; i++) {
      id[i][i] = 1.0;
    }
    return id;
  }

  private static double[][] multiply(double[][] a, double[][] b) {
    int m = a.length;
    double[][] out = new double[m][m];
    for (int i = 0; i < m; i++) {
      double[] outRow = out[i];
      for (int l = 0; l < m; l++) {
        double ail = a[i][l];
        if (ail == 0) {
          continue;
        }
        double[] bRow = b[l];
        for (int j = 0; j < m; j++) {
          outRow[j] += ail * bRow[j];
        }
      }
    }
    return out;
  }

  /**
   * {@code P(D_n <= x)} by the Pomeranz (1974) recursion: each row of the matrix V is a convolution
   * of the previous row with one of three Poisson-like sequences; only two rows and their non-zero
   * windows are kept.
   */
  private static double pomeranzCdf(int n, double x) {
    double t = n * x;
    int ll = (int) Math.floor(t);
    double f = t - ll;
    double g = Math.min(f, 1.0 - f);
    int ceilf = f > 0 ? 1 : 0;
    int roundf = f > 0.5 ? 1 : 0;
    int npwrs = 2 * (ll + 1);
    double[] gpower = new double[npwrs];
    double[] twogpower = new double[npwrs];
    double[] onem2gpower = new double[npwrs];
    gpower[0] = 1.0;
    twogpower[0] = 1.0;
    onem2gpower[0] = 1.0;
    int exponent = 0;
    double gOverN = g / n;
    double twoGOverN = 2 * g / n;
    double oneMinusTwoGOverN = (1 - 2 * g) / n;
    for (int m = 1; m < npwrs; m++) {
      gpower[m] = gpower[m - 1] * gOverN / m;
      twogpower[m] = twogpower[m - 1] * twoGOverN / m;
      onem2gpower[m] = onem2gpower[m - 1] * oneMinusTwoGOverN / m;
    }
    double[] v0 = new double[npwrs];
    double[] v1 = new double[npwrs];
    v1[0] = 1;
    int v0s = 0;
    int v1s = 0;
    int[] range = pomeranzRange(0, n, ll, ceilf, roundf);
    for (int i = 1; i < 2 * n + 2; i++) {
      int k1 = range[0];
      double[] swap = v0;
      v0 = v1;
      v1 = swap;
      int swapStart = v0s;
      v0s = v1s;
      v1s = swapStart;
      java.util.Arrays.fill(v1, 0.0);
      range = pomeranzRange(i, n, ll, ceilf, roundf);
      int j1 = range[0];
      int j2 = range[1];
      double[] pwrs = (i == 1 || i == 2 * n + 1) ? gpower : (i % 2 == 1 ? twogpower : onem2gpower);
      int ln2 = j2 - k1 + 1;
      if (ln2 > 0) {
        int aStart = k1 - v0s;
        int aLen = Math.min(ln2, npwrs - aStart);
        int bLen = Math.min(ln2, npwrs);
        int convStart = j1 - k1;
        int convLen = j2 - j1 + 1;
        double max = 0;
        for (int c = 0; c < convLen; c++) {
          int idx = convStart + c;
          double sum = 0;
          for (int a = Math.max(0, idx - bLen + 1); a <= Math.min(idx, aLen - 1); a++) {
            sum += v0[aStart + a] * pwrs[idx - a];
          }
          v1[c] = sum;
          max = Math.max(max, sum);
        }
        if (max > 0 && max < TWO_MINUS_128) {
          for (int c = 0; c < npwrs; c++) {
            v1[c] *= TWO_128;
          }
          exponent -= 128;
        }
        v1s = v0s + j1 - k1;
      }
    }
    double ans = v1[n - v1s];
    for (int m = 1; m <= n; m++) {
      if (Math.abs(ans) > TWO_128) {
        ans *= TWO_MINUS_128;
        exponent += 128;
      }
      ans *= m;
    }
    if (exponent != 0) {
      ans = Math.scalb(ans, exponent);
    }
    return clip(ans);
  }

  /** The window {@code [j1, j2]} of non-zero entries of row {@code i} in the Pomeranz recursion. */
  private static int[] pomeranzRange(int i, int n, int ll, int ceilf, int roundf) {
    int j1;
    int j2;
    if (i == 0) {
      j1 = -ll - ceilf - 1;
      j2 = ll + ceilf - 1;
    } else {
      int half = (i + 1) / 2;
      if ((i + 1) % 2 == 0) {
        if (half == n + 1) {
          j1 = n - ll - ceilf - 1;
          j2 = n + ll + ceilf - 1;
        } else {
          j1 = half - 1 - ll - roundf - 1;
          j2 = half + ll - 1 + ceilf - 1;
        }
      } else {
        j1 = half - 1 - ll - 1;
        j2 = half + ll + roundf - 1;
      }
    }
    return new int[] {Math.max(j1 + 2, 0), Math.min(j2, n)};
  }

  /**
   * Pelz–Good (1976) approximation of {@code P(D_n <= x)}: the Li-Chien/Korolyuk expansion to order
   * {@code n^-1.5}, rewritten with Jacobi theta identities so that it converges for small {@code x
   * sqrt(n)}.
   */
  private static double pelzGoodCdf(int n, double x) {
    if (x <= 0.0) {
      return 0.0;
    }
    if (x >= 1.0) {
      return 1.0;
    }
    double z = Math.sqrt(n) * x;
    double z2 = z * z;
    double z3 = z2 * z;
    double z4 = z2 * z2;
    double z6 = z4 * z2;
    double qlog = -PI_SQUARED / 8 / z2;
    if (qlog < -708) {
      return 0.0;
    }
    double q = Math.exp(qlog);
    double k1a = -z2;
    double k1b = PI_SQUARED / 4;
    double k2a = 6 * z6 + 2 * z4;
    double k2b = (2 * z4 - 5 * z2) * PI_SQUARED / 4;
    double k2c = PI_SQUARED * PI_SQUARED * (1 - 2 * z2) / 16;
    double pi6 = PI_SQUARED * PI_SQUARED * PI_SQUARED;
    double k3d = pi6 * (5 - 30 * z2) / 64;
    double k3c = PI_SQUARED * PI_SQUARED * (-60 * z2 + 212 * z4) / 16;
    double k3b = PI_SQUARED * (135 * z4 - 96 * z6) / 4;
    double k3a = -30 * z6 - 90 * Math.pow(z, 8);
    double[] terms = new double[4];
    int maxk = (int) Math.ceil(16 * z / Math.PI);
    for (int k = maxk; k > 0; k--) {
      double m = 2 * k - 1;
      double m2 = m * m;
      double m4 = m2 * m2;
      double m6 = m4 * m2;
      double qpower = Math.pow(q, 8 * k);
      double[] coeffs = {
        1.0, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6
      };
      for (int i = 0; i < 4; i++) {
        terms[i] = terms[i] * qpower + coeffs[i];
      }
    }
    double[] divisors = {z, 6 * z4, 72 * Math.pow(z, 7), 6480 * Math.pow(z, 10)};
    for (int i = 0; i < 4; i++) {
      terms[i] = terms[i] * q * SQRT_2PI / divisors[i];
    }
    double q2 = Math.exp(-PI_SQUARED / 2 / z2);
    double k2extra = 0;
    double k3extra = 0;
    double sqrt3z = Math.sqrt(3) * z;
    for (int k = maxk; k > 0; k--) {
      double k2 = (double) k * k;
      double qpwr = Math.pow(q2, k2);
      k2extra += k2 * qpwr;
      double kpi = Math.PI * k;
      k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * qpwr;
    }
    terms[2] += k2extra * PI_SQUARED * SQRT_2PI / (-36 * z3);
    terms[3] += k3extra * PI_SQUARED * SQRT_2PI / (216 * z6);
    double sum = 0;
    for (int i = 0; i < 4; i++) {
      sum += terms[i] / Math.pow(n, i / 2.0);
    }
    return sum;
  }

  /**
   * The one-sided Smirnov tail {@code P(D_n+ > x)} by the Birnbaum–Tingey sum {@code x
   * Σ_{v=0}^{⌊n(1-x)⌋} C(n,v) (x + v/n)^(v-1) (1 - x - v/n)^(n-v)}, each term in log space so that
   * large {@code n} neither overflows the binomial nor underflows the powers. Used only in the
   * upper tail, where all terms are positive and the sum is well conditioned.
   */
  static double smirnovSurvival(int n, double x) {
    if (x <= 0.0) {
      return 1.0;
    }
    if (x >= 1.0) {
      return 0.0;
    }
    if (n == 1) {
      return 1 - x;
    }
    double nx = n * x;
    int nxFloor = (int) Math.floor(nx);
    if (nxFloor == 0 || (nxFloor == 1 && nx == 1.0)) {
      return 1 - x * Math.pow(1 + x, n - 1);
    }
    if (-2 * n * x * x < MIN_LOG) {
      return 0.0;
    }
    if (nxFloor >= n - 1) {
      return Math.pow(1 - x, n);
    }
    if (n > 1_000_000) {
      double base = 6.0 * n * x + 1;
      return Math.exp(-base * base / 18.0 / n);
    }
    double sum = 0;
    double logBinomial = 0;
    for (int v = 0; v < n; v++) {
      double up = x + (double) v / n;
      double down = (double) (n - v) / n - x;
      if (!(down > 0)) {
        break;
      }
      double logTerm = logBinomial + (v - 1) * Math.log(up) + (n - v) * Math.log(down);
      sum += Math.exp(logTerm);
      logBinomial += Math.log((double) (n - v) / (v + 1));
    }
    return x * sum;
  }

  private static double clip(double p) {
    return Math.max(0.0, Math.min(1.0, p));
  }
}
