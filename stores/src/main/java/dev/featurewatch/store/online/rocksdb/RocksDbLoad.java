package dev.featurewatch.store.online.rocksdb;

import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.RowCodec;
import dev.featurewatch.store.row.FeatureRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A load into a view that holds no row yet, as a table file that RocksDB takes in whole: the rows
 * are encoded as they are added, sorted by key at the commit, written to the file in order, and the
 * file ingested. Inserting 500k keys one by one into the memtable (a skip list, and the write-ahead
 * log) took about two thirds of materialize's time; writing a sorted file is sequential, and taking
 * it in is a rename.
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
   */
  private static List<byte[][]> newestPerKey(List<byte[][]> pairs) {
    byte[][][] sorted = pairs.toArray(new byte[0][][]);
    // stable: pairs of one key stay in the order added
    Arrays.sort(sorted, (a, b) -> Arrays.compareUnsigned(a[0], b[0]));
    List<byte[][]> distinct = new ArrayList<>(sorted.length);
    for (byte[][] pair : sorted) {
      int last = distinct.size() - 1;
      if (last >= 0 && Arrays.equals(distinct.get(last)[0], pair[0])) {
        if (RowCodec.compareVersions(pair[1], distinct.get(last)[1]) >= 0) {
          distinct.set(last, pair);
        }
        continue;
      }
      distinct.add(pair);
    }
    return distinct;
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
