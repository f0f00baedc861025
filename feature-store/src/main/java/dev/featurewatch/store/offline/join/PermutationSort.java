package dev.featurewatch.store.offline.join;

/**
 * A stable sort of row indices by a comparator over columnar data: the rows themselves never become
 * objects. Bottom-up merge sort with insertion-sorted runs; {@code O(n log n)} comparisons, two
 * {@code int[n]} of memory.
 */
final class PermutationSort {

  /** Compares two rows by index. */
  @FunctionalInterface
  interface RowComparator {
    int compare(int a, int b);
  }

  private static final int RUN = 32;

  private PermutationSort() {}

  /** The indices {@code 0..n-1} sorted by {@code order}, equal rows kept in index order. */
  static int[] sortedIndices(int n, RowComparator order) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int lo = 0; lo < n; lo += RUN) {
      int hi = Math.min(lo + RUN, n);
      for (int i = lo + 1; i < hi; i++) {
        int x = a[i];
        int j = i - 1;
        while (j >= lo && order.compare(a[j], x) > 0) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = x;
      }
    }
    if (n <= RUN) {
      return a;
    }
    int[] b = new int[n];
    for (long width = RUN; width < n; width *= 2) {
      for (long start = 0; start < n; start += 2 * width) {
        int lo = (int) start;
        int mid = (int) Math.min(start + width, n);
        int hi = (int) Math.min(start + 2 * width, n);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
          b[k++] = order.compare(a[j], a[i]) < 0 ? a[j++] : a[i++];
        }
        while (i < mid) {
          b[k++] = a[i++];
        }
        while (j < hi) {
          b[k++] = a[j++];
        }
      }
      int[] swap = a;
      a = b;
      b = swap;
    }
    return a;
  }
}
