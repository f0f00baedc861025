package dev.featurewatch.store.offline.join;

import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.offline.arrow.OfflineFormat;
import dev.featurewatch.store.offline.arrow.VectorArrays;
import dev.featurewatch.store.offline.file.ViewBatches;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.TransferPair;

/**
 * The feature rows of one view that a join reads, column by column: join keys encoded as in {@link
 * EntityRows} ({@code long[]} each; a string no entity row has becomes -1 and never matches), event
 * and created times as {@code long[]} microseconds, and the requested feature columns kept as the
 * Arrow vectors read from the files (off heap, one set per record batch). Row {@code g} is the
 * {@code g}-th row in file order (date, then write order).
 */
final class ViewColumns implements AutoCloseable {

  final List<Field> features;
  final long[][] keys;
  final long[] event;
  final long[] created;
  final int size;
  // rows of the files left out because a join key was null
  final long skippedRows;

  /**
   * True if each file's rows are in (join key columns, event time, created time) order, as the
   * offline store writes them: then, within each key, the rows are in time order file after file as
   * long as the files do not overlap in time, and sorting by key alone may be enough.
   */
  final boolean filesSorted;

  private final List<FieldVector[]> batches = new ArrayList<>();
  private final int[] batchStarts;

  private ViewColumns(
      List<Field> features,
      long[][] keys,
      long[] event,
      long[] created,
      int size,
      long skippedRows,
      boolean filesSorted,
      List<FieldVector[]> batches,
      int[] batchStarts) {
    this.features = features;
    this.keys = keys;
    this.event = event;
    this.created = created;
    this.size = size;
    this.skippedRows = skippedRows;
    this.filesSorted = filesSorted;
    this.batches.addAll(batches);
    this.batchStarts = batchStarts;
  }

  /**
   * Reads a view's files, keeping {@code features}.
   *
   * @param joinKeys the view's join keys, sorted by name, with their types
   * @param inputs the view's files, opened one at a time in order
   * @param entities whose string dictionary encodes string keys
   */
  static ViewColumns read(
      List<Field> features,
      List<Field> joinKeys,
      List<Supplier<ViewBatches>> inputs,
      EntityRows entities,
      BufferAllocator allocator) {
    int k = joinKeys.size();
    long[][] keys = new long[k][1024];
    long[] event = new long[1024];
    long[] created = new long[1024];
    int size = 0;
    List<FieldVector[]> batches = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    long skipped = 0;
    boolean filesSorted = true;
    int filesRead = 0;
    try {
      for (Supplier<ViewBatches> input : inputs) {
        int fileStart = size;
        try (ViewBatches file = input.get()) {
          List<String> keyNames = joinKeys.stream().map(Field::name).toList();
          boolean checked = false;
          while (file.next()) {
            VectorSchemaRoot batch = file.batch();
            if (!checked) {
              List<String> fileKeys =
                  OfflineFormat.joinKeys(batch.getSchema()).stream().map(Field::name).toList();
              if (!fileKeys.equals(keyNames)) {
                throw new IllegalStateException(
                    file.file()
                        + ": join keys must be "
                        + keyNames
                        + " as the view's, found "
                        + fileKeys);
              }
              checked = true;
            }
            int rows = batch.getRowCount();
            if (rows == 0) {
              continue;
            }
            if (size + rows > event.length) {
              int capacity = capacity(size + rows, size, filesRead, inputs.size());
              event = Arrays.copyOf(event, capacity);
              created = Arrays.copyOf(created, capacity);
              for (int c = 0; c < k; c++) {
                keys[c] = Arrays.copyOf(keys[c], capacity);
              }
            }
            for (int c = 0; c < k; c++) {
              FieldVector vector = batch.getVector(joinKeys.get(c).name());
              long[] column = keys[c];
              if (joinKeys.get(c).type() == ValueType.STRING) {
                VarCharVector strings = (VarCharVector) vector;
                for (int i = 0; i < rows; i++) {
                  column[size + i] =
                      entities.code(new String(strings.get(i), StandardCharsets.UTF_8));
                }
              } else {
                copy((BigIntVector) vector, rows, column, size);
              }
            }
            copy(batch.getVector(OfflineFormat.EVENT_TIMESTAMP), rows, event, size);
            copy(batch.getVector(OfflineFormat.CREATED_TIMESTAMP), rows, created, size);
            FieldVector[] kept = new FieldVector[features.size()];
            for (int f = 0; f < kept.length; f++) {
              FieldVector vector = batch.getVector(features.get(f).name());
              if (vector != null) { // null: a feature added after this file was written
                TransferPair transfer = vector.getTransferPair(allocator);
                transfer.transfer();
                kept[f] = (FieldVector) transfer.getTo();
              }
            }
            batches.add(kept);
            starts.add(size);
            size += rows;
          }
          skipped += file.skippedRows();
        }
        filesSorted = filesSorted && inOrder(keys, event, created, fileStart, size);
        filesRead++;
      }
    } catch (RuntimeException e) {
      batches.forEach(ViewColumns::close);
      throw e;
    }
    return new ViewColumns(
        features,
        keys,
        event,
        created,
        size,
        skipped,
        filesSorted,
        batches,
        starts.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * The capacity to grow the columns to, for at least {@code needed} rows: once a file is read, the
   * rows of all the files if the others hold as many rows as those read so far (a view's files are
   * its dates: of like sizes), with 5% to spare, so that the columns are copied about once rather
   * than a dozen times; before, half as much again as {@code size}.
   */
  private static int capacity(int needed, int size, int filesRead, int files) {
    long estimate = filesRead == 0 ? size + (size >> 1) : (long) size * files / filesRead * 21 / 20;
    return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, estimate));
  }

  /**
   * Copies the first {@code rows} values of an int64 or timestamp vector into {@code into} from
   * {@code at}, as one block (a value at a time through Arrow's checked getters cost a fifth of the
   * reading); a null value fails as Arrow's getter does.
   */
  private static void copy(FieldVector vector, int rows, long[] into, int at) {
    if (vector.getNullCount() > 0) {
      for (int i = 0; i < rows; i++) {
        if (vector.isNull(i)) {
          throw new IllegalStateException(
              "Value at index is null: " + vector.getName() + " row " + i);
        }
      }
    }
    VectorArrays.longs(vector, rows, into, at);
  }

  /** True if rows {@code [from, to)} are in (keys, event, created) order. */
  private static boolean inOrder(long[][] keys, long[] event, long[] created, int from, int to) {
    if (keys.length == 1) {
      long[] key = keys[0];
      for (int i = from + 1; i < to; i++) {
        long a = key[i - 1];
        long b = key[i];
        if (a > b
            || (a == b
                && (event[i - 1] > event[i]
                    || (event[i - 1] == event[i] && created[i - 1] > created[i])))) {
          return false;
        }
      }
      return true;
    }
    for (int i = from + 1; i < to; i++) {
      int order = 0;
      for (int c = 0; c < keys.length && order == 0; c++) {
        order = Long.compare(keys[c][i - 1], keys[c][i]);
      }
      if (order == 0) {
        order = Long.compare(event[i - 1], event[i]);
      }
      if (order == 0) {
        order = Long.compare(created[i - 1], created[i]);
      }
      if (order > 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The vector holding feature {@code f} of row {@code g}, or null; its index is {@link #local}.
   */
  FieldVector vector(int g, int f) {
    return batches.get(batch(g))[f];
  }

  int local(int g) {
    return g - batchStarts[batch(g)];
  }

  private int batch(int g) {
    int b = Arrays.binarySearch(batchStarts, g);
    return b >= 0 ? b : -b - 2;
  }

  private static void close(FieldVector[] vectors) {
    for (FieldVector vector : vectors) {
      if (vector != null) {
        vector.close();
      }
    }
  }

  @Override
  public void close() {
    batches.forEach(ViewColumns::close);
    batches.clear();
  }
}
