package dev.featurewatch.store.materialize;

import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.offline.arrow.OfflineFormat;
import dev.featurewatch.store.offline.file.FileSources;
import dev.featurewatch.store.offline.file.ViewBatches;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import dev.featurewatch.store.row.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
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
 * FeatureRow}s at the end.
 *
 * <p>For one int64 join key, the common case, the entries are an open-addressing table on the key
 * itself (at most half full), so that offering a row touches one or two cache lines: a separate
 * table from key to entry cost a second cache miss per row, the most expensive part of the pass.
 * Other keys go through a map of their values to dense entries ({@code key} and {@code used} are
 * then left out).
 *
 * <p>Memory: per entry, {@code 8} bytes per time, feature and 64 features' null bits, plus {@code
 * 16} for an int64 key (64 bytes for three numeric features), two entries per key for an int64 key.
 */
final class LatestFileRows {

  private static final int EVENT = 0;
  private static final int CREATED = 1;
  // of a table on an int64 key: the key, and 1 if the entry holds one
  private static final int KEY = 2;
  private static final int USED = 3;

  // a feature's values are kept in the entry's longs (as bits) or as objects
  private enum Kind {
    INT64,
    DOUBLE,
    BOOL,
    TIMESTAMP,
    OBJECT
  }

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
  private int capacity = 1024;
  private int size;

  private LatestFileRows(List<Field> joinKeys, List<Field> features) {
    keyNames = joinKeys.stream().map(Field::name).toList();
    oneLongKey = joinKeys.size() == 1 && joinKeys.get(0).type() == ValueType.INT64;
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
  }

  /** The rows read in the range, and each key's latest of them. */
  record Latest(long rowsRead, Map<EntityKey, FeatureRow> rows) {}

  /**
   * Each key's latest row of {@code view}'s file source with event time in {@code [start, end)};
   * rows left out for a null join key are reported to {@code listener}.
   */
  static Latest read(
      FileSources files,
      FeatureView view,
      Instant start,
      Instant end,
      MaterializeListener listener) {
    if (files.fileSource(view).isEmpty()) {
      return new Latest(0, new HashMap<>());
    }
    long from = Times.micros(start);
    long to = Times.micros(end);
    List<Field> joinKeys = files.joinKeys(view);
    LatestFileRows rows = new LatestFileRows(joinKeys, view.features());
    long read = 0;
    long skipped = 0;
    try (BufferAllocator allocator = new RootAllocator()) {
      for (Supplier<ViewBatches> open :
          files.read(view, joinKeys, view.features(), from, to, allocator)) {
        try (ViewBatches batches = open.get()) {
          while (batches.next()) {
            read += rows.offer(batches.batch(), view, from, to);
          }
          skipped += batches.skippedRows();
        }
      }
    }
    if (skipped > 0) {
      listener.rowsLeftOut(view.name(), skipped, "a join key is null");
    }
    return new Latest(read, rows.winners(view));
  }

  /**
   * Offers each row of {@code batch} in {@code [from, to)} to its key's entry; returns how many.
   */
  private long offer(VectorSchemaRoot batch, FeatureView view, long from, long to) {
    TimeStampMicroTZVector event =
        (TimeStampMicroTZVector) batch.getVector(OfflineFormat.EVENT_TIMESTAMP);
    TimeStampMicroTZVector created =
        (TimeStampMicroTZVector) batch.getVector(OfflineFormat.CREATED_TIMESTAMP);
    BigIntVector longKey = oneLongKey ? (BigIntVector) batch.getVector(keyNames.get(0)) : null;
    List<FieldVector> keyVectors = keyNames.stream().map(batch::getVector).toList();
    FieldVector[] features = new FieldVector[kinds.length];
    for (int f = 0; f < kinds.length; f++) {
      // a feature the file lacks is null (the offline store's files of older schemas)
      features[f] = batch.getVector(view.features().get(f).name());
    }
    long read = 0;
    for (int i = 0; i < batch.getRowCount(); i++) {
      long time = event.get(i);
      if (time < from || time >= to) {
        continue;
      }
      read++;
      long createdTime = created.get(i);
      int entry = oneLongKey ? entry(longKey.get(i)) : entry(keyVectors, i);
      int base = entry * stride;
      long best = data[base + EVENT];
      // a new entry holds Long.MIN_VALUE times, which every row supersedes
      if (time < best || (time == best && createdTime < data[base + CREATED])) {
        continue;
      }
      data[base + EVENT] = time;
      data[base + CREATED] = createdTime;
      copyValues(features, i, entry, base);
    }
    return read;
  }

  /** The entry of an int64 key in the table, claimed if the key is new. */
  private int entry(long key) {
    if (size * 2 >= capacity) {
      rehash(Math.multiplyExact(capacity, 2));
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
    for (int f = 0; f < kinds.length; f++) {
      FieldVector vector = features[f];
      if (vector == null || vector.isNull(row)) {
        data[base + nullsOffset + (f >>> 6)] |= 1L << f;
        if (kinds[f] == Kind.OBJECT) {
          objects[offsets[f]][entry] = null;
        }
        continue;
      }
      int at = base + offsets[f];
      switch (kinds[f]) {
        case INT64 -> data[at] = ((BigIntVector) vector).get(row);
        case DOUBLE -> data[at] = Double.doubleToRawLongBits(((Float8Vector) vector).get(row));
        case BOOL -> data[at] = ((BitVector) vector).get(row);
        case TIMESTAMP -> data[at] = ((TimeStampMicroTZVector) vector).get(row);
        case OBJECT -> objects[offsets[f]][entry] = OfflineFormat.read(vector, row);
      }
    }
  }

  /** The entries' rows, by key. */
  private Map<EntityKey, FeatureRow> winners(FeatureView view) {
    Map<EntityKey, FeatureRow> rows = new HashMap<>((int) (size / 0.75f) + 1);
    int entries = oneLongKey ? capacity : size;
    for (int entry = 0; entry < entries; entry++) {
      int base = entry * stride;
      if (oneLongKey && data[base + USED] == 0) {
        continue;
      }
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
      rows.put(
          key,
          new FeatureRow(
              view.name(),
              key,
              Times.instant(data[base + EVENT]),
              Times.instant(data[base + CREATED]),
              values));
    }
    return rows;
  }
}
