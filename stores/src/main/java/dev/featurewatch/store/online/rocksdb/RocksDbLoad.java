package dev.featurewatch.store.online.rocksdb;

import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.RowCodec;
import dev.featurewatch.store.row.FeatureRow;
import dev.featurewatch.store.sort.RowSort;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A load into a view that holds no row yet, as table files that RocksDB takes in whole: the rows
 * are encoded as they are added, sorted by key at the commit, written in order to a file per key
 * range (see {@link RocksDbOnlineStore#ingestIfEmpty}), and the files ingested. Inserting 500k keys
 * one by one into the memtable (a skip list, and the write-ahead log) took about two thirds of
 * materialize's time; writing sorted files is sequential, and taking them in is a rename each.
 *
 * <p>A view that holds rows when the load starts, or that gets some before the commit (another
 * writer of this process), is written as {@link RocksDbOnlineStore#write} writes, each key compared
 * with its stored row. So are rows added after {@value #MAX_PENDING_BYTES} bytes of encoded rows
 * are pending: those are taken in first, bounding the memory a load holds.
 */
final class RocksDbLoad implements OnlineStore.Load {

  /** The encoded rows a load holds at most before it takes them in: 256 MiB. */
  static final long MAX_PENDING_BYTES = 256L << 20;

  // a pair's fixed cost besides its bytes (two arrays and a pair array): for the bound only
  private static final int PAIR_OVERHEAD = 64;

  // as RocksDB orders keys: unsigned bytes
  private static final Comparator<byte[][]> BY_KEY = (a, b) -> Arrays.compareUnsigned(a[0], b[0]);

  private final RocksDbOnlineStore store;
  private final FeatureView view;
  private final long maxPendingBytes;
  // key and value of each row added, in the order added; guarded by this
  private final List<byte[][]> pending = new ArrayList<>();
  private long pendingBytes;
  // once true, rows are written as they come
  private boolean direct;

  RocksDbLoad(RocksDbOnlineStore store, FeatureView view) {
    this(store, view, MAX_PENDING_BYTES);
  }

  RocksDbLoad(RocksDbOnlineStore store, FeatureView view, long maxPendingBytes) {
    this.store = store;
    this.view = view;
    this.maxPendingBytes = maxPendingBytes;
    this.direct = !store.isEmpty(view.name());
  }

  @Override
  public void add(List<FeatureRow> rows) {
    if (isDirect()) {
      store.write(view, rows);
      return;
    }
    // encoded (and so checked) on the adding thread, outside the lock
    List<byte[][]> pairs = new ArrayList<>(rows.size());
    long bytes = 0;
    for (FeatureRow row : rows) {
      byte[] value = RowCodec.encode(view, row);
      byte[] key = RowCodec.encodeEntityKey(row.key());
      pairs.add(new byte[][] {key, value});
      bytes += key.length + value.length + PAIR_OVERHEAD;
    }
    synchronized (this) {
      if (!direct) {
        pending.addAll(pairs);
        pendingBytes += bytes;
        if (pendingBytes > maxPendingBytes) {
          takeIn();
          direct = true;
        }
        return;
      }
    }
    write(newestPerKey(pairs));
  }

  @Override
  public synchronized void commit() {
    if (!pending.isEmpty()) {
      takeIn();
    }
  }

  private synchronized boolean isDirect() {
    return direct;
  }

  /** Takes the pending rows in as a table file, or writes them if the view holds rows now. */
  private void takeIn() {
    List<byte[][]> sorted = newestPerKey(pending);
    pending.clear();
    pendingBytes = 0;
    if (!store.ingestIfEmpty(view, sorted)) {
      write(sorted);
    }
  }

  /**
   * The pairs sorted by key, as RocksDB orders keys (unsigned bytes), each key once: of a key added
   * twice, the newer row (as {@link FeatureRow#supersedes}; the later added on a tie).
   *
   * <p>The keys of a view share their first bytes (the join keys' names), so they are sorted by
   * their next 8 bytes as one {@code long}, with {@link RowSort}, and only keys equal in those
   * bytes are compared whole: for an int64 join key those 8 bytes are the value, so no two keys
   * are. A comparator sort of the pairs cost a fifth of a 5M-row materialize (its comparisons chase
   * 500k arrays across the heap).
   */
  private static List<byte[][]> newestPerKey(List<byte[][]> pairs) {
    int n = pairs.size();
    if (n == 0) {
      return List.of();
    }
    int shared = sharedPrefix(pairs);
    long[] prefixes = new long[n];
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      byte[] key = pairs.get(i)[0];
      long prefix = 0;
      for (int b = shared; b < shared + Long.BYTES; b++) {
        prefix = prefix << 8 | (b < key.length ? key[b] & 0xff : 0);
      }
      // unsigned bytes order as signed longs once the sign bit is flipped
      prefixes[i] = prefix ^ Long.MIN_VALUE;
      rows[i] = i;
    }
    RowSort.Sorted sorted = RowSort.sort(rows, 1, prefixes);
    long[] order = sorted.values()[0];
    int[] at = sorted.rows();
    List<byte[][]> distinct = new ArrayList<>(n);
    for (int from = 0; from < n; ) {
      int to = from + 1;
      while (to < n && order[to] == order[from]) {
        to++;
      }
      List<byte[][]> equal = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        equal.add(pairs.get(at[i]));
      }
      if (equal.size() > 1) {
        equal.sort(BY_KEY); // stable: pairs of one key stay in the order added
      }
      for (byte[][] pair : equal) {
        int last = distinct.size() - 1;
        if (last >= 0 && Arrays.equals(distinct.get(last)[0], pair[0])) {
          if (RowCodec.compareVersions(pair[1], distinct.get(last)[1]) >= 0) {
            distinct.set(last, pair);
          }
        } else {
          distinct.add(pair);
        }
      }
      from = to;
    }
    return distinct;
  }

  /** How many first bytes every key of {@code pairs} has in common. */
  private static int sharedPrefix(List<byte[][]> pairs) {
    byte[] first = pairs.get(0)[0];
    int shared = first.length;
    for (byte[][] pair : pairs) {
      int mismatch =
          Arrays.mismatch(first, 0, shared, pair[0], 0, Math.min(shared, pair[0].length));
      if (mismatch >= 0) {
        shared = mismatch;
      }
    }
    return shared;
  }

  /** Writes pairs of distinct keys through the store's compare-and-set, in batches. */
  private void write(List<byte[][]> pairs) {
    for (int from = 0; from < pairs.size(); from += 1_000) {
      List<byte[][]> batch = pairs.subList(from, Math.min(pairs.size(), from + 1_000));
      store.writeEncoded(
          view,
          batch.stream().map(pair -> pair[0]).toList(),
          batch.stream().map(p -> p[1]).toList());
    }
  }
}
