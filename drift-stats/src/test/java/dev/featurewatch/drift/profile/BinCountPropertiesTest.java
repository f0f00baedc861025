package dev.featurewatch.drift.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The accumulator's bin counts (a linear scan for few edges, a binary search for many) agree with
 * {@link BinEdges#histogram}, including values exactly on an edge.
 */
class BinCountPropertiesTest {

  @Provide
  Arbitrary<List<Integer>> edges() {
    return Arbitraries.integers().between(-50, 50).list().ofMinSize(1).ofMaxSize(45);
  }

  @Provide
  Arbitrary<List<Double>> values() {
    return Arbitraries.oneOf(
            Arbitraries.integers().between(-60, 60).map(Integer::doubleValue),
            Arbitraries.doubles().between(-60, 60))
        .list()
        .ofMaxSize(300);
  }

  @Property(tries = 300, seed = "20250101")
  void accumulatorCountsEachValueInItsBin(
      @ForAll("edges") List<Integer> edgeValues, @ForAll("values") List<Double> values) {
    BinEdges edges =
        BinEdges.of(new TreeSet<>(edgeValues).stream().mapToDouble(Integer::doubleValue).toArray());
    NumericAccumulator acc = NumericAccumulator.create("x", NumericAccumulator.DEFAULT_K, edges);
    values.forEach(acc::add);

    assertThat(acc.toProfile().binCounts())
        .isEqualTo(edges.histogram(values.stream().mapToDouble(Double::doubleValue).toArray()));
  }
}
