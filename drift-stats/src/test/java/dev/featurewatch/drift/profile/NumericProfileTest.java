package dev.featurewatch.drift.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NumericProfileTest {

  private static final double[] ONE_TO_HUNDRED =
      IntStream.rangeClosed(1, 100).asDoubleStream().toArray();

  @Test
  void referenceProfileFitsQuantileEdgesAndCountsBinsExactly() {
    double[] values = new double[ONE_TO_HUNDRED.length + 2];
    System.arraycopy(ONE_TO_HUNDRED, 0, values, 0, ONE_TO_HUNDRED.length);
    values[100] = Double.NaN;
    values[101] = Double.NEGATIVE_INFINITY;

    NumericProfile p = NumericProfile.ofReference("x", values, 4);

    // numpy: np.quantile(np.arange(1, 101), [0, .25, .5, .75, 1])
    assertThat(p.binEdges().orElseThrow().edges()).containsExactly(1, 25.75, 50.5, 75.25, 100);
    // np.histogram(np.arange(1, 101), edges) with the two outer bins around it
    assertThat(p.binCounts()).containsExactly(0, 25, 25, 25, 25, 0);
    assertThat(p.count()).isEqualTo(100);
    assertThat(p.missing()).isEqualTo(new MissingCounts(0, 1, 0, 1));
    assertThat(p.mean()).isEqualTo(50.5);
    assertThat(p.populationVariance()).isEqualTo(833.25); // (100^2 - 1) / 12
  }

  @Test
  void referenceWithoutFiniteValuesHasNoBins() {
    NumericProfile p = NumericProfile.ofReference("x", new double[] {Double.NaN}, 10);

    assertThat(p.binEdges()).isEmpty();
    assertThat(p.missing().nan()).isEqualTo(1);
  }

  @Test
  void liveCountsAreAlignedToTheReferenceBins() {
    NumericProfile reference = NumericProfile.ofReference("x", ONE_TO_HUNDRED, 4);
    NumericAccumulator live = NumericAccumulator.alignedTo(reference);
    for (double v : new double[] {-3, 10, 30, 30, 99, 100, 101}) {
      live.add(v);
    }

    AlignedCounts counts = live.toProfile().countsAlignedTo(reference);

    assertThat(counts.reference()).containsExactly(0, 25, 25, 25, 25, 0);
    assertThat(counts.live()).containsExactly(1, 1, 2, 0, 2, 1);
    assertThat(counts.unseenCategories()).isEmpty();
  }

  @Test
  void aligningToDifferentEdgesIsRejected() {
    NumericProfile reference = NumericProfile.ofReference("x", ONE_TO_HUNDRED, 4);
    NumericProfile live = NumericProfile.ofReference("x", ONE_TO_HUNDRED, 5);

    assertThatThrownBy(() -> live.countsAlignedTo(reference))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BinEdges[1.0, 25.75, 50.5, 75.25, 100.0]")
        .hasMessageContaining("NumericAccumulator.alignedTo(reference)");
  }

  @Test
  void aligningToAnotherFeaturesReferenceIsRejected() {
    NumericProfile reference = NumericProfile.ofReference("x", ONE_TO_HUNDRED, 4);
    NumericProfile live = NumericProfile.ofReference("y", ONE_TO_HUNDRED, 4);

    assertThatThrownBy(() -> live.countsAlignedTo(reference))
        .hasMessage("cannot align 'y' to the reference of 'x'");
  }

  @Test
  void mergedProfilesDescribeAllTheirValues() {
    double[] low = IntStream.rangeClosed(1, 50).asDoubleStream().toArray();
    double[] high = IntStream.rangeClosed(51, 100).asDoubleStream().toArray();
    BinEdges edges = BinEdges.of(0, 50, 100);
    NumericAccumulator a = NumericAccumulator.create("x", 200, edges);
    NumericAccumulator b = NumericAccumulator.create("x", 200, edges);
    for (double v : low) {
      a.add(v);
    }
    for (double v : high) {
      b.add(v);
    }

    NumericProfile merged = a.toProfile().mergedWith(b.toProfile());

    assertThat(merged.count()).isEqualTo(100);
    assertThat(merged.min()).isEqualTo(1);
    assertThat(merged.max()).isEqualTo(100);
    assertThat(merged.mean()).isEqualTo(50.5);
    assertThat(merged.populationVariance()).isEqualTo(833.25);
    assertThat(merged.binCounts()).containsExactly(0, 49, 51, 0);
    assertThat(merged.sketch().getN()).isEqualTo(100);
  }

  @Test
  void builderRejectsBinCountsThatDoNotSumToTheCount() {
    NumericAccumulator acc = NumericAccumulator.create("x");
    acc.add(1);
    byte[] sketch = acc.toProfile().sketch().toByteArray();

    assertThatThrownBy(
            () ->
                NumericProfile.builder("x")
                    .moments(1, 1, 1, 0)
                    .sketch(sketch)
                    .bins(BinEdges.of(0, 2), new long[] {0, 2, 0})
                    .build())
        .hasMessage("bin counts must sum to the count 1, sum is 2");
  }

  @Test
  void builderRejectsBinCountsOfTheWrongLength() {
    assertThatThrownBy(
            () -> NumericProfile.builder("x").bins(BinEdges.of(0, 1, 2), new long[] {0, 1, 0}))
        .hasMessage("must have 4 entries (bin edges + 2 outer bins), found 3");
  }

  @Test
  void builderRequiresMomentsWhenThereAreValues() {
    NumericAccumulator acc = NumericAccumulator.create("x");
    acc.add(1);
    byte[] sketch = acc.toProfile().sketch().toByteArray();

    assertThatThrownBy(() -> NumericProfile.builder("x").sketch(sketch).build())
        .hasMessage("min must be finite when count > 0: NaN");
  }

  @Test
  void builderRejectsBytesThatAreNotASketch() {
    assertThatThrownBy(() -> NumericProfile.builder("x").sketch(new byte[] {1, 2, 3}).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("sketch must be a serialized KLL doubles sketch");
  }
}
