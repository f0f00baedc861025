package dev.featurewatch.drift.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RadixSortTest {

  private static void assertSortsLikeArraysSort(double[] values) {
    double[] expected = values.clone();
    Arrays.sort(expected);
    RadixSort.sort(values);
    // bit for bit, so -0.0 and 0.0 are told apart
    assertThat(values).usingElementComparator(Double::compare).containsExactly(expected);
  }

  @Test
  void sortsLargeArraysOfMixedSignsMagnitudesAndZeros() {
    SplittableRandom random = new SplittableRandom(11);
    double[] values = new double[200_000];
    for (int i = 0; i < values.length; i++) {
      values[i] =
          switch (i % 6) {
            case 0 -> random.nextGaussian() * 1e-300;
            case 1 -> -random.nextDouble() * 1e300;
            case 2 -> i % 12 == 2 ? -0.0 : 0.0;
            case 3 -> Math.round(random.nextGaussian() * 5);
            case 4 -> i % 24 == 4 ? -Double.MAX_VALUE : Double.MIN_VALUE;
            default -> random.nextGaussian();
          };
    }
    assertSortsLikeArraysSort(values);
  }

  @Test
  void sortsAlreadySortedReversedAndConstantArrays() {
    double[] ascending = new double[10_000];
    for (int i = 0; i < ascending.length; i++) {
      ascending[i] = i - 5000.5;
    }
    double[] descending = ascending.clone();
    for (int i = 0; i < descending.length / 2; i++) {
      double t = descending[i];
      descending[i] = descending[descending.length - 1 - i];
      descending[descending.length - 1 - i] = t;
    }
    double[] constant = new double[10_000];
    Arrays.fill(constant, 3.25);

    assertSortsLikeArraysSort(ascending);
    assertSortsLikeArraysSort(descending);
    assertSortsLikeArraysSort(constant);
  }

  @Property(tries = 50, seed = "20261123")
  void sortsAnyFiniteValuesLikeArraysSort(
      @ForAll @Size(min = 4096, max = 20_000)
          java.util.List<@DoubleRange(min = -1e12, max = 1e12) Double> values) {
    assertSortsLikeArraysSort(values.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
