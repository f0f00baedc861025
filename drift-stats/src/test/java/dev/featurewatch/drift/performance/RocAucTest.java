package dev.featurewatch.drift.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RocAucTest {

  /** Triangular scores: negatives peak at 0.3, positives at 0.7, densities at most 2. */
  private static double triangular(SplittableRandom random, double shift) {
    return Math.min(1, Math.max(0, (random.nextDouble() + random.nextDouble()) / 2 + shift));
  }

  @Test
  void bucketedAucIsWithinItsReportedErrorBoundOfTheExactAuc() {
    for (int seed = 0; seed < 20; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      RocAuc exact = RocAuc.exact();
      RocAuc bucketed = RocAuc.bucketed(RocAuc.DEFAULT_BUCKETS);
      for (int i = 0; i < 5_000; i++) {
        int label = random.nextDouble() < 0.3 ? 1 : 0;
        double score = triangular(random, label == 1 ? 0.2 : -0.2);
        exact.add(score, label);
        bucketed.add(score, label);
      }
      RocAucResult e = exact.result().orElseThrow();
      RocAucResult b = bucketed.result().orElseThrow();
      assertThat(e.errorBound()).isZero();
      assertThat(Math.abs(b.value() - e.value())).isLessThanOrEqualTo(b.errorBound());
      // densities at most 2 on [0, 1]: about 2 / (2 * 1000), plus sampling noise
      assertThat(b.errorBound()).isLessThan(0.0015);
    }
  }

  @Test
  void bucketedAucErrorBoundIsTightWhenAllScoresShareOneBucket() {
    RocAuc exact = RocAuc.exact();
    RocAuc bucketed = RocAuc.bucketed(RocAuc.DEFAULT_BUCKETS);
    for (int i = 0; i < 100; i++) {
      exact.add(0.5001, 0);
      bucketed.add(0.5001, 0);
      exact.add(0.5009, 1);
      bucketed.add(0.5009, 1);
    }
    assertThat(exact.result().orElseThrow().value()).isEqualTo(1.0);
    assertThat(bucketed.result().orElseThrow()).isEqualTo(new RocAucResult(0.5, 0.5));
  }

  @Test
  void tiedScoresCountOneHalf() {
    RocAuc auc = RocAuc.exact();
    auc.add(0.4, 0);
    auc.add(0.4, 1);
    auc.add(0.9, 1);
    // pairs (0.4+, 0.4-) = 1/2 and (0.9+, 0.4-) = 1
    assertThat(auc.result().orElseThrow().value()).isCloseTo(0.75, within(1e-15));
  }

  @Test
  void negativeZeroTiesWithZero() {
    RocAuc auc = RocAuc.exact();
    auc.add(-0.0, 1);
    auc.add(0.0, 0);
    assertThat(auc.result().orElseThrow().value()).isEqualTo(0.5);
  }

  @Test
  void exactAucAcceptsScoresOutsideTheUnitInterval() {
    RocAuc auc = RocAuc.exact();
    auc.add(-3.2, 0);
    auc.add(7.5, 1);
    assertThat(auc.result().orElseThrow().value()).isEqualTo(1.0);
  }

  @Test
  void aucIsUndefinedUntilBothLabelsOccur() {
    RocAuc auc = RocAuc.bucketed(10);
    assertThat(auc.result()).isEmpty();
    auc.add(0.2, 1);
    auc.add(0.3, 1);
    assertThat(auc.result()).isEmpty();
    assertThat(auc.positives()).isEqualTo(2);
    assertThat(auc.negatives()).isZero();
    auc.add(0.1, 0);
    assertThat(auc.result()).isPresent();
  }

  @Test
  void scoreOfOneFallsIntoTheLastBucket() {
    RocAuc auc = RocAuc.bucketed(4);
    auc.add(1.0, 1);
    auc.add(0.75, 0);
    assertThat(auc.result().orElseThrow()).isEqualTo(new RocAucResult(0.5, 0.5));
  }

  @Test
  void mergingDifferentFormsIsRejected() {
    assertThatThrownBy(() -> RocAuc.exact().merge(RocAuc.bucketed(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("can only merge an exact AUC with an exact AUC: RocAuc.bucketed[buckets=10]");
    assertThatThrownBy(() -> RocAuc.bucketed(10).merge(RocAuc.bucketed(20)))
        .hasMessage(
            "can only merge a bucketed AUC with one of 10 buckets: RocAuc.bucketed[buckets=20]");
  }

  @Test
  void invalidArgumentsAreRejectedWithRuleAndValue() {
    assertThatThrownBy(() -> RocAuc.bucketed(0))
        .hasMessage("buckets must be within [1, 1048576]: 0");
    assertThatThrownBy(() -> RocAuc.bucketed(10).add(1.3, 1))
        .hasMessage("score must be within [0, 1]: 1.3");
    assertThatThrownBy(() -> RocAuc.exact().add(Double.NaN, 1))
        .hasMessage("score must be finite: NaN");
    assertThatThrownBy(() -> RocAuc.exact().add(0.5, 2)).hasMessage("label must be 0 or 1: 2");
  }
}
