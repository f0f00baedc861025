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
 * <p>Each key has a slot, and each slot the times and values of its latest row so far (later event
 * time, then later created time, then the later read row, as {@link FeatureRow#supersedes}),
 * row-major in one {@code long[]} so that offering a row touches one or two cache lines: {@code
 * [event, created, key?, one long per int64, double, bool or timestamp feature, null bits]}. A
 * row's values are copied only when it supersedes its slot's; strings and lists are kept as
 * objects. The winners become {@link FeatureRow}s at the end.
 *
 * <p>Memory: per key, {@code 8} bytes per time, feature and 64 features' null bits (56 bytes for
 * three numeric features), plus the map from key to slot: a primitive open-addressing table for one
 * int64 join key, the common case ({@code 32} bytes per key at most); a map of key values
 * otherwise.
 */
final class LatestFileRows {

  private static final int EVENT = 0;
  private static final int CREATED = 1;

  // a feature's values are kept in the slot's longs (as bits) or as objects
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
  // per feature, its long in the slot (primitive kinds) or its index in objects (OBJECT)
  private final int[] offsets;
  private final int nullsOffset;
  private final int stride;
  private final Object[][] objects;
  private final LongSlots slotsByLong = new LongSlots();
  private final Map<List<Object>, Integer> slotsByValues = new HashMap<>();
  private final List<List<Object>> keyValues = new ArrayList<>();
  private long[] data;
  private int slots;

  private LatestFileRows(List<Field> joinKeys, List<Field> features) {
    keyNames = joinKeys.stream().map(Field::name).toList();
    oneLongKey = joinKeys.size() == 1 && joinKeys.get(0).type() == ValueType.INT64;
    kinds = new Kind[features.size()];
    offsets = new int[features.size()];
    int longs = oneLongKey ? 3 : 2;
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
    objects = new Object[objectFeatures][1024];
    data = new long[1024 * stride];
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

  /** Offers each row of {@code batch} in {@code [from, to)} to its key's slot; returns how many. */
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
      int slot;
      if (oneLongKey) {
        long key = longKey.get(i);
        slot = slotsByLong.slot(key, slots);
        if (slot == slots) {
          newSlot(null);
          data[slot * stride + 2] = key;
        }
      } else {
        List<Object> values = new ArrayList<>(keyVectors.size());
        for (FieldVector key : keyVectors) {
          values.add(OfflineFormat.read(key, i));
        }
        slot = slotsByValues.computeIfAbsent(values, v -> slots);
        if (slot == slots) {
          newSlot(values);
        }
      }
      int base = slot * stride;
      long best = data[base + EVENT];
      // a new slot holds Long.MIN_VALUE times, which every row supersedes
      if (time < best || (time == best && createdTime < data[base + CREATED])) {
        continue;
      }
      data[base + EVENT] = time;
      data[base + CREATED] = createdTime;
      copyValues(features, i, slot, base);
    }
    return read;
  }

  private void newSlot(List<Object> values) {
    if ((slots + 1) * stride > data.length) {
      data = Arrays.copyOf(data, Math.multiplyExact(data.length, 2));
      for (int o = 0; o < objects.length; o++) {
        objects[o] = Arrays.copyOf(objects[o], objects[o].length * 2);
      }
    }
    data[slots * stride + EVENT] = Long.MIN_VALUE;
    data[slots * stride + CREATED] = Long.MIN_VALUE;
    if (values != null) {
      keyValues.add(values);
    }
    slots++;
  }

  private void copyValues(FieldVector[] features, int row, int slot, int base) {
    for (int w = nullsOffset; w < stride; w++) {
      data[base + w] = 0;
    }
    for (int f = 0; f < kinds.length; f++) {
      FieldVector vector = features[f];
      if (vector == null || vector.isNull(row)) {
        data[base + nullsOffset + (f >>> 6)] |= 1L << f;
        if (kinds[f] == Kind.OBJECT) {
          objects[offsets[f]][slot] = null;
        }
        continue;
      }
      int at = base + offsets[f];
      switch (kinds[f]) {
        case INT64 -> data[at] = ((BigIntVector) vector).get(row);
        case DOUBLE -> data[at] = Double.doubleToRawLongBits(((Float8Vector) vector).get(row));
        case BOOL -> data[at] = ((BitVector) vector).get(row);
        case TIMESTAMP -> data[at] = ((TimeStampMicroTZVector) vector).get(row);
        case OBJECT -> objects[offsets[f]][slot] = OfflineFormat.read(vector, row);
      }
    }
  }

  /** The slots' rows, by key. */
  private Map<EntityKey, FeatureRow> winners(FeatureView view) {
    Map<EntityKey, FeatureRow> rows = new HashMap<>((int) (slots / 0.75f) + 1);
    for (int slot = 0; slot < slots; slot++) {
      int base = slot * stride;
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
              case OBJECT -> objects[offsets[f]][slot];
            });
      }
      EntityKey key =
          new EntityKey(keyNames, oneLongKey ? List.of(data[base + 2]) : keyValues.get(slot));
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

  /**
   * An open-addressing map from int64 keys to dense slots, assigned in first-seen order. A key and
   * its slot are adjacent in one array, so that finding a key costs one cache miss.
   */
  private static final class LongSlots {
    // per entry: the key, then its slot + 1 (0: empty)
    private long[] entries = new long[2 << 12];
    private int size;

    /** The key's slot; a new key gets {@code next}. */
    int slot(long key, int next) {
      if (size * 4 >= entries.length) { // half full
        grow();
      }
      int mask = entries.length / 2 - 1;
      int i = (int) (mix(key) & mask);
      while (entries[2 * i + 1] != 0) {
        if (entries[2 * i] == key) {
          return (int) entries[2 * i + 1] - 1;
        }
        i = (i + 1) & mask;
      }
      entries[2 * i] = key;
      entries[2 * i + 1] = next + 1L;
      size++;
      return next;
    }

    private void grow() {
      long[] old = entries;
      entries = new long[old.length * 2];
      int mask = entries.length / 2 - 1;
      for (int j = 0; j < old.length; j += 2) {
        if (old[j + 1] != 0) {
          int i = (int) (mix(old[j]) & mask);
          while (entries[2 * i + 1] != 0) {
            i = (i + 1) & mask;
          }
          entries[2 * i] = old[j];
          entries[2 * i + 1] = old[j + 1];
        }
      }
    }

    private static long mix(long key) {
      long h = key * 0x9E3779B97F4A7C15L;
      return h ^ (h >>> 29);
    }
  }
}
