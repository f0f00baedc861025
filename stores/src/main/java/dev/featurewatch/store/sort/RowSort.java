package dev.featurewatch.store.sort;

import dev.featurewatch.annotation.Internal;
import java.util.Arrays;

/**
 * A stable sort of row indices by several {@code long} columns, most significant first, as an LSD
 * radix sort: no comparator runs and the rows never become objects. It replaced a comparator merge
 * sort that took two thirds of the point-in-time join's time (BENCHMARKS.md); a RocksDB load sorts
 * its keys with it too.
 *
 * <p>Each column is counted from its minimum over the rows, so it takes only the bits of its range:
 * 30 days of microseconds take 42 bits, 100,000 consecutive keys 17. Adjacent columns are packed
 * into one {@code long} while their bits fit in 64, so (key, event time) is usually a single sort
 * key, sorted digit by digit (at most {@value #MAX_DIGIT_BITS} bits each), least significant first,
 * with the row index carried along; a digit the same for every row is skipped. Columns that do not
 * fit together are sorted in stages, least significant stage first; each stage is stable, so the
 * result is the lexicographic order, equal rows kept in their input order.
 *
 * <pre>{@code
 * RowSort.Sorted sorted = RowSort.sort(rows, 2, keys, times);
 * // sorted.rows()[i] is the i-th row; sorted.values()[1][i] its time
 * }</pre>
 *
 * <p>O(n · digits) time; 24 bytes per row of scratch while sorting, of which the values kept are
 * made (so the caller reads them in order, not through the permutation).
 */
@Internal
public final class RowSort {

  /**
   * The rows in sorted order, and {@code values[c][i]}, the value of column {@code c} for {@code
   * rows[i]}, for the first columns asked for.
   */
  public record Sorted(int[] rows, long[][] values) {}

  /** 11 bits: 2,048 counters per digit, which still fit in the L1 cache. */
  static final int MAX_DIGIT_BITS = 11;

  // the working arrays of one sort: a digit pass scatters keys and rows into the buffers, then
  // swaps
  private long[] keys;
  private int[] rows;
  private long[] keyBuffer;
  private int[] rowBuffer;

  private RowSort(int[] rows) {
    this.rows = rows;
    this.keys = new long[rows.length];
    this.keyBuffer = new long[rows.length];
    this.rowBuffer = new int[rows.length];
  }

  /**
   * Sorts {@code rows} by {@code columns} (indexed by row; the most significant first), equal rows
   * in their order in {@code rows}.
   *
   * @param rows the row indices to sort, taken over (the sort may reuse the array)
   * @param kept how many of the first columns to return in sorted order, in {@link Sorted#values()}
   */
  public static Sorted sort(int[] rows, int kept, long[]... columns) {
    int c = columns.length;
    long[] min = new long[c];
    int[] bits = new int[c];
    range(rows, columns, min, bits);
    RowSort sort = new RowSort(rows);
    // one stage per run of columns that fit in 64 bits together, least significant stage first
    int end = c;
    while (true) {
      int start = end - 1;
      int width = bits[start];
      while (start > 0 && width + bits[start - 1] <= 64) {
        start--;
        width += bits[start];
      }
      sort.pack(columns, start, end, min, bits);
      sort.radix(0, width);
      if (start == 0) {
        break;
      }
      end = start;
    }
    return new Sorted(sort.rows, sort.values(columns, kept, end, min, bits));
  }

  /**
   * Sorts {@code rows} stably by {@code columns[0]} alone, returning every column in that order:
   * for rows whose other columns are known to be in order within each value of the first already (a
   * view's rows from files sorted by key and time), this is their full sort in a fraction of the
   * passes. When the columns fit in 64 bits together they are packed and only the first column's
   * digits are sorted, the others carried along in the same {@code long}; otherwise the others are
   * read through the permutation.
   *
   * @param rows the row indices to sort, taken over (the sort may reuse the array)
   */
  public static Sorted sortByFirst(int[] rows, long[]... columns) {
    int c = columns.length;
    long[] min = new long[c];
    int[] bits = new int[c];
    int width = range(rows, columns, min, bits);
    RowSort sort = new RowSort(rows);
    if (width <= 64) {
      sort.pack(columns, 0, c, min, bits);
      sort.radix(width - bits[0], width);
      return new Sorted(sort.rows, sort.values(columns, c, c, min, bits));
    }
    sort.pack(columns, 0, 1, min, bits);
    sort.radix(0, bits[0]);
    return new Sorted(sort.rows, sort.values(columns, c, 1, min, bits));
  }

  /**
   * Each column's minimum and bits of range over {@code rows} into {@code min} and {@code bits};
   * returns the sum of the bits.
   */
  private static int range(int[] rows, long[][] columns, long[] min, int[] bits) {
    int width = 0;
    for (int j = 0; j < columns.length; j++) {
      long lo = Long.MAX_VALUE;
      long hi = Long.MIN_VALUE;
      for (int row : rows) {
        long value = columns[j][row];
        lo = Math.min(lo, value);
        hi = Math.max(hi, value);
      }
      min[j] = rows.length == 0 ? 0 : lo;
      // hi - lo as unsigned is the range even when it overflows a signed long
      bits[j] = rows.length == 0 ? 0 : 64 - Long.numberOfLeadingZeros(hi - lo);
      width += bits[j];
    }
    return width;
  }

  /** {@code keys[i]} = columns {@code [start, end)} of {@code rows[i]}, packed. */
  private void pack(long[][] columns, int start, int end, long[] min, int[] bits) {
    Arrays.fill(keys, 0);
    int shift = 0;
    for (int j = end - 1; j >= start; j--) {
      long[] column = columns[j];
      long base = min[j];
      for (int i = 0; i < rows.length; i++) {
        keys[i] |= (column[rows[i]] - base) << shift;
      }
      shift += bits[j];
    }
  }

  /**
   * Sorts (keys, rows) stably by bits {@code [from, to)} of the keys; the bits from {@code to} up
   * must be zero (the last digit may reach beyond it).
   */
  private void radix(int from, int to) {
    int n = rows.length;
    int width = to - from;
    if (width == 0 || n < 2) {
      return;
    }
    int digits = (width + MAX_DIGIT_BITS - 1) / MAX_DIGIT_BITS;
    int digitBits = (width + digits - 1) / digits; // as even as possible: fewer, smaller counters
    int mask = (1 << digitBits) - 1;
    int[][] counts = new int[digits][1 << digitBits];
    for (long key : keys) { // one read for every digit's histogram
      for (int d = 0; d < digits; d++) {
        counts[d][(int) (key >>> (from + d * digitBits)) & mask]++;
      }
    }
    for (int d = 0; d < digits; d++) {
      int shift = from + d * digitBits;
      int[] count = counts[d];
      if (count[(int) (keys[0] >>> shift) & mask] == n) {
        continue; // every key has this digit: the pass would not move anything
      }
      int offset = 0;
      for (int b = 0; b < count.length; b++) {
        int size = count[b];
        count[b] = offset;
        offset += size;
      }
      for (int i = 0; i < n; i++) {
        long key = keys[i];
        int at = count[(int) (key >>> shift) & mask]++;
        keyBuffer[at] = key;
        rowBuffer[at] = rows[i];
      }
      long[] swapKeys = keys;
      keys = keyBuffer;
      keyBuffer = swapKeys;
      int[] swapRows = rows;
      rows = rowBuffer;
      rowBuffer = swapRows;
    }
  }

  /**
   * The first {@code kept} columns in sorted order: unpacked from the last stage's keys for columns
   * {@code [0, end)}, read through the permutation for the others.
   */
  private long[][] values(long[][] columns, int kept, int end, long[] min, int[] bits) {
    long[][] values = new long[kept][];
    long[] spare = keyBuffer; // free after the last pass
    int lastUnpacked = Math.min(kept, end) - 1;
    for (int j = 0; j < kept; j++) {
      long[] out;
      if (j == lastUnpacked) {
        out = keys; // the keys are not read after this column: unpack in place
      } else if (spare != null) {
        out = spare;
        spare = null;
      } else {
        out = new long[rows.length];
      }
      if (j < end) {
        int shift = 0;
        for (int i = j + 1; i < end; i++) {
          shift += bits[i];
        }
        long mask = bits[j] == 64 ? -1L : (1L << bits[j]) - 1;
        for (int i = 0; i < rows.length; i++) {
          out[i] = ((keys[i] >>> shift) & mask) + min[j];
        }
      } else {
        long[] column = columns[j];
        for (int i = 0; i < rows.length; i++) {
          out[i] = column[rows[i]];
        }
      }
      values[j] = out;
    }
    return values;
  }
}
