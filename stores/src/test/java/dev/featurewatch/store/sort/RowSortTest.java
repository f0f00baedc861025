package dev.featurewatch.store.sort;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The radix sort equals a stable comparison sort ({@link List#sort}) of the same rows, and keeps
 * equal rows in their input order.
 */
class RowSortTest {

  @Property(tries = 200, seed = "20261123")
  void equalsAStableComparisonSort(@ForAll long seed) {
    Random random = new Random(seed);
    long[][] columns = columns(random);
    int[] rows = shuffledRows(random, columns[0].length);

    RowSort.Sorted sorted = RowSort.sort(rows.clone(), columns.length, columns);

    assertSortedAs(sorted, reference(rows, columns), columns);
  }

  @Property(tries = 200, seed = "20261207")
  void sortByFirstEqualsAStableSortOnTheFirstColumnAlone(@ForAll long seed) {
    Random random = new Random(seed);
    long[][] columns = columns(random);
    int[] rows = shuffledRows(random, columns[0].length);

    RowSort.Sorted sorted = RowSort.sortByFirst(rows.clone(), columns);

    assertSortedAs(sorted, reference(rows, new long[][] {columns[0]}), columns);
  }

  /** Up to 3,000 rows of one to three columns of {@link #column}'s kinds. */
  private static long[][] columns(Random random) {
    int n = random.nextInt(3000);
    long[][] columns = new long[1 + random.nextInt(3)][];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = column(random, n);
    }
    return columns;
  }

  /** The rows in {@code expected}'s order, and each column's values in that order. */
  private static void assertSortedAs(
      RowSort.Sorted sorted, List<Integer> expected, long[][] columns) {
    assertThat(sorted.rows()).containsExactly(expected.stream().mapToInt(i -> i).toArray());
    for (int c = 0; c < columns.length; c++) {
      long[] column = columns[c];
      assertThat(sorted.values()[c])
          .as("column %d in sorted order", c)
          .containsExactly(expected.stream().mapToLong(r -> column[r]).toArray());
    }
  }

  @Test
  void sortByFirstCarriesTheOtherColumnsUnsorted() {
    long[] keys = {2, 1, 2, 1, 2};
    long[] times = {5, 9, 3, 7, 4};

    RowSort.Sorted sorted = RowSort.sortByFirst(new int[] {0, 1, 2, 3, 4}, keys, times);

    assertThat(sorted.rows()).containsExactly(1, 3, 0, 2, 4);
    assertThat(sorted.values()[0]).containsExactly(1, 1, 2, 2, 2);
    assertThat(sorted.values()[1]).containsExactly(9, 7, 5, 3, 4);
  }

  @Test
  void sortByFirstReadsColumnsBeyondSixtyFourBitsThroughThePermutation() {
    long[] keys = {2, 1, 2, 1};
    long[] times = {Long.MAX_VALUE, 0, Long.MIN_VALUE, -1};

    RowSort.Sorted sorted = RowSort.sortByFirst(new int[] {0, 1, 2, 3}, keys, times);

    assertThat(sorted.rows()).containsExactly(1, 3, 0, 2);
    assertThat(sorted.values()[1]).containsExactly(0, -1, Long.MAX_VALUE, Long.MIN_VALUE);
  }

  @Test
  void equalRowsKeepTheirInputOrder() {
    long[] keys = {7, 3, 7, 3, 7, 3};
    long[] times = {5, 5, 5, 5, 5, 5};

    RowSort.Sorted sorted = RowSort.sort(new int[] {5, 4, 3, 2, 1, 0}, 2, keys, times);

    assertThat(sorted.rows()).containsExactly(5, 3, 1, 4, 2, 0);
    assertThat(sorted.values()[0]).containsExactly(3, 3, 3, 7, 7, 7);
  }

  @Test
  void negativeTimesSortBeforeZeroAndPositiveOnes() {
    long[] keys = {1, 1, 1, 1, 0};
    long[] times = {0, -1, 1_000_000, -86_400_000_000L, 5};

    RowSort.Sorted sorted = RowSort.sort(new int[] {0, 1, 2, 3, 4}, 2, keys, times);

    assertThat(sorted.rows()).containsExactly(4, 3, 1, 0, 2);
    assertThat(sorted.values()[1]).containsExactly(5, -86_400_000_000L, -1, 0, 1_000_000);
  }

  @Test
  void columnsOverSixtyFourBitsTogetherSortInStages() {
    // the second column spans every long: it cannot share a 64-bit key with the first
    long[] keys = {2, 1, 2, 1, 2};
    long[] times = {Long.MAX_VALUE, 0, Long.MIN_VALUE, -1, 0};

    RowSort.Sorted sorted = RowSort.sort(new int[] {0, 1, 2, 3, 4}, 2, keys, times);

    assertThat(sorted.rows()).containsExactly(3, 1, 2, 4, 0);
    assertThat(sorted.values()[0]).containsExactly(1, 1, 2, 2, 2);
    assertThat(sorted.values()[1]).containsExactly(-1, 0, Long.MIN_VALUE, 0, Long.MAX_VALUE);
  }

  @Test
  void constantColumnsAndDigitsLeaveTheOrderToTheOthers() {
    // the low 24 bits of every time are the same, and the first column is constant
    long[] constant = {42, 42, 42, 42};
    long[] times = {
      3L << 24 | 0xABCDEF, 1L << 24 | 0xABCDEF, 2L << 24 | 0xABCDEF, 1L << 24 | 0xABCDEF
    };

    RowSort.Sorted sorted = RowSort.sort(new int[] {0, 1, 2, 3}, 2, constant, times);

    assertThat(sorted.rows()).containsExactly(1, 3, 2, 0);
    assertThat(sorted.values()[0]).containsOnly(42L);
    assertThat(sorted.values()[1])
        .containsExactly(
            1L << 24 | 0xABCDEF, 1L << 24 | 0xABCDEF, 2L << 24 | 0xABCDEF, 3L << 24 | 0xABCDEF);
  }

  @Test
  void onlyTheRowsGivenAreSorted() {
    long[] keys = {9, 8, 7, 6, 5};

    RowSort.Sorted sorted = RowSort.sort(new int[] {0, 2, 4}, 1, keys);

    assertThat(sorted.rows()).containsExactly(4, 2, 0);
    assertThat(sorted.values()[0]).containsExactly(5, 7, 9);
  }

  @Test
  void noRowsGiveAnEmptySort() {
    RowSort.Sorted sorted = RowSort.sort(new int[0], 1, new long[] {1, 2});

    assertThat(sorted.rows()).isEmpty();
    assertThat(sorted.values()[0]).isEmpty();
  }

  /** Ties, negatives, wide and constant ranges, and values a few digits apart. */
  private static long[] column(Random random, int n) {
    long[] values = new long[n];
    int kind = random.nextInt(5);
    long base = random.nextLong();
    for (int i = 0; i < n; i++) {
      values[i] =
          switch (kind) {
            case 0 -> random.nextInt(5) - 2; // many ties, negative
            case 1 -> random.nextLong(); // the whole range
            case 2 -> 42; // constant
            case 3 -> (base >> 8) + ((long) random.nextInt(1 << 20) << 30); // constant low digits
            default -> -86_400_000_000L * 30 + random.nextLong(86_400_000_000L * 60); // times
          };
    }
    return values;
  }

  private static int[] shuffledRows(Random random, int n) {
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = rows[i];
      rows[i] = rows[j];
      rows[j] = swap;
    }
    return rows;
  }

  private static List<Integer> reference(int[] rows, long[][] columns) {
    List<Integer> list = new ArrayList<>();
    for (int row : rows) {
      list.add(row);
    }
    Comparator<Integer> order = Comparator.comparingLong(r -> columns[0][r]);
    for (int c = 1; c < columns.length; c++) {
      long[] column = columns[c];
      order = order.thenComparingLong(r -> column[r]);
    }
    list.sort(order); // stable
    return list;
  }
}
