package dev.featurewatch.drift.performance;

import java.util.Optional;

/** {@link RocAuc#bucketed(int)}: negatives and positives per equal-width score bucket. */
final class BucketedRocAuc extends RocAuc {

  private final long[] negativesPerBucket;
  private final long[] positivesPerBucket;
  private long positives;
  private long negatives;

  BucketedRocAuc(int buckets) {
    this.negativesPerBucket = new long[buckets];
    this.positivesPerBucket = new long[buckets];
  }

  @Override
  public void add(double score, int label) {
    Checks.probability("score", score);
    boolean positive = Checks.binaryLabel("label", label);
    int buckets = positivesPerBucket.length;
    // floor(s * B) is monotone in s, so buckets preserve the order of scores
    int bucket = Math.min((int) (score * buckets), buckets - 1);
    if (positive) {
      positivesPerBucket[bucket]++;
      positives++;
    } else {
      negativesPerBucket[bucket]++;
      negatives++;
    }
  }

  @Override
  public void merge(RocAuc other) {
    if (!(other instanceof BucketedRocAuc bucketed)
        || bucketed.positivesPerBucket.length != positivesPerBucket.length) {
      throw new IllegalArgumentException(
          "can only merge a bucketed AUC with one of "
              + positivesPerBucket.length
              + " buckets: "
              + other);
    }
    for (int b = 0; b < positivesPerBucket.length; b++) {
      positivesPerBucket[b] += bucketed.positivesPerBucket[b];
      negativesPerBucket[b] += bucketed.negativesPerBucket[b];
    }
    positives += bucketed.positives;
    negatives += bucketed.negatives;
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
    double pairsTied = 0;
    long negativesBelow = 0;
    for (int b = 0; b < positivesPerBucket.length; b++) {
      long pos = positivesPerBucket[b];
      long neg = negativesPerBucket[b];
      pairsWon += pos * (negativesBelow + 0.5 * neg);
      pairsTied += (double) pos * neg;
      negativesBelow += neg;
    }
    double pairs = (double) positives * negatives;
    return Optional.of(
        new RocAucResult(Math.min(1.0, pairsWon / pairs), Math.min(0.5, pairsTied / (2 * pairs))));
  }

  @Override
  public String toString() {
    return "RocAuc.bucketed[buckets=" + positivesPerBucket.length + "]";
  }
}
