package dev.featurewatch.store.offline.file;

import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.offline.arrow.OfflineFormat;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The rows of a file read one at a time (CSV, JSON lines, Arrow IPC files of other layouts), put
 * into batches of the offline layout. A subclass reads one row's values in {@link
 * SourceLayout#schema()} order: join keys, event and created times in microseconds ({@code Long};
 * the created time null when the source has none), then the features as their types' Java values.
 */
abstract class RowBatches implements ViewBatches {

  private final Path file;
  private final SourceLayout layout;
  private final VectorSchemaRoot root;
  private final List<FieldVector> vectors;
  private final Object[] row;
  private long skipped;

  RowBatches(Path file, SourceLayout layout, BufferAllocator allocator) {
    this.file = file;
    this.layout = layout;
    this.root = VectorSchemaRoot.create(layout.schema(), allocator);
    this.vectors = root.getFieldVectors();
    this.row = new Object[vectors.size()];
  }

  /**
   * Reads the next row's values into {@code values}; false at the end of the file.
   *
   * @throws FileDataException a value that cannot be read as its column's type
   */
  abstract boolean readRow(Object[] values);

  /** Where the row last read is, for messages: "data.csv:12". */
  abstract String where();

  final SourceLayout layout() {
    return layout;
  }

  /** The types of the values in {@link #readRow} order. */
  final ValueType type(int column) {
    int keys = layout.joinKeys().size();
    if (column < keys) {
      return layout.joinKeys().get(column).type();
    }
    if (column < keys + 2) {
      return ValueType.TIMESTAMP;
    }
    return layout.features().get(column - keys - 2).type();
  }

  /** The source's column name of each value in {@link #readRow} order. */
  final String sourceColumn(int column) {
    int keys = layout.joinKeys().size();
    if (column < keys) {
      return layout.joinKeys().get(column).name();
    }
    if (column == keys) {
      return layout.timestampColumn();
    }
    if (column == keys + 1) {
      return layout.createdColumn();
    }
    Field feature = layout.features().get(column - keys - 2);
    return feature.name();
  }

  final int columnCount() {
    return row.length;
  }

  @Override
  public final boolean next() {
    root.allocateNew();
    int rows = 0;
    int keys = layout.joinKeys().size();
    while (rows < ParquetBatches.BATCH_ROWS && readRow(row)) {
      boolean nullKey = false;
      for (int k = 0; k < keys; k++) {
        nullKey |= row[k] == null;
      }
      if (nullKey) {
        skipped++;
        continue;
      }
      if (row[keys] == null) {
        throw new FileDataException(
            where() + ": the " + layout.role(layout.timestampColumn()) + " must not be empty");
      }
      for (int c = 0; c < row.length; c++) {
        FieldVector vector = vectors.get(c);
        Object value = row[c];
        if (c == keys || c == keys + 1) {
          ((TimeStampMicroTZVector) vector).setSafe(rows, value == null ? 0L : (Long) value);
        } else if (c < keys && value instanceof String s) {
          ((VarCharVector) vector)
              .setSafe(rows, s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } else if (c < keys) {
          ((BigIntVector) vector).setSafe(rows, (Long) value);
        } else {
          OfflineFormat.write(vector, rows, value);
        }
      }
      rows++;
    }
    root.setRowCount(rows);
    return rows > 0;
  }

  @Override
  public final VectorSchemaRoot batch() {
    return root;
  }

  @Override
  public final Path file() {
    return file;
  }

  @Override
  public final long skippedRows() {
    return skipped;
  }

  @Override
  public void close() {
    root.close();
  }
}
