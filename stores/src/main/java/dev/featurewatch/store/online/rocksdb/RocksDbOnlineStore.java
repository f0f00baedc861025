package dev.featurewatch.store.online.rocksdb;

import dev.featurewatch.annotation.Internal;
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
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.IntStream;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.EnvOptions;
import org.rocksdb.IngestExternalFileOptions;
import org.rocksdb.Options;
import org.rocksdb.PlainTableConfig;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.SstFileWriter;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded online store: a RocksDB directory with one column family per feature view (named
 * {@code view:<name>}, created on the first write), keyed by {@link RowCodec#encodeEntityKey} and
 * holding {@link RowCodec} values.
 *
 * <p><b>Tuned for point lookups</b> ({@code RocksDbReadBenchmark}, the serving benchmark's 5M rows
 * of about 110 bytes, 550 MB: 500 keys from 1.8 to 0.8 ms, 50 keys from 200 to 87 µs, 5 keys from
 * about 30 to 9 µs):
 *
 * <ul>
 *   <li>Files are RocksDB's {@code PlainTable}, made for data that sits in memory: a hash index (of
 *       the whole key: the prefix extractor caps it at {@value #HASHED_KEY_BYTES} bytes) leads
 *       straight to a key's offset in the {@code mmap}ed file, where a block-based table searches
 *       an index block, then a data block. The index is built as a file is written and stored in
 *       it: built when a file was opened instead, it cost a 500k-row load 0.15 s at the ingestion,
 *       which opens the file to check it. The data are read where they lie in the OS page cache: no
 *       block cache, no {@code pread}, no decompression (Snappy shrank the benchmark's mostly
 *       random doubles by 3%). A store larger than memory still works, a page not in memory being a
 *       page fault (not measured). 1.46 times faster than the tuned block-based table at 500 keys.
 *   <li>A key is read with one {@code get} into a direct buffer, which allocates nothing in the JNI
 *       layer. {@code multiGetByteBuffers}, RocksDB's batched {@code MultiGet}, was 1.8 times
 *       slower here: its JNI side builds a Java {@code Status} object per key, looking up classes
 *       and methods each time (a quarter of the reading thread's time in {@code libjvm}).
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
@Internal
public final class RocksDbOnlineStore implements OnlineStore {

  private static final Logger LOG = LoggerFactory.getLogger(RocksDbOnlineStore.class);

  static final int STRIPES = 256;

  /** The fewest rows a load writes per table file. */
  static final int LOAD_FILE_ROWS = 65_536;

  private static final String CF_PREFIX = "view:";
  private static final int SWEEP_CHUNK = 1024;

  /** The longest key prefix {@code PlainTable}'s hash index hashes; longer keys share buckets. */
  static final int HASHED_KEY_BYTES = 255;

  /**
   * The value bytes read directly per key (the serving benchmark's rows are about 110 bytes); a
   * longer value is read again whole.
   */
  static final int VALUE_SLOT = 512;

  /** Each reading thread's direct key and value buffers, reused by its reads. */
  private static final ThreadLocal<ReadBuffers> READ_BUFFERS =
      ThreadLocal.withInitial(ReadBuffers::new);

  static {
    RocksDB.loadLibrary();
  }

  private final Path directory;
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

  private RocksDbOnlineStore(Path directory) throws RocksDBException {
    this.directory = directory;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
    cfOptions = columnFamilyOptions();
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

  /** Every view's column family options: the caller closes them. */
  static ColumnFamilyOptions columnFamilyOptions() {
    return new ColumnFamilyOptions()
        .setTableFormatConfig(
            new PlainTableConfig()
                .setKeySize(PlainTableConfig.VARIABLE_LENGTH)
                .setBloomBitsPerKey(10)
                .setHashTableRatio(0.75)
                .setStoreIndexInFile(true))
        .useCappedPrefixExtractor(HASHED_KEY_BYTES)
        .setMemtablePrefixBloomSizeRatio(0.1)
        .setMemtableWholeKeyFiltering(true)
        .setCompressionType(CompressionType.NO_COMPRESSION);
  }

  /**
   * Opens (or creates) the store in {@code directory}.
   *
   * @throws OnlineStoreException the directory cannot be created or is already open (in this or
   *     another process)
   */
  public static RocksDbOnlineStore open(Path directory) {
    Objects.requireNonNull(directory, "directory");
    try {
      Files.createDirectories(directory);
      return new RocksDbOnlineStore(directory);
    } catch (IOException e) {
      throw new OnlineStoreException("cannot create online store directory " + directory, e);
    } catch (RocksDBException e) {
      String message = e.getMessage() == null ? "" : e.getMessage();
      String hint =
          message.contains("Bad table magic number")
              ? " (its files are not in the PlainTable format this store writes: an earlier"
                  + " build wrote them; delete the directory and materialize again)"
              : "";
      throw new OnlineStoreException(
          "cannot open RocksDB online store in " + directory + ": " + message + hint, e);
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
    writeEncoded(view, keys, values);
  }

  /** Stores encoded rows of distinct keys, as {@link #write} stores rows. */
  void writeEncoded(FeatureView view, List<byte[]> keys, List<byte[]> values) {
    lifecycle.readLock().lock();
    try {
      checkOpen();
      ColumnFamilyHandle family = family(view.name(), true);
      int[] held = lockStripes(view.name(), keys);
      try {
        List<byte[]> stored = get(family, keys);
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
      throw failure("write " + keys.size() + " rows of view '" + view.name() + "'", e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  @Override
  public Load load(FeatureView view) {
    return new RocksDbLoad(this, view);
  }

  /** Whether {@code view} holds no row. */
  boolean isEmpty(String view) {
    lifecycle.readLock().lock();
    try {
      checkOpen();
      ColumnFamilyHandle family = family(view, false);
      if (family == null) {
        return true;
      }
      try (RocksIterator rows = db.newIterator(family, readOptions)) {
        rows.seekToFirst();
        return !rows.isValid();
      }
    } catch (RocksDBException e) {
      throw failure("look into view '" + view + "'", e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /**
   * Writes {@code pairs}, sorted by key, of distinct keys, into table files under the store's
   * directory, and has the store take them in whole if {@code view} still holds no row, every
   * writer of the view held off meanwhile: true if it did, false if the view holds rows now (the
   * caller writes the pairs then).
   *
   * <p>A large load is cut into key ranges of at least {@value #LOAD_FILE_ROWS} rows, one per core,
   * each written to its own file on its own thread (a file takes its keys one by one, through a JNI
   * call each), and the files are taken in by one ingestion.
   */
  boolean ingestIfEmpty(FeatureView view, List<byte[][]> pairs) {
    int cores = Runtime.getRuntime().availableProcessors();
    return ingestIfEmpty(view, pairs, Math.max(1, Math.min(cores, pairs.size() / LOAD_FILE_ROWS)));
  }

  /** As above, in {@code parts} files of about as many pairs each. */
  boolean ingestIfEmpty(FeatureView view, List<byte[][]> pairs, int parts) {
    List<Path> files = new ArrayList<>();
    for (int part = 0; part < parts; part++) {
      files.add(directory.resolve("load-" + UUID.randomUUID() + ".sst"));
    }
    lifecycle.readLock().lock();
    try {
      checkOpen();
      // on the common pool and this thread; a failure of either is thrown here
      IntStream.range(0, parts)
          .parallel()
          .forEach(
              part ->
                  writeTableFile(
                      files.get(part),
                      pairs.subList(
                          (int) ((long) pairs.size() * part / parts),
                          (int) ((long) pairs.size() * (part + 1) / parts))));
      ColumnFamilyHandle family = family(view.name(), true);
      int[] held = lockAll();
      try (IngestExternalFileOptions ingest = new IngestExternalFileOptions().setMoveFiles(true);
          RocksIterator rows = db.newIterator(family, readOptions)) {
        rows.seekToFirst();
        if (rows.isValid()) {
          return false;
        }
        db.ingestExternalFile(family, files.stream().map(Path::toString).toList(), ingest);
        return true;
      } finally {
        unlock(held);
      }
    } catch (RocksDBException e) {
      throw failure("load " + pairs.size() + " rows into view '" + view.name() + "'", e);
    } catch (TableFileException e) {
      throw failure("load " + pairs.size() + " rows into view '" + view.name() + "'", e.rocksDb());
    } finally {
      lifecycle.readLock().unlock();
      for (Path file : files) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          LOG.warn("cannot delete {}: {}", file, e.getMessage());
        }
      }
    }
  }

  /** Writes {@code pairs}, sorted by key, into a new table file; the caller holds the read lock. */
  private void writeTableFile(Path file, List<byte[][]> pairs) {
    try (EnvOptions env = new EnvOptions();
        Options options = new Options(dbOptions, cfOptions);
        SstFileWriter writer = new SstFileWriter(env, options)) {
      writer.open(file.toString());
      for (byte[][] pair : pairs) {
        writer.put(pair[0], pair[1]);
      }
      writer.finish();
    } catch (RocksDBException e) {
      throw new TableFileException(e);
    }
  }

  /** A table file's failure, carried out of a parallel stream. */
  private static final class TableFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TableFileException(RocksDBException cause) {
      super(cause);
    }

    RocksDBException rocksDb() {
      return (RocksDBException) getCause();
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
      stored = get(families, encoded);
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

  /** The stored values of {@code keys} in {@code family} (null when not found), in order. */
  private List<byte[]> get(ColumnFamilyHandle family, List<byte[]> keys) throws RocksDBException {
    List<byte[]> values = new ArrayList<>(keys.size());
    ReadBuffers buffers = READ_BUFFERS.get();
    for (byte[] key : keys) {
      values.add(get(family, key, buffers));
    }
    return values;
  }

  /** The stored value of each key in its family (null when not found), in order. */
  private List<byte[]> get(List<ColumnFamilyHandle> families, List<byte[]> keys)
      throws RocksDBException {
    List<byte[]> values = new ArrayList<>(keys.size());
    ReadBuffers buffers = READ_BUFFERS.get();
    for (int i = 0; i < keys.size(); i++) {
      values.add(get(families.get(i), keys.get(i), buffers));
    }
    return values;
  }

  private byte[] get(ColumnFamilyHandle family, byte[] key, ReadBuffers buffers)
      throws RocksDBException {
    ByteBuffer value = buffers.value();
    int size = db.get(family, readOptions, buffers.key(key), value);
    if (size == RocksDB.NOT_FOUND) {
      return null;
    }
    if (size > VALUE_SLOT) {
      // read again whole; may be a newer row, which a reader may see anyway
      return db.get(family, readOptions, key);
    }
    byte[] bytes = new byte[size];
    value.get(0, bytes);
    return bytes;
  }

  /** A thread's direct buffers for a key and its value: see {@link #READ_BUFFERS}. */
  private static final class ReadBuffers {
    private ByteBuffer key = ByteBuffer.allocateDirect(64);
    private final ByteBuffer value = ByteBuffer.allocateDirect(VALUE_SLOT);

    /** The buffer holding {@code encoded}, from position 0 to its limit. */
    ByteBuffer key(byte[] encoded) {
      if (key.capacity() < encoded.length) {
        key = ByteBuffer.allocateDirect(Math.max(encoded.length, 2 * key.capacity()));
      }
      key.clear();
      return key.put(encoded).flip();
    }

    /** The value buffer, cleared. */
    ByteBuffer value() {
      return value.clear();
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
      List<byte[]> stored = get(family, keys);
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

  /** Locks every stripe, in ascending order, and returns them. */
  private int[] lockAll() {
    int[] all = new int[STRIPES];
    for (int index = 0; index < STRIPES; index++) {
      all[index] = index;
      stripes[index].lock();
    }
    return all;
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
