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
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Each key's latest row of a view's file source, in two passes over the files so that only the
 * winners become objects: the first reads keys and times as columns and keeps, per key, the ordinal
 * of its latest row (later event time, then later created time, then the later read row, as {@link
 * FeatureRow#supersedes}); the second reads the files again and makes a {@link FeatureRow} of those
 * rows alone. A file source holds many rows per key (a year of hourly rows): one object per row
 * cost half of materialize's time, the second read costs less.
 *
 * <p>Memory: per key, its latest ordinal, event and created time ({@code 24} bytes, plus the map
 * from key to slot: primitive for one int64 join key, the common case; a map of key values
 * otherwise); one bit per row read.
 */
final class LatestFileRows {

  private final Map<List<Object>, Integer> slotsByValues = new HashMap<>();
  private final LongSlots slotsByLong = new LongSlots();
  private long[] bestOrdinal = new long[1024];
  private long[] bestEvent = new long[1024];
  private long[] bestCreated = new long[1024];
  private int slots;

  private LatestFileRows() {}

  /**
   * Puts each key's latest row of {@code view}'s file source with event time in {@code [start,
   * end)} into {@code latest}.
   *
   * @return the rows read in the range
   */
  static long read(
      FileSources files,
      FeatureView view,
      Instant start,
      Instant end,
      Map<EntityKey, FeatureRow> latest,
      MaterializeListener listener) {
    if (files.fileSource(view).isEmpty()) {
      return 0;
    }
    long from = Times.micros(start);
    long to = Times.micros(end);
    LatestFileRows rows = new LatestFileRows();
    List<Field> joinKeys = files.joinKeys(view);
    boolean oneLongKey = joinKeys.size() == 1 && joinKeys.get(0).type() == ValueType.INT64;
    long read = 0;
    long skipped = 0;
    long ordinal = 0;
    try (BufferAllocator allocator = new RootAllocator()) {
      // pass 1: the latest ordinal per key, from keys and times only
      for (Supplier<ViewBatches> open :
          files.read(view, joinKeys, List.of(), from, to, allocator)) {
        try (ViewBatches batches = open.get()) {
          while (batches.next()) {
            VectorSchemaRoot batch = batches.batch();
            TimeStampMicroTZVector event =
                (TimeStampMicroTZVector) batch.getVector(OfflineFormat.EVENT_TIMESTAMP);
            TimeStampMicroTZVector created =
                (TimeStampMicroTZVector) batch.getVector(OfflineFormat.CREATED_TIMESTAMP);
            BigIntVector longKey = oneLongKey ? (BigIntVector) batch.getVector(0) : null;
            List<FieldVector> keyVectors = batch.getFieldVectors().subList(0, joinKeys.size());
            for (int i = 0; i < batch.getRowCount(); i++, ordinal++) {
              long time = event.get(i);
              if (time < from || time >= to) {
                continue;
              }
              read++;
              int slot =
                  oneLongKey
                      ? rows.slotsByLong.slot(longKey.get(i), rows.slots)
                      : rows.slotsByValues.computeIfAbsent(values(keyVectors, i), k -> rows.slots);
              rows.offer(slot, ordinal, time, created.get(i));
            }
          }
          skipped += batches.skippedRows();
        }
      }
      // pass 2: the winners as rows
      BitSet winners = new BitSet();
      for (int s = 0; s < rows.slots; s++) {
        winners.set(Math.toIntExact(rows.bestOrdinal[s]));
      }
      long next = 0;
      for (Supplier<ViewBatches> open :
          files.read(view, joinKeys, view.features(), from, to, allocator)) {
        try (ViewBatches batches = open.get()) {
          next =
              FileSources.eachRow(
                  batches,
                  view,
                  next,
                  o -> winners.get((int) o),
                  row -> latest.merge(row.key(), row, (a, b) -> b.supersedes(a) ? b : a));
        }
      }
    }
    if (skipped > 0) {
      listener.rowsLeftOut(view.name(), skipped, "a join key is null");
    }
    return read;
  }

  private static List<Object> values(List<FieldVector> keys, int row) {
    List<Object> values = new ArrayList<>(keys.size());
    for (FieldVector key : keys) {
      values.add(OfflineFormat.read(key, row));
    }
    return values;
  }

  /**
   * Keeps {@code ordinal} for {@code slot} if it supersedes the slot's latest (or is its first).
   */
  private void offer(int slot, long ordinal, long event, long created) {
    if (slot == slots) {
      if (slots == bestOrdinal.length) {
        int capacity = slots * 2;
        bestOrdinal = Arrays.copyOf(bestOrdinal, capacity);
        bestEvent = Arrays.copyOf(bestEvent, capacity);
        bestCreated = Arrays.copyOf(bestCreated, capacity);
      }
      slots++;
    } else if (event < bestEvent[slot]
        || (event == bestEvent[slot] && created < bestCreated[slot])) {
      return;
    }
    bestOrdinal[slot] = ordinal;
    bestEvent[slot] = event;
    bestCreated[slot] = created;
  }

  /** An open-addressing map from int64 keys to dense slots, assigned in first-seen order. */
  private static final class LongSlots {
    private long[] keys = new long[1 << 12];
    private int[] slots = new int[1 << 12];
    private boolean[] used = new boolean[1 << 12];
    private int size;

    /** The key's slot; a new key gets {@code next}. */
    int slot(long key, int next) {
      if (size * 2 >= keys.length) {
        grow();
      }
      int mask = keys.length - 1;
      int i = (int) (mix(key) & mask);
      while (used[i]) {
        if (keys[i] == key) {
          return slots[i];
        }
        i = (i + 1) & mask;
      }
      used[i] = true;
      keys[i] = key;
      slots[i] = next;
      size++;
      return next;
    }

    private void grow() {
      long[] oldKeys = keys;
      int[] oldSlots = slots;
      boolean[] oldUsed = used;
      keys = new long[oldKeys.length * 2];
      slots = new int[oldKeys.length * 2];
      used = new boolean[oldKeys.length * 2];
      int mask = keys.length - 1;
      for (int j = 0; j < oldKeys.length; j++) {
        if (oldUsed[j]) {
          int i = (int) (mix(oldKeys[j]) & mask);
          while (used[i]) {
            i = (i + 1) & mask;
          }
          used[i] = true;
          keys[i] = oldKeys[j];
          slots[i] = oldSlots[j];
        }
      }
    }

    private static long mix(long key) {
      long h = key * 0x9E3779B97F4A7C15L;
      return h ^ (h >>> 29);
    }
  }
}
