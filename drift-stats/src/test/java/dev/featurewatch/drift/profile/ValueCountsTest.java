package dev.featurewatch.drift.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Exact counts per distinct value while a numeric feature has at most 16 of them. */
class ValueCountsTest {

  private static NumericAccumulator accumulate(double... values) {
    NumericAccumulator acc = NumericAccumulator.create("x");
    for (double v : values) {
      acc.add(v);
    }
    return acc;
  }

  private static double[] range(int fromInclusive, int toExclusive) {
    return IntStream.range(fromInclusive, toExclusive).asDoubleStream().toArray();
  }

  @Test
  void fewDistinctValuesAreCountedExactlyInAscendingOrder() {
    NumericProfile p =
        accumulate(2, 0, -0.0, 2, 5, 2, Double.NaN, Double.POSITIVE_INFINITY).toProfile();

    ValueCounts counts = p.valueCounts().orElseThrow();
    // by hand: 0 twice (-0.0 is 0.0), 2 three times, 5 once; NaN and infinity are missing
    assertThat(counts.values()).containsExactly(0.0, 2.0, 5.0);
    assertThat(counts.counts()).containsExactly(2, 3, 1);
    assertThat(Double.doubleToRawLongBits(counts.values()[0])).isZero(); // +0.0, not -0.0
    assertThat(counts.total()).isEqualTo(6).isEqualTo(p.count());
    assertThat(counts.countOf(-0.0)).isEqualTo(2);
    assertThat(counts.countOf(3)).isZero();
    assertThat(p.distinctValuesCapped()).isEqualTo(3);
  }

  @Test
  void trackingStopsForGoodAtTheSeventeenthDistinctValue() {
    NumericAccumulator acc = accumulate(range(0, 16));
    acc.add(15);
    assertThat(acc.toProfile().valueCounts().orElseThrow().size()).isEqualTo(16);
    assertThat(acc.toProfile().distinctValuesCapped()).isEqualTo(16);

    acc.add(16);
    acc.add(0);

    assertThat(acc.toProfile().valueCounts()).isEmpty();
    assertThat(acc.toProfile().distinctValuesCapped()).isEqualTo(17);
    assertThat(acc.toProfile().count()).isEqualTo(19);
  }

  @Test
  void aFeatureWithoutFiniteValuesHasNoValueCounts() {
    NumericAccumulator acc = accumulate(Double.NaN);
    acc.addNull();

    assertThat(acc.toProfile().valueCounts()).isEmpty();
    assertThat(acc.toProfile().distinctValuesCapped()).isZero();
  }

  @Test
  void mergeIsTheUnionWhileItHasAtMostSixteenValues() {
    NumericAccumulator a = accumulate(range(0, 10));
    a.merge(accumulate(range(5, 15)));

    ValueCounts counts = a.toProfile().valueCounts().orElseThrow();
    assertThat(counts.values()).containsExactly(range(0, 15));
    // 0..4 and 10..14 once, 5..9 twice
    assertThat(counts.counts()).containsExactly(1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1);
  }

  @Test
  void mergeStopsTrackingBeyondSixteenValuesOrWithAnAccumulatorThatStopped() {
    NumericAccumulator a = accumulate(range(0, 10));
    a.merge(accumulate(range(8, 18)));
    assertThat(a.toProfile().valueCounts()).isEmpty();

    NumericAccumulator b = accumulate(1, 2);
    b.merge(accumulate(range(0, 17)));
    assertThat(b.toProfile().valueCounts()).isEmpty();

    NumericAccumulator stopped = accumulate(range(0, 17));
    stopped.merge(accumulate(1, 2));
    assertThat(stopped.toProfile().valueCounts()).isEmpty();
  }

  @Test
  void mergingAnEmptyAccumulatorKeepsTheCounts() {
    NumericAccumulator a = accumulate(3, 3);
    a.merge(NumericAccumulator.create("x"));
    NumericAccumulator empty = NumericAccumulator.create("x");
    empty.merge(a);

    assertThat(empty.toProfile().valueCounts().orElseThrow().counts()).containsExactly(2);
    assertThat(
            NumericAccumulator.create("x")
                .toProfile()
                .mergedWith(a.toProfile())
                .valueCounts()
                .orElseThrow()
                .counts())
        .containsExactly(2);
  }

  @Test
  void referenceProfileCarriesItsValueCounts() {
    NumericProfile p = NumericProfile.ofReference("x", new double[] {1, 1, 1, 0, 0, 4}, 10);

    assertThat(p.valueCounts().orElseThrow())
        .isEqualTo(ValueCounts.of(new double[] {0, 1, 4}, new long[] {2, 3, 1}));
  }

  @Test
  void invalidValueCountsAreRejectedNamingTheValue() {
    assertThatThrownBy(() -> ValueCounts.of(new double[] {1, 2}, new long[] {1}))
        .hasMessage("values and counts must have the same length: 2 and 1");
    assertThatThrownBy(() -> ValueCounts.of(new double[0], new long[0]))
        .hasMessage("must have 1 to 16 values, found 0");
    assertThatThrownBy(() -> ValueCounts.of(range(0, 17), new long[17]))
        .hasMessage("must have 1 to 16 values, found 17");
    assertThatThrownBy(() -> ValueCounts.of(new double[] {2, 1}, new long[] {1, 1}))
        .hasMessage("values must be strictly ascending: 1.0 after 2.0");
    assertThatThrownBy(() -> ValueCounts.of(new double[] {-0.0, 0.0}, new long[] {1, 1}))
        .hasMessage("values must be strictly ascending: 0.0 after -0.0");
    assertThatThrownBy(() -> ValueCounts.of(new double[] {Double.NaN}, new long[] {1}))
        .hasMessage("values must be finite: NaN");
    assertThatThrownBy(() -> ValueCounts.of(new double[] {1, 2}, new long[] {1, 0}))
        .hasMessage("counts must be >= 1: 0 for value 2.0");
  }

  @Test
  void valueCountsAreNotChangedThroughTheirAccessors() {
    double[] values = {1, 2};
    long[] counts = {3, 4};
    ValueCounts v = ValueCounts.of(values, counts);
    values[0] = 0;
    counts[0] = 0;
    v.values()[1] = 7;
    v.counts()[1] = 7;

    assertThat(v.values()).containsExactly(1, 2);
    assertThat(v.counts()).containsExactly(3, 4);
  }

  @Test
  void builderChecksValueCountsAgainstCountMinAndMax() {
    byte[] sketch = accumulate(1, 2, 2).toProfile().sketch().toByteArray();
    NumericProfile.Builder b =
        NumericProfile.builder("x").moments(1, 2, 5.0 / 3, 2.0 / 9).sketch(sketch);

    assertThat(
            b.valueCounts(ValueCounts.of(new double[] {1, 2}, new long[] {1, 2}))
                .build()
                .distinctValuesCapped())
        .isEqualTo(2);
    assertThatThrownBy(
            () -> b.valueCounts(ValueCounts.of(new double[] {1, 2}, new long[] {1, 1})).build())
        .hasMessage("value counts must sum to the count 3, sum is 2");
    assertThatThrownBy(
            () -> b.valueCounts(ValueCounts.of(new double[] {1, 3}, new long[] {1, 2})).build())
        .hasMessage("values must run from min 1.0 to max 2.0, found 1.0 to 3.0");
  }

  // ---- aligned to a reference's values

  private static final NumericProfile REFERENCE =
      NumericProfile.ofReference("x", new double[] {0, 1, 1, 2, 2, 2}, 10);

  @Test
  void liveValuesAreCountedAgainstTheReferenceValuesWithUnseenOnesNamed() {
    NumericAccumulator live = NumericAccumulator.alignedTo(REFERENCE);
    for (double v : new double[] {-0.0, 2, 7, 7, 3, 2, Double.NaN}) {
      live.add(v);
    }

    AlignedCounts counts = live.toProfile().valueCountsAlignedTo(REFERENCE);

    // buckets 0, 1, 2, other
    assertThat(counts.reference()).containsExactly(1, 2, 3, 0);
    assertThat(counts.live()).containsExactly(1, 0, 2, 3);
    assertThat(counts.unseenCategories()).containsExactly("7.0", "3.0");
  }

  @Test
  void alignedLiveCountsStayExactBeyondSixteenDistinctLiveValues() {
    NumericAccumulator live = NumericAccumulator.alignedTo(REFERENCE);
    for (int i = 0; i < 100; i++) {
      live.add(i % 3); // 0, 1, 2: 34, 33, 33 times
      live.add(i + 0.5); // 100 values the reference never had
    }
    NumericProfile profile = live.toProfile();

    assertThat(profile.valueCounts()).isEmpty();
    AlignedCounts counts = profile.valueCountsAlignedTo(REFERENCE);
    assertThat(counts.live()).containsExactly(34, 33, 33, 100);
    assertThat(counts.unseenCategories()).isEmpty(); // beyond 16 they cannot be named
  }

  @Test
  void alignedCountsSurviveMergesAcrossTheCap() {
    NumericAccumulator a = NumericAccumulator.alignedTo(REFERENCE);
    NumericAccumulator b = NumericAccumulator.alignedTo(REFERENCE);
    for (double v : range(0, 10)) {
      a.add(v);
    }
    for (double v : range(1, 20)) {
      b.add(v);
    }
    NumericProfile merged = a.toProfile().mergedWith(b.toProfile());
    a.merge(b);

    // by hand: 0 once, 1 and 2 twice each, the other 24 of the 29 values are other
    assertThat(a.toProfile().valueCountsAlignedTo(REFERENCE).live()).containsExactly(1, 2, 2, 24);
    assertThat(merged.valueCountsAlignedTo(REFERENCE))
        .isEqualTo(a.toProfile().valueCountsAlignedTo(REFERENCE));
  }

  @Test
  void aLiveProfileWithFewValuesAlignsWithoutBeingBuiltForTheReference() {
    NumericProfile live = accumulate(2, 2, 9).toProfile();

    AlignedCounts counts = live.valueCountsAlignedTo(REFERENCE);

    assertThat(counts.live()).containsExactly(0, 0, 2, 1);
    assertThat(counts.unseenCategories()).containsExactly("9.0");
  }

  @Test
  void anEmptyLiveProfileAlignsToZeros() {
    assertThat(NumericAccumulator.create("x").toProfile().valueCountsAlignedTo(REFERENCE).live())
        .containsExactly(0, 0, 0, 0);
  }

  @Test
  void aLiveProfileWithManyValuesMustHaveBeenCountedAgainstTheReference() {
    NumericProfile live = accumulate(range(0, 17)).toProfile();

    assertThatThrownBy(() -> live.valueCountsAlignedTo(REFERENCE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "live profile of 'x' has more than 16 distinct values and was not counted against the"
                + " reference values [0.0, 1.0, 2.0]: build it with"
                + " NumericAccumulator.alignedTo(reference)");
  }

  @Test
  void aReferenceWithManyValuesHasNoValueCountsToAlignTo() {
    NumericProfile reference = NumericProfile.ofReference("x", range(0, 17), 4);

    assertThatThrownBy(() -> accumulate(1).toProfile().valueCountsAlignedTo(reference))
        .hasMessage(
            "reference profile of 'x' has no value counts to align to (no finite value, or more"
                + " than 16 distinct ones): 17 distinct values");
    assertThatThrownBy(
            () ->
                NumericProfile.ofReference("y", new double[] {1}, 1)
                    .valueCountsAlignedTo(REFERENCE))
        .hasMessage("cannot align 'y' to the reference of 'x'");
  }

  @Test
  void accumulatorsCountedAgainstDifferentReferenceValuesDoNotMerge() {
    NumericAccumulator a = NumericAccumulator.alignedTo(REFERENCE);
    NumericAccumulator b = NumericAccumulator.create("x", 200, REFERENCE.binEdges().orElseThrow());

    assertThatThrownBy(() -> a.merge(b))
        .hasMessage(
            "cannot merge 'x' counted against different reference values: [0.0, 1.0, 2.0] and"
                + " null");
  }
}
