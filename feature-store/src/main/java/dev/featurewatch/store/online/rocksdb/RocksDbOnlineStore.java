package dev.featurewatch.store.online.rocksdb;

import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.OnlineStoreException;
import dev.featurewatch.store.online.OnlineValue;
import dev.featurewatch.store.online.RowCodec;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ByteBufferGetStatus;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.DataBlockIndexType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Status;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The embedded online store: a RocksDB directory with one column family per feature view (named
 * {@code view:<name>}, created on the first write), keyed by {@link RowCodec#encodeEntityKey} and
 * holding {@link RowCodec} values.
 *
 * <p><b>Tuned for batched point lookups</b> ({@code RocksDbReadBenchmark}, the serving benchmark's
 * 550 MB store, default 64 MiB cache: 500 keys from about 3.4 to 1.8 ms, 50 keys from 360 to 200
 * µs; 5 keys stay at about 30 µs, fixed costs per call and per key):
 *
 * <ul>
 *   <li>Reads are one {@code multiGetByteBuffers} per call (over the column families of all views
 *       for {@link #readAll}), keys and values in direct buffers. Unlike {@code multiGetAsList},
 *       which runs one {@code Get} per key, it reaches RocksDB's batched {@code MultiGet} (filters,
 *       index and data blocks probed for the sorted batch, a block read once for the keys in it).
 *   <li>Files are read through {@code mmap} and data blocks are not compressed, so a data block is
 *       read where it lies in the OS page cache, with no {@code pread} system call and no
 *       decompression. The page cache then holds the hot data: with the default 64 MiB block cache
 *       the benchmark reads as fast as with a 1 GiB cache holding the whole store (before, the 64
 *       MiB cache was about 1.5 times slower at 50 and 500 keys). A store larger than memory still
 *       works, a block not in memory being a page fault where it was a {@code pread} (not
 *       measured). The values are feature rows of mostly random doubles, which Snappy did not
 *       shrink (3% on the benchmark's data). Reads do not verify block checksums (compactions still
 *       do).
 *   <li>Index and filter blocks live in the table readers' memory rather than in the block cache
 *       (estimated at under 2% of the data: 10 bits a key of Bloom filter, one index entry per 4
 *       KiB data block), so a lookup does not go through the cache for them and data blocks never
 *       evict them. A hash index inside data blocks ({@code kDataBlockBinaryAndHash}) and a
 *       memtable Bloom filter.
 * </ul>
 *
 * <p><b>Atomicity of writes.</b> RocksDB has no compare-and-set, and a custom merge operator cannot
 * be written in Java, so a write is read-compare-write under a lock: every key maps to one of
 * {@value #STRIPES} lock stripes; a batch takes its stripes in ascending order (no deadlock between
 * batches), reads the stored values with one {@code multiGetAsList}, keeps the rows that supersede
 * them and writes those in one {@code WriteBatch}, then unlocks. Every writer of this directory
 * goes through these locks: RocksDB's {@code LOCK} file stops a second process or a second open in
 * this process, so no write can slip between the read and the write of a key. Readers take no
 * stripe lock; RocksDB makes each key's update atomic, so a reader sees the old row or the new one,
 * never a mix, and the {@code WriteBatch} makes a whole batch durable or not at all (write-ahead
 * log on, not synced per write: a machine crash may lose the last writes, which a replay restores).
 *
 * <p><b>Expiry.</b> Max age is applied on read from the event time in the value (RocksDB's {@code
 * TtlDB} would count from the write and keep expired rows until compaction). {@link #deleteExpired}
 * sweeps a view and deletes the expired rows under the same locks, re-checking each, so a row
 * rewritten during the sweep stays; no compaction filter is needed. Run it periodically.
 *
 * <pre>{@code
 * try (RocksDbOnlineStore store = RocksDbOnlineStore.open(Path.of("data/online"))) { ... }
 * }</pre>
 */
public final class RocksDbOnlineStore implements OnlineStore {

  /** The block cache size of {@link #open(Path)}: 64 MiB. */
  public static final long DEFAULT_BLOCK_CACHE_BYTES = 64L << 20;

  static final int STRIPES = 256;
  private static final String CF_PREFIX = "view:";
  private static final int SWEEP_CHUNK = 1024;

  /** Keys per {@code multiGetByteBuffers} call: bounds each thread's read buffers. */
  static final int READ_CHUNK = 1024;

  /**
   * The value bytes read directly per key (the serving benchmark's rows are about 110 bytes); a
   * longer value is read again on its own.
   */
  static final int VALUE_SLOT = 512;

  /**
   * Each reading thread's direct buffers for {@code multiGetByteBuffers}, reused by its calls (the
   * values are copied out before the call returns): at most {@value #READ_CHUNK} keys and values of
   * {@value #VALUE_SLOT} bytes, about 0.5 MiB a thread once grown.
   */
  private static final ThreadLocal<ReadBuffers> READ_BUFFERS =
      ThreadLocal.withInitial(ReadBuffers::new);

  static {
    RocksDB.loadLibrary();
  }

  private final Path directory;
  private final LRUCache cache;
  private final BloomFilter bloom;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final WriteOptions writeOptions;
  private final ReadOptions readOptions;
  private final RocksDB db;
  private final ColumnFamilyHandle defaultFamily;
  private final Map<String, ColumnFamilyHandle> families = new ConcurrentHashMap<>();
  private final Lock[] stripes = new Lock[STRIPES];
  // Operations hold the read side, close() the write side: native handles are never used after
  // they are freed (that would crash the JVM rather than throw).
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  private RocksDbOnlineStore(Path directory, long blockCacheBytes) throws RocksDBException {
    this.directory = directory;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
    cache = new LRUCache(blockCacheBytes);
    bloom = new BloomFilter(10);
    BlockBasedTableConfig table =
        new BlockBasedTableConfig()
            .setBlockCache(cache)
            .setFilterPolicy(bloom)
            .setCacheIndexAndFilterBlocks(false)
            .setDataBlockIndexType(DataBlockIndexType.kDataBlockBinaryAndHash)
            .setDataBlockHashTableUtilRatio(0.75);
    cfOptions =
        new ColumnFamilyOptions()
            .setTableFormatConfig(table)
            .setMemtablePrefixBloomSizeRatio(0.1)
            .setMemtableWholeKeyFiltering(true)
            .setCompressionType(CompressionType.NO_COMPRESSION);
    dbOptions =
        new DBOptions()
            .setCreateIfMissing(true)
            .setCreateMissingColumnFamilies(true)
            .setAllowMmapReads(true);
    writeOptions = new WriteOptions();
    readOptions = new ReadOptions().setVerifyChecksums(false);

    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (byte[] name : existingFamilies(directory)) {
      descriptors.add(new ColumnFamilyDescriptor(name, cfOptions));
    }
    if (descriptors.stream()
        .noneMatch(d -> Arrays.equals(d.getName(), RocksDB.DEFAULT_COLUMN_FAMILY))) {
      descriptors.add(0, new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      db = RocksDB.open(dbOptions, directory.toString(), descriptors, handles);
    } catch (RocksDBException e) {
      readOptions.close();
      writeOptions.close();
      cfOptions.close();
      dbOptions.close();
      bloom.close();
      cache.close();
      throw e;
    }
    ColumnFamilyHandle defaultHandle = null;
    for (ColumnFamilyHandle handle : handles) {
      String name = new String(handle.getName(), StandardCharsets.UTF_8);
      if (name.startsWith(CF_PREFIX)) {
        families.put(name.substring(CF_PREFIX.length()), handle);
      } else if (Arrays.equals(handle.getName(), RocksDB.DEFAULT_COLUMN_FAMILY)) {
        defaultHandle = handle;
      }
    }
    defaultFamily = defaultHandle;
  }

  /** Opens (or creates) the store in {@code directory} with a 64 MiB block cache. */
  public static RocksDbOnlineStore open(Path directory) {
    return open(directory, DEFAULT_BLOCK_CACHE_BYTES);
  }

  /**
   * Opens (or creates) the store in {@code directory}.
   *
   * @param blockCacheBytes the LRU block cache shared by all views, at least 1 MiB
   * @throws OnlineStoreException the directory cannot be created or is already open (in this or
   *     another process)
   */
  public static RocksDbOnlineStore open(Path directory, long blockCacheBytes) {
    Objects.requireNonNull(directory, "directory");
    if (blockCacheBytes < (1L << 20)) {
      throw new IllegalArgumentException(
          "RocksDB block cache must be at least 1 MiB (1048576 bytes): " + blockCacheBytes);
    }
    try {
      Files.createDirectories(directory);
      return new RocksDbOnlineStore(directory, blockCacheBytes);
    } catch (IOException e) {
      throw new OnlineStoreException("cannot create online store directory " + directory, e);
    } catch (RocksDBException e) {
      throw new OnlineStoreException(
          "cannot open RocksDB online store in " + directory + ": " + e.getMessage(), e);
    }
  }

  private static List<byte[]> existingFamilies(Path directory) throws RocksDBException {
    if (!Files.exists(directory.resolve("CURRENT"))) {
      return List.of();
    }
    try (Options options = new Options()) {
      return RocksDB.listColumnFamilies(options, directory.toString());
    }
  }

  @Override
  public void write(FeatureView view, List<FeatureRow> rows) {
    Map<EntityKey, FeatureRow> newest = OnlineStore.newestPerKey(view, rows);
    if (newest.isEmpty()) {
      return;
    }
    // Encode (and so validate) everything before taking any lock.
    List<byte[]> keys = new ArrayList<>(newest.size());
    List<byte[]> values = new ArrayList<>(newest.size());
    for (FeatureRow row : newest.values()) {
      keys.add(RowCodec.encodeEntityKey(row.key()));
      values.add(RowCodec.encode(view, row));
    }
    lifecycle.readLock().lock();
    try {
      checkOpen();
      ColumnFamilyHandle family = family(view.name(), true);
      int[] held = lockStripes(view.name(), keys);
      try {
        List<byte[]> stored =
            db.multiGetAsList(readOptions, Collections.nCopies(keys.size(), family), keys);
        try (WriteBatch batch = new WriteBatch()) {
          for (int i = 0; i < keys.size(); i++) {
            byte[] old = stored.get(i);
            if (old == null || newerOrSame(view, values.get(i), old)) {
              batch.put(family, keys.get(i), values.get(i));
            }
          }
          if (batch.count() > 0) {
            db.write(writeOptions, batch);
          }
        }
      } finally {
        unlock(held);
      }
    } catch (RocksDBException e) {
      throw failure("write " + rows.size() + " rows of view '" + view.name() + "'", e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /**
   * Whether {@code value} may replace {@code old}. A stored value that is not of our format is not
   * overwritten (as the Redis script refuses it too): the batch fails as a store failure naming the
   * key, rather than as a bad request.
   */
  private static boolean newerOrSame(FeatureView view, byte[] value, byte[] old) {
    try {
      return RowCodec.compareVersions(value, old) >= 0;
    } catch (IllegalArgumentException e) {
      throw new OnlineStoreException(
          "the value stored for an entity key of view '"
              + view.name()
              + "' is not an online value of this format ("
              + e.getMessage()
              + "); delete the view's rows and rematerialize it",
          e);
    }
  }

  @Override
  public List<OnlineValue> read(FeatureView view, List<EntityKey> keys, Instant now) {
    return readAll(Map.of(view, keys), now).get(view.name());
  }

  /** One {@code multiGetByteBuffers} over every view's column family (per 1,024 keys). */
  @Override
  public Map<String, List<OnlineValue>> readAll(
      Map<FeatureView, List<EntityKey>> keys, Instant now) {
    Objects.requireNonNull(now, "now");
    List<ColumnFamilyHandle> families = new ArrayList<>();
    List<byte[]> encoded = new ArrayList<>();
    // a view never written has no column family: its keys are not found, and not asked
    boolean[] written = new boolean[keys.size()];
    List<byte[]> stored;
    lifecycle.readLock().lock();
    try {
      checkOpen();
      // views of the same join keys are asked the same key objects: each is encoded once
      Map<EntityKey, byte[]> entities = new IdentityHashMap<>();
      int v = 0;
      for (Map.Entry<FeatureView, List<EntityKey>> view : keys.entrySet()) {
        ColumnFamilyHandle family = family(view.getKey().name(), false);
        written[v++] = family != null;
        if (family != null) {
          for (EntityKey key : view.getValue()) {
            families.add(family);
            encoded.add(entities.computeIfAbsent(key, RowCodec::encodeEntityKey));
          }
        }
      }
      stored = multiGet(families, encoded);
    } catch (RocksDBException e) {
      throw failure(
          "read " + encoded.size() + " keys of " + OnlineStore.describe(keys.keySet()), e);
    } finally {
      lifecycle.readLock().unlock();
    }
    Map<String, List<OnlineValue>> result = new HashMap<>();
    int v = 0;
    int i = 0;
    for (Map.Entry<FeatureView, List<EntityKey>> entry : keys.entrySet()) {
      FeatureView view = entry.getKey();
      boolean inStore = written[v++];
      List<OnlineValue> values = new ArrayList<>(entry.getValue().size());
      for (EntityKey key : entry.getValue()) {
        byte[] value = inStore ? stored.get(i++) : null;
        values.add(
            value == null
                ? OnlineValue.notFound(view, key)
                : OnlineValue.stored(view, key, value, now));
      }
      result.put(view.name(), values);
    }
    return result;
  }

  /** The stored values of {@code keys} (null when not found), in order. */
  private List<byte[]> multiGet(List<ColumnFamilyHandle> families, List<byte[]> keys)
      throws RocksDBException {
    List<byte[]> values = new ArrayList<>(keys.size());
    ReadBuffers buffers = READ_BUFFERS.get();
    for (int from = 0; from < keys.size(); from += READ_CHUNK) {
      int to = Math.min(keys.size(), from + READ_CHUNK);
      List<ColumnFamilyHandle> chunkFamilies = families.subList(from, to);
      List<byte[]> chunkKeys = keys.subList(from, to);
      List<ByteBufferGetStatus> got =
          db.multiGetByteBuffers(
              readOptions, chunkFamilies, buffers.keys(chunkKeys), buffers.values(to - from));
      for (int i = 0; i < got.size(); i++) {
        ByteBufferGetStatus result = got.get(i);
        Status.Code code = result.status.getCode();
        if (code == Status.Code.NotFound) {
          values.add(null);
        } else if (code != Status.Code.Ok) {
          throw new RocksDBException(result.status);
        } else if (result.requiredSize > VALUE_SLOT) {
          // read again whole; may be a newer row, which a reader may see anyway
          values.add(db.get(chunkFamilies.get(i), readOptions, chunkKeys.get(i)));
        } else {
          byte[] value = new byte[result.requiredSize];
          result.value.get(0, value);
          values.add(value);
        }
      }
    }
    return values;
  }

  /** A thread's direct buffers for {@code multiGetByteBuffers}: see {@link #READ_BUFFERS}. */
  private static final class ReadBuffers {
    private ByteBuffer keys = ByteBuffer.allocateDirect(0);
    private ByteBuffer values = ByteBuffer.allocateDirect(0);

    /** {@code encoded} copied into the key buffer, one slice each. */
    List<ByteBuffer> keys(List<byte[]> encoded) {
      int length = 0;
      for (byte[] key : encoded) {
        length += key.length;
      }
      if (keys.capacity() < length) {
        keys = ByteBuffer.allocateDirect(Math.max(length, 2 * keys.capacity()));
      }
      List<ByteBuffer> slices = new ArrayList<>(encoded.size());
      int offset = 0;
      for (byte[] key : encoded) {
        keys.put(offset, key);
        slices.add(keys.slice(offset, key.length));
        offset += key.length;
      }
      return slices;
    }

    /** {@code count} slices of {@value RocksDbOnlineStore#VALUE_SLOT} bytes of the value buffer. */
    List<ByteBuffer> values(int count) {
      if (values.capacity() < count * VALUE_SLOT) {
        values = ByteBuffer.allocateDirect(count * VALUE_SLOT);
      }
      List<ByteBuffer> slices = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        slices.add(values.slice(i * VALUE_SLOT, VALUE_SLOT));
      }
      return slices;
    }
  }

  @Override
  public long deleteExpired(FeatureView view, Instant now) {
    if (view.ttl().isZero()) {
      return 0;
    }
    long cutoff = RowCodec.toMicros(now.minus(view.ttl()), "now - ttl");
    long deleted = 0;
    lifecycle.readLock().lock();
    try {
      checkOpen();
      ColumnFamilyHandle family = family(view.name(), false);
      if (family == null) {
        return 0;
      }
      List<byte[]> candidates = new ArrayList<>();
      try (RocksIterator it = db.newIterator(family, readOptions)) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          if (RowCodec.eventTimeMicros(it.value()) < cutoff) {
            candidates.add(it.key());
            if (candidates.size() == SWEEP_CHUNK) {
              deleted += deleteIfStillExpired(view.name(), family, candidates, cutoff);
              candidates.clear();
            }
          }
        }
        it.status();
      }
      deleted += deleteIfStillExpired(view.name(), family, candidates, cutoff);
      return deleted;
    } catch (RocksDBException e) {
      throw failure("delete expired rows of view '" + view.name() + "'", e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private long deleteIfStillExpired(
      String view, ColumnFamilyHandle family, List<byte[]> keys, long cutoff)
      throws RocksDBException {
    if (keys.isEmpty()) {
      return 0;
    }
    int[] held = lockStripes(view, keys);
    try (WriteBatch batch = new WriteBatch()) {
      List<byte[]> stored =
          db.multiGetAsList(readOptions, Collections.nCopies(keys.size(), family), keys);
      for (int i = 0; i < keys.size(); i++) {
        byte[] value = stored.get(i);
        if (value != null && RowCodec.eventTimeMicros(value) < cutoff) {
          batch.delete(family, keys.get(i));
        }
      }
      int count = batch.count();
      if (count > 0) {
        db.write(writeOptions, batch);
      }
      return count;
    } finally {
      unlock(held);
    }
  }

  @Override
  public boolean isHealthy() {
    lifecycle.readLock().lock();
    try {
      // A background error (a failed flush or compaction, a full disk) stops all writes.
      return !closed && db.getLongProperty("rocksdb.background-errors") == 0;
    } catch (RocksDBException e) {
      return false;
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      families.values().forEach(ColumnFamilyHandle::close);
      if (defaultFamily != null) {
        defaultFamily.close();
      }
      db.close();
      readOptions.close();
      writeOptions.close();
      cfOptions.close();
      dbOptions.close();
      bloom.close();
      cache.close();
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "RocksDbOnlineStore[" + directory + "]";
  }

  /** The view's column family; created when {@code create}, else null when it does not exist. */
  private ColumnFamilyHandle family(String view, boolean create) throws RocksDBException {
    ColumnFamilyHandle family = families.get(view);
    if (family != null || !create) {
      return family;
    }
    synchronized (families) {
      family = families.get(view);
      if (family == null) {
        family =
            db.createColumnFamily(
                new ColumnFamilyDescriptor(
                    (CF_PREFIX + view).getBytes(StandardCharsets.UTF_8), cfOptions));
        families.put(view, family);
      }
      return family;
    }
  }

  /** Locks the distinct stripes of {@code keys} in ascending order and returns them. */
  private int[] lockStripes(String view, List<byte[]> keys) {
    int viewHash = view.hashCode();
    int[] indexes =
        keys.stream()
            .mapToInt(k -> Math.floorMod(31 * viewHash + Arrays.hashCode(k), STRIPES))
            .distinct()
            .sorted()
            .toArray();
    for (int index : indexes) {
      stripes[index].lock();
    }
    return indexes;
  }

  private void unlock(int[] held) {
    for (int i = held.length - 1; i >= 0; i--) {
      stripes[held[i]].unlock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the RocksDB online store in " + directory + " is closed");
    }
  }

  private OnlineStoreException failure(String what, RocksDBException e) {
    return new OnlineStoreException(
        "RocksDB online store in " + directory + ": cannot " + what + ": " + e.getMessage(), e);
  }
}
