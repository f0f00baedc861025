package dev.featurewatch.store.serving;

import java.math.BigInteger;

/**
 * The shortest decimal text that reads back as the same double, in {@link Double#toString}'s layout
 * ({@code 12.5}, {@code 0.001}, {@code 1.0E7}, {@code 4.9E-324}), written into a caller's array.
 *
 * <p>Serving writes 5,000 doubles for an answer of 100 entities and 50 features. Java 17's {@link
 * Double#toString} is slow and not always shortest; Jackson's fast writer is exact but makes two
 * objects and a {@code String} per value, which was most of what the server allocated. This is
 * Raffaello Giulietti's Schubfach algorithm ("The Schubfach way to render doubles", 2020; the one
 * in {@code Double.toString} since Java 19 and in Jackson), writing ASCII bytes straight into the
 * answer's buffer. The 126-bit approximations of the powers of ten it needs are computed once,
 * exactly, with {@link BigInteger}. Tested value for value against Jackson's writer.
 */
final class DoubleText {

  /** The most bytes {@link #write} produces: {@code -2.2250738585072014E-308}. */
  static final int MAX_BYTES = 24;

  private static final int P = 53;
  private static final int Q_MIN = -1074;
  private static final long C_MIN = 1L << (P - 1);
  private static final long T_MASK = C_MIN - 1;
  private static final int BQ_MASK = 0x7FF;
  private static final long C_TINY = 3;
  private static final int K_MIN = -324;
  private static final int K_MAX = 292;
  private static final long MASK_63 = Long.MAX_VALUE;
  private static final byte[] PAIRS = pairs();
  private static final long[] POW10 = {
    1L,
    10L,
    100L,
    1_000L,
    10_000L,
    100_000L,
    1_000_000L,
    10_000_000L,
    100_000_000L,
    1_000_000_000L,
    10_000_000_000L,
    100_000_000_000L,
    1_000_000_000_000L,
    10_000_000_000_000L,
    100_000_000_000_000L,
    1_000_000_000_000_000L,
    10_000_000_000_000_000L,
    100_000_000_000_000_000L
  };

  /** g1 and g0 of 10^-k per k from K_MIN: g = g1 2^63 + g0 = floor(10^-k 2^(125 - r)) + 1. */
  private static final long[] G = powersOfTen();

  private DoubleText() {}

  /**
   * Writes a finite {@code v} at {@code at} in {@code out}, which has room for {@value #MAX_BYTES}
   * bytes there; returns the end.
   *
   * @throws IllegalArgumentException when {@code v} is NaN or infinite (not a JSON number)
   */
  static int write(double v, byte[] out, int at) {
    long bits = Double.doubleToRawLongBits(v);
    long t = bits & T_MASK;
    int bq = (int) (bits >>> (P - 1)) & BQ_MASK;
    if (bq == BQ_MASK) {
      throw new IllegalArgumentException("not a finite double: " + v);
    }
    if (bits < 0) {
      out[at++] = (byte) '-';
    }
    if (bq != 0) {
      // a normal value, c 2^q with q = -mq
      int mq = -Q_MIN + 1 - bq;
      long c = C_MIN | t;
      if (0 < mq && mq < P) {
        // an integer below 2^53: its digits are exact
        long f = c >> mq;
        if (f << mq == c) {
          return chars(f, 0, out, at);
        }
      }
      return decimal(-mq, c, 0, out, at);
    }
    if (t != 0) {
      // subnormal; the smallest have too few digits for the method, so scale them by 10
      return t < C_TINY ? decimal(Q_MIN, 10 * t, -1, out, at) : decimal(Q_MIN, t, 0, out, at);
    }
    out[at++] = (byte) '0';
    out[at++] = (byte) '.';
    out[at++] = (byte) '0';
    return at;
  }

  /** The shortest decimal of c 2^q (figure 7 of the paper; the computations of figure 9). */
  private static int decimal(int q, long c, int dk, byte[] out, int at) {
    int odd = (int) c & 1;
    long cb = c << 2;
    long cbr = cb + 2;
    long cbl;
    int k;
    if (c != C_MIN || q == Q_MIN) {
      cbl = cb - 2;
      k = floorLog10Pow2(q);
    } else {
      // at a power of two the gap below is half the gap above
      cbl = cb - 1;
      k = floorLog10ThreeQuartersPow2(q);
    }
    int h = q + floorLog2Pow10(-k) + 2;
    int index = 2 * (k - K_MIN);
    long g1 = G[index];
    long g0 = G[index + 1];
    long vb = roundToOdd(g1, g0, cb << h);
    long vbl = roundToOdd(g1, g0, cbl << h);
    long vbr = roundToOdd(g1, g0, cbr << h);

    long s = vb >> 2;
    if (s >= 100) {
      // one digit fewer, if either neighbour with a trailing zero is in the rounding interval
      long sp10 = 10 * Math.multiplyHigh(s, 115_292_150_460_684_698L << 4);
      long tp10 = sp10 + 10;
      boolean upin = vbl + odd <= sp10 << 2;
      boolean wpin = (tp10 << 2) + odd <= vbr;
      if (upin != wpin) {
        return chars(upin ? sp10 : tp10, k, out, at);
      }
    }
    long tt = s + 1;
    boolean uin = vbl + odd <= s << 2;
    boolean win = (tt << 2) + odd <= vbr;
    if (uin != win) {
      return chars(uin ? s : tt, k + dk, out, at);
    }
    // both in: the closer, the even one on a tie
    long cmp = vb - ((s + tt) << 1);
    return chars(cmp < 0 || (cmp == 0 && (s & 1) == 0) ? s : tt, k + dk, out, at);
  }

  /** (g 2^-64 cp) rounded to odd, g = g1 2^63 + g0. */
  private static long roundToOdd(long g1, long g0, long cp) {
    long x1 = Math.multiplyHigh(g0, cp);
    long y0 = g1 * cp;
    long y1 = Math.multiplyHigh(g1, cp);
    long z = (y0 >>> 1) + x1;
    long vbp = y1 + (z >>> 63);
    return vbp | (((z & MASK_63) + MASK_63) >>> 63);
  }

  /** Writes f 10^e (f > 0) as Double.toString lays it out; returns the end. */
  private static int chars(long f, int e, byte[] out, int at) {
    while (f % 10 == 0) {
      f /= 10;
      e++;
    }
    int n = 1;
    while (n < POW10.length && f >= POW10[n]) {
      n++;
    }
    int exponent = e + n - 1; // of the first digit
    if (exponent >= 0 && exponent < 7) {
      int whole = exponent + 1;
      if (n <= whole) {
        // ddd00.0
        digits(f, n, out, at + n);
        at += n;
        for (int i = n; i < whole; i++) {
          out[at++] = (byte) '0';
        }
        out[at++] = (byte) '.';
        out[at++] = (byte) '0';
        return at;
      }
      // dd.ddd
      int end = at + n + 1;
      long rest = digits(f, n - whole, out, end);
      out[at + whole] = '.';
      digits(rest, whole, out, at + whole);
      return end;
    }
    if (exponent < 0 && exponent >= -3) {
      // 0.00ddd
      out[at++] = (byte) '0';
      out[at++] = (byte) '.';
      for (int i = exponent + 1; i < 0; i++) {
        out[at++] = (byte) '0';
      }
      digits(f, n, out, at + n);
      return at + n;
    }
    // d.dddEx
    if (n == 1) {
      out[at++] = (byte) ('0' + f);
      out[at++] = (byte) '.';
      out[at++] = (byte) '0';
    } else {
      long first = digits(f, n - 1, out, at + n + 1);
      out[at] = (byte) ('0' + first);
      out[at + 1] = '.';
      at += n + 1;
    }
    out[at++] = (byte) 'E';
    if (exponent < 0) {
      out[at++] = (byte) '-';
      exponent = -exponent;
    }
    if (exponent >= 100) {
      out[at++] = (byte) ('0' + exponent / 100);
    }
    if (exponent >= 10) {
      out[at++] = (byte) ('0' + exponent / 10 % 10);
    }
    out[at++] = (byte) ('0' + exponent % 10);
    return at;
  }

  /**
   * Writes the last {@code count} digits of {@code f} to end just before {@code end}, two at a time
   * (a division per digit was a sixth of the server's time); returns f's other digits.
   */
  private static long digits(long f, int count, byte[] out, int end) {
    int i = end;
    for (; count >= 2; count -= 2) {
      long q = f / 100;
      int pair = 2 * (int) (f - 100 * q);
      out[--i] = PAIRS[pair + 1];
      out[--i] = PAIRS[pair];
      f = q;
    }
    if (count == 1) {
      long q = f / 10;
      out[--i] = (byte) ('0' + (f - 10 * q));
      f = q;
    }
    return f;
  }

  /** floor(q log10(2)), for |q| up to 1,700. */
  private static int floorLog10Pow2(int q) {
    return (int) ((q * 661_971_961_083L) >> 41);
  }

  /** floor(log10(3/4 2^q)), for |q| up to 1,700. */
  private static int floorLog10ThreeQuartersPow2(int q) {
    return (int) ((q * 661_971_961_083L - 274_743_187_321L) >> 41);
  }

  /** floor(e log2(10)), for |e| up to 6,432. */
  private static int floorLog2Pow10(int e) {
    return (int) ((e * 913_124_641_741L) >> 38);
  }

  /** "00" to "99", for writing two digits at a time. */
  private static byte[] pairs() {
    byte[] pairs = new byte[200];
    for (int i = 0; i < 100; i++) {
      pairs[2 * i] = (byte) ('0' + i / 10);
      pairs[2 * i + 1] = (byte) ('0' + i % 10);
    }
    return pairs;
  }

  private static long[] powersOfTen() {
    long[] g = new long[2 * (K_MAX - K_MIN + 1)];
    BigInteger mask63 = BigInteger.valueOf(MASK_63);
    for (int k = K_MIN; k <= K_MAX; k++) {
      int shift = 125 - floorLog2Pow10(-k);
      BigInteger beta;
      if (k <= 0) {
        BigInteger tenPow = BigInteger.TEN.pow(-k);
        beta = shift >= 0 ? tenPow.shiftLeft(shift) : tenPow.shiftRight(-shift);
      } else {
        beta = BigInteger.ONE.shiftLeft(shift).divide(BigInteger.TEN.pow(k));
      }
      BigInteger gk = beta.add(BigInteger.ONE);
      g[2 * (k - K_MIN)] = gk.shiftRight(63).longValueExact();
      g[2 * (k - K_MIN) + 1] = gk.and(mask63).longValue();
    }
    return g;
  }
}
