package dev.featurewatch.store.materialize;

import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.offline.arrow.OfflineFormat;
import dev.featurewatch.store.offline.arrow.VectorArrays;
import dev.featurewatch.store.offline.file.FileSources;
import dev.featurewatch.store.offline.file.ViewBatches;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import dev.featurewatch.store.row.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Each key's latest row of a view's file source, in one pass over the files that makes objects of
 * the winners alone: a file source holds many rows per key (a year of hourly rows), and one object
 * per row cost half of materialize's time.
 *
 * <p>Each key has an entry, and each entry the times and values of its key's latest row so far
 * (later event time, then later created time, then the later read row, as {@link
 * FeatureRow#supersedes}), row-major in one {@code long[]}: {@code [event, created, key, used, one
 * long per int64, double, bool or timestamp feature, null bits]}. A row's values are copied only
 * when it supersedes its entry's; strings and lists are kept as objects. The winners become {@link
 * FeatureRow}s at the end, one when {@link #take} asks for a key (the keys the offline store also
 * holds) and the rest in batches that the writing threads make (building all 500k winners first, on
 * one thread, cost a tenth of a 5M-row materialize).
 *
 * <p>For one int64 join key, the common case, the entries are an open-addressing table on the key
 * itself (at most half full), so that offering a row touches one or two cache lines: a separate
 * table from key to entry cost a second cache miss per row, the most expensive part of the pass.
 * The entries of a few hundred rows are loaded ahead of offering them ({@link #touch}), so that
 * their misses overlap. Other keys go through a map of their values to dense entries ({@code key}
 * and {@code used} are then left out).
 *
 * <p>With an int64 key, two threads read: each takes the next file (or row group of a large Parquet
 * file, see {@link FileSources#read}) into a table of its own, and the second table is merged into
 * the first at the end. Offering rows is bound by the table's cache misses, which two cores
 * overlap; the ties between tables go to the row of the later file or row group, which is why each
 * entry keeps its part's sequence number.
 *
 * <p>Memory: per entry, {@code 8} bytes per time, feature and 64 features' null bits, plus {@code
 * 16} for an int64 key (64 bytes for three numeric features), two entries per key for an int64 key,
 * and up to twice that while two tables are read.
 */
final class LatestFileRows {

  private static final int EVENT = 0;
  private static final int CREATED = 1;
  // of a table on an int64 key: the key, and 0 if the entry holds none, else the sequence of the
  // file or row group its row came from (1 for a key claimed but not yet offered a row)
  private static final int KEY = 2;
  private static final int USED = 3;

  // the table grows four times up to this many entries (64 MiB for three numeric features), twice
  // beyond, so that its memory stays within twice what its keys need once it is large
  private static final int QUADRUPLE_BELOW = 1 << 20;

  // threads reading files or row groups, each into a table of its own, merged at the end
  private static final int READERS = 2;

  // rows whose entries are touched ahead of the offers: their cache lines must stay in L1/L2
  private static final int PREFETCH_ROWS = 256;

  // a feature's values are kept in the entry's longs (as bits) or as objects
  private enum Kind {
    INT64,
    DOUBLE,
    BOOL,
    TIMESTAMP,
    OBJECT
  }

  private final FeatureView view;
  private final List<String> keyNames;
  private final boolean oneLongKey;
  private final Kind[] kinds;
  // per feature, its long in the entry (primitive kinds) or its index in objects (OBJECT)
  private final int[] offsets;
  private final int nullsOffset;
  private final int stride;
  // per OBJECT feature, its value per entry
  private final Object[][] objects;
  private final Map<List<Object>, Integer> entriesByValues = new HashMap<>();
  private final List<List<Object>> keyValues = new ArrayList<>();
  private long[] data;
  // what touch() loaded, kept so that the compiler does not drop the loads
  private long touched;
  private int capacity = 1024;
  private int size;
  // entries whose row was taken by take()
  private final BitSet taken = new BitSet();
  private long rowsRead;
  // the batch being offered as arrays, reused from batch to batch: its times, its int64 key, and
  // per feature its values (as bits; a bool feature's bitmap) and validity bitmap (null if the
  // batch lacks the feature)
  private long[] events = new long[0];
  private long[] createds = new long[0];
  private long[] keys = new long[0];
  private final long[][] featureBits;
  private final long[][] featureValid;

  private LatestFileRows(FeatureView view, List<Field> joinKeys) {
    this.view = view;
    List<Field> features = view.features();
    keyNames = joinKeys.stream().map(Field::name).toList();
    oneLongKey = oneLongKey(joinKeys);
    kinds = new Kind[features.size()];
    offsets = new int[features.size()];
    int longs = oneLongKey ? 4 : 2;
    int objectFeatures = 0;
    for (int f = 0; f < features.size(); f++) {
      kinds[f] =
          switch (features.get(f).type()) {
            case INT64 -> Kind.INT64;
            case DOUBLE -> Kind.DOUBLE;
            case BOOL -> Kind.BOOL;
            case TIMESTAMP -> Kind.TIMESTAMP;
            case STRING, DOUBLE_LIST -> Kind.OBJECT;
          };
      offsets[f] = kinds[f] == Kind.OBJECT ? objectFeatures++ : longs++;
    }
    nullsOffset = longs;
    stride = longs + (features.size() + 63) / 64;
    objects = new Object[objectFeatures][capacity];
    data = new long[capacity * stride];
    featureBits = new long[features.size()][0];
    featureValid = new long[features.size()][];
  }

  /**
   * Each key's latest row of {@code view}'s file source with event time in {@code [start, end)};
   * rows left out for a null join key are reported to {@code listener}.
   */
  static LatestFileRows read(
      FileSources files,
      FeatureView view,
      Instant start,
      Instant end,
      MaterializeListener listener) {
    if (files.fileSource(view).isEmpty()) {
      return none(view);
    }
    long from = Times.micros(start);
    long to = Times.micros(end);
    List<Field> joinKeys = files.joinKeys(view);
    long[] skipped = new long[READERS];
    try (BufferAllocator allocator = new RootAllocator()) {
      List<Supplier<ViewBatches>> openers =
          files.read(view, joinKeys, view.features(), from, to, allocator);
      // entries of other keys are found through a map of key values, kept in one table
      int readers = openers.size() > 1 && oneLongKey(joinKeys) ? READERS : 1;
      AtomicInteger nextOpener = new AtomicInteger();
      List<Callable<LatestFileRows>> parts = new ArrayList<>();
      for (int r = 0; r < readers; r++) {
        int reader = r;
        parts.add(
            () -> {
              LatestFileRows rows = new LatestFileRows(view, joinKeys);
              // each reader takes the next file or row group, so each reads its own in order
              for (int at = nextOpener.getAndIncrement();
                  at < openers.size();
                  at = nextOpener.getAndIncrement()) {
                try (ViewBatches batches = openers.get(at).get()) {
                  while (batches.next()) {
                    rows.rowsRead += rows.offer(batches.batch(), at + 1, from, to);
                  }
                  skipped[reader] += batches.skippedRows();
                }
              }
              return rows;
            });
      }
      List<LatestFileRows> read = Workers.all("read-" + view.name(), readers, parts);
      LatestFileRows rows = read.get(0);
      for (LatestFileRows other : read.subList(1, read.size())) {
        rows.merge(other);
      }
      long left = Arrays.stream(skipped).sum();
      if (left > 0) {
        listener.rowsLeftOut(view.name(), left, "a join key is null");
      }
      return rows;
    }
  }

  private static boolean oneLongKey(List<Field> joinKeys) {
    return joinKeys.size() == 1 && joinKeys.get(0).type() == ValueType.INT64;
  }

  /** No rows: a view without a file source. */
  static LatestFileRows none(FeatureView view) {
    return new LatestFileRows(view, List.of());
  }

  /** The rows read in the range. */
  long rowsRead() {
    return rowsRead;
  }

  /** The key's latest row, removed, or null if the files had none or it was taken before. */
  FeatureRow take(EntityKey key) {
    if (!key.names().equals(keyNames)) {
      return null;
    }
    int entry = -1;
    if (oneLongKey && key.values().get(0) instanceof Long value) {
      int mask = capacity - 1;
      for (int at = (int) (mix(value) & mask);
          data[at * stride + USED] != 0;
          at = (at + 1) & mask) {
        if (data[at * stride + KEY] == value) {
          entry = at;
          break;
        }
      }
    } else if (!oneLongKey) {
      entry = entriesByValues.getOrDefault(key.values(), -1);
    }
    if (entry < 0 || taken.get(entry)) {
      return null;
    }
    taken.set(entry);
    return row(entry);
  }

  /**
   * The rows not taken, in batches of at most {@code batchRows}, each made when its supplier is
   * called: the suppliers may run on other threads (once every {@link #take} has returned), so that
   * the rows are made by the threads that write them rather than all first on one.
   */
  List<Supplier<List<FeatureRow>>> remaining(int batchRows) {
    int entries = oneLongKey ? capacity : size;
    int[] live = new int[size];
    int count = 0;
    for (int entry = 0; entry < entries; entry++) {
      if ((!oneLongKey || data[entry * stride + USED] != 0) && !taken.get(entry)) {
        live[count++] = entry;
      }
    }
    List<Supplier<List<FeatureRow>>> batches = new ArrayList<>();
    for (int first = 0; first < count; first += batchRows) {
      int[] batch = Arrays.copyOfRange(live, first, Math.min(count, first + batchRows));
      batches.add(
          () -> {
            List<FeatureRow> rows = new ArrayList<>(batch.length);
            for (int entry : batch) {
              rows.add(row(entry));
            }
            return rows;
          });
    }
    return batches;
  }

  /**
   * Offers each row of {@code batch} in {@code [from, to)} to its key's entry; returns how many.
   */
  private long offer(VectorSchemaRoot batch, long sequence, long from, long to) {
    int rowCount = batch.getRowCount();
    if (events.length < rowCount) {
      events = new long[rowCount];
      createds = new long[rowCount];
      keys = new long[oneLongKey ? rowCount : 0];
    }
    // copied whole: a vector's get checks the index and the validity bit of each value
    longsWithoutNulls(batch.getVector(OfflineFormat.EVENT_TIMESTAMP), rowCount, events);
    longsWithoutNulls(batch.getVector(OfflineFormat.CREATED_TIMESTAMP), rowCount, createds);
    if (oneLongKey) {
      longsWithoutNulls(batch.getVector(keyNames.get(0)), rowCount, keys);
    }
    List<FieldVector> keyVectors = keyNames.stream().map(batch::getVector).toList();
    FieldVector[] features = new FieldVector[kinds.length];
    for (int f = 0; f < kinds.length; f++) {
      // a feature the file lacks is null (the offline store's files of older schemas)
      features[f] = batch.getVector(view.features().get(f).name());
      featureValid[f] =
          features[f] == null
              ? null
              : VectorArrays.bitmap(features[f].getValidityBuffer(), rowCount, featureValid[f]);
      if (features[f] != null && kinds[f] != Kind.OBJECT) {
        featureBits[f] =
            kinds[f] == Kind.BOOL
                ? VectorArrays.bitmap(features[f].getDataBuffer(), rowCount, featureBits[f])
                : longsInto(features[f], rowCount, featureBits[f]);
      }
    }
    long read = 0;
    for (int chunk = 0; chunk < rowCount; chunk += PREFETCH_ROWS) {
      int chunkEnd = Math.min(rowCount, chunk + PREFETCH_ROWS);
      if (oneLongKey) {
        touch(chunk, chunkEnd);
      }
      read += offer(keyVectors, features, chunk, chunkEnd, sequence, from, to);
    }
    return read;
  }

  private long offer(
      List<FieldVector> keyVectors,
      FieldVector[] features,
      int first,
      int last,
      long sequence,
      long from,
      long to) {
    long read = 0;
    for (int i = first; i < last; i++) {
      long time = events[i];
      if (time < from || time >= to) {
        continue;
      }
      read++;
      long createdTime = createds[i];
      int entry = oneLongKey ? entry(keys[i]) : entry(keyVectors, i);
      int base = entry * stride;
      long best = data[base + EVENT];
      // a new entry holds Long.MIN_VALUE times, which every row supersedes
      if (time < best || (time == best && createdTime < data[base + CREATED])) {
        continue;
      }
      data[base + EVENT] = time;
      data[base + CREATED] = createdTime;
      if (oneLongKey) {
        data[base + USED] = sequence;
      }
      copyValues(features, i, entry, base);
    }
    return read;
  }

  private static long[] longsInto(FieldVector vector, int rows, long[] into) {
    long[] values = into.length < rows ? new long[rows] : into;
    VectorArrays.longs(vector, rows, values, 0);
    return values;
  }

  /** As {@link VectorArrays#longs}, for a vector that holds no null (times, keys). */
  private static void longsWithoutNulls(FieldVector vector, int rows, long[] into) {
    if (vector.getNullCount() > 0) {
      throw new IllegalStateException("null values in " + vector.getName());
    }
    VectorArrays.longs(vector, rows, into, 0);
  }

  /**
   * Loads the entries the keys of rows {@code [first, last)} hash to, one independent load each, so
   * that the processor fetches their cache lines in parallel before the rows are offered one by
   * one: the table is far larger than the caches, and a miss per row in turn was most of the pass.
   */
  private void touch(int first, int last) {
    int mask = capacity - 1;
    long sum = 0;
    for (int i = first; i < last; i++) {
      int base = (int) (mix(keys[i]) & mask) * stride;
      sum += data[base + KEY] + data[base + stride - 1];
    }
    touched += sum;
  }

  /**
   * Takes in the entries of {@code other}, a table of the same view filled from other files or row
   * groups: an entry of {@code other} replaces this one's if its row is later, or as late and read
   * later (the greater sequence).
   */
  private void merge(LatestFileRows other) {
    rowsRead += other.rowsRead;
    for (int from = 0; from < other.capacity; from++) {
      int source = from * other.stride;
      if (other.data[source + USED] == 0) {
        continue;
      }
      int entry = entry(other.data[source + KEY]);
      int base = entry * stride;
      if (later(other.data, source, data, base)) {
        System.arraycopy(other.data, source, data, base, stride);
        for (int o = 0; o < objects.length; o++) {
          objects[o][entry] = other.objects[o][from];
        }
      }
    }
  }

  /** Whether entry {@code a} of table {@code as} holds a later row than {@code b} of {@code bs}. */
  private static boolean later(long[] as, int a, long[] bs, int b) {
    for (int word : new int[] {EVENT, CREATED, USED}) {
      if (as[a + word] != bs[b + word]) {
        return as[a + word] > bs[b + word];
      }
    }
    return false;
  }

  /** The entry of an int64 key in the table, claimed if the key is new. */
  private int entry(long key) {
    if (size * 2 >= capacity) {
      // four times while small: each growth moves every entry, at a cache miss each, and growing
      // by doubling to a million entries had cost 7% of a materialize
      rehash(Math.multiplyExact(capacity, capacity < QUADRUPLE_BELOW ? 4 : 2));
    }
    int mask = capacity - 1;
    int entry = (int) (mix(key) & mask);
    while (data[entry * stride + USED] != 0) {
      if (data[entry * stride + KEY] == key) {
        return entry;
      }
      entry = (entry + 1) & mask;
    }
    int base = entry * stride;
    data[base + EVENT] = Long.MIN_VALUE;
    data[base + CREATED] = Long.MIN_VALUE;
    data[base + KEY] = key;
    data[base + USED] = 1;
    size++;
    return entry;
  }

  /** Moves the table's entries into one of {@code newCapacity} entries. */
  private void rehash(int newCapacity) {
    long[] old = data;
    Object[][] oldObjects = objects.clone();
    data = new long[Math.multiplyExact(newCapacity, stride)];
    for (int o = 0; o < objects.length; o++) {
      objects[o] = new Object[newCapacity];
    }
    int mask = newCapacity - 1;
    for (int from = 0; from < capacity; from++) {
      if (old[from * stride + USED] == 0) {
        continue;
      }
      int to = (int) (mix(old[from * stride + KEY]) & mask);
      while (data[to * stride + USED] != 0) {
        to = (to + 1) & mask;
      }
      System.arraycopy(old, from * stride, data, to * stride, stride);
      for (int o = 0; o < objects.length; o++) {
        objects[o][to] = oldObjects[o][from];
      }
    }
    capacity = newCapacity;
  }

  private static long mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 29);
  }

  /** The dense entry of other keys, added if the key is new. */
  private int entry(List<FieldVector> keyVectors, int row) {
    List<Object> values = new ArrayList<>(keyVectors.size());
    for (FieldVector key : keyVectors) {
      values.add(OfflineFormat.read(key, row));
    }
    Integer known = entriesByValues.get(values);
    if (known != null) {
      return known;
    }
    if (size == capacity) {
      capacity = Math.multiplyExact(capacity, 2);
      data = Arrays.copyOf(data, Math.multiplyExact(capacity, stride));
      for (int o = 0; o < objects.length; o++) {
        objects[o] = Arrays.copyOf(objects[o], capacity);
      }
    }
    int entry = size++;
    data[entry * stride + EVENT] = Long.MIN_VALUE;
    data[entry * stride + CREATED] = Long.MIN_VALUE;
    entriesByValues.put(values, entry);
    keyValues.add(values);
    return entry;
  }

  private void copyValues(FieldVector[] features, int row, int entry, int base) {
    for (int w = nullsOffset; w < stride; w++) {
      data[base + w] = 0;
    }
    int word = row >>> 6;
    long bit = 1L << row;
    for (int f = 0; f < kinds.length; f++) {
      long[] valid = featureValid[f];
      if (valid == null || (valid[word] & bit) == 0) {
        data[base + nullsOffset + (f >>> 6)] |= 1L << f;
        if (kinds[f] == Kind.OBJECT) {
          objects[offsets[f]][entry] = null;
        }
        continue;
      }
      int at = base + offsets[f];
      switch (kinds[f]) {
        case INT64, DOUBLE, TIMESTAMP -> data[at] = featureBits[f][row];
        case BOOL -> data[at] = (featureBits[f][word] & bit) == 0 ? 0 : 1;
        case OBJECT -> objects[offsets[f]][entry] = OfflineFormat.read(features[f], row);
      }
    }
  }

  /** The row an entry holds. */
  private FeatureRow row(int entry) {
    int base = entry * stride;
    List<Object> values = new ArrayList<>(kinds.length);
    for (int f = 0; f < kinds.length; f++) {
      long bits = data[base + offsets[f]];
      if ((data[base + nullsOffset + (f >>> 6)] & (1L << f)) != 0) {
        values.add(null);
        continue;
      }
      values.add(
          switch (kinds[f]) {
            case INT64 -> bits;
            case DOUBLE -> Double.longBitsToDouble(bits);
            case BOOL -> bits != 0;
            case TIMESTAMP -> Times.instant(bits);
            case OBJECT -> objects[offsets[f]][entry];
          });
    }
    EntityKey key =
        new EntityKey(keyNames, oneLongKey ? List.of(data[base + KEY]) : keyValues.get(entry));
    return new FeatureRow(
        view.name(),
        key,
        Times.instant(data[base + EVENT]),
        Times.instant(data[base + CREATED]),
        values);
  }
}
