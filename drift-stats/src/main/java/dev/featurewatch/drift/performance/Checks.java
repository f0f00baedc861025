package dev.featurewatch.drift.performance;

/** Argument checks shared by the accumulators; messages state the rule, then the value. */
final class Checks {

  private Checks() {}

  /** A binary label: 0 (negative) or 1 (positive). */
  static boolean binaryLabel(String name, int label) {
    if (label != 0 && label != 1) {
      throw new IllegalArgumentException(name + " must be 0 or 1: " + label);
    }
    return label == 1;
  }

  static double probability(String name, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(name + " must be within [0, 1]: " + p);
    }
    return p;
  }

  static double finite(String name, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be finite: " + value);
    }
    return value;
  }

  static long nonNegative(String name, long count) {
    if (count < 0) {
      throw new IllegalArgumentException(name + " must be >= 0: " + count);
    }
    return count;
  }
}
