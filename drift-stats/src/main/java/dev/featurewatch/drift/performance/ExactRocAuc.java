package dev.featurewatch.drift.performance;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link RocAuc#exact()}: {@code [negatives, positives]} per distinct score, in score order. */
final class ExactRocAuc extends RocAuc {

  private final TreeMap<Double, long[]> countsByScore = new TreeMap<>();
  private long positives;
  private long negatives;

  @Override
  public void add(double score, int label) {
    Checks.finite("score", score);
    boolean positive = Checks.binaryLabel("label", label);
    // + 0.0 turns -0.0 into 0.0, which Double.compare would otherwise order apart
    countsByScore.computeIfAbsent(score + 0.0, s -> new long[2])[positive ? 1 : 0]++;
    if (positive) {
      positives++;
    } else {
      negatives++;
    }
  }

  @Override
  public void merge(RocAuc other) {
    if (!(other instanceof ExactRocAuc exact)) {
      throw new IllegalArgumentException("can only merge an exact AUC with an exact AUC: " + other);
    }
    for (Map.Entry<Double, long[]> e : exact.countsByScore.entrySet()) {
      long[] mine = countsByScore.computeIfAbsent(e.getKey(), s -> new long[2]);
      mine[0] += e.getValue()[0];
      mine[1] += e.getValue()[1];
    }
    positives += exact.positives;
    negatives += exact.negatives;
  }

  @Override
  public long positives() {
    return positives;
  }

  @Override
  public long negatives() {
    return negatives;
  }

  @Override
  public Optional<RocAucResult> result() {
    if (positives == 0 || negatives == 0) {
      return Optional.empty();
    }
    double pairsWon = 0;
    long negativesBelow = 0;
    for (long[] counts : countsByScore.values()) {
      pairsWon += counts[1] * (negativesBelow + 0.5 * counts[0]);
      negativesBelow += counts[0];
    }
    double auc = pairsWon / ((double) positives * negatives);
    return Optional.of(new RocAucResult(Math.min(1.0, auc), 0.0));
  }

  @Override
  public String toString() {
    return "RocAuc.exact[distinctScores=" + countsByScore.size() + "]";
  }
}
