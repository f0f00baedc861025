package dev.featurewatch.store.offline.file;

import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.offline.arrow.OfflineFormat;
import dev.featurewatch.store.row.Times;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** Arrow IPC files: the offline store's own (read as they are) and file sources (converted). */
final class ArrowFileBatches {

  private ArrowFileBatches() {}

  static ViewBatches open(Path file, SourceLayout layout, BufferAllocator allocator) {
    FileChannel channel = null;
    ArrowFileReader reader = null;
    try {
      if (Files.size(file) == 0) {
        throw new FileDataException(file + ": the file is empty (0 bytes), not an Arrow IPC file");
      }
      channel = FileChannel.open(file, StandardOpenOption.READ);
      reader = new ArrowFileReader(channel, allocator);
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      if (OfflineFormat.VERSION.equals(
          root.getSchema().getCustomMetadata().get(OfflineFormat.VERSION_KEY))) {
        return new StoreFile(file, reader);
      }
      return new SourceFile(file, layout, reader, allocator);
    } catch (IOException | RuntimeException e) {
      closeQuietly(reader, channel, e);
      if (e instanceof FileDataException fde) {
        throw fde;
      }
      throw new FileDataException(file + ": not a readable Arrow IPC file: " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(ArrowFileReader reader, FileChannel channel, Exception e) {
    try {
      if (reader != null) {
        reader.close();
      } else if (channel != null) {
        channel.close();
      }
    } catch (IOException suppressed) {
      e.addSuppressed(suppressed);
    }
  }

  /** A file the offline store wrote: already in the offline layout. */
  private static final class StoreFile implements ViewBatches {
    private final Path file;
    private final ArrowFileReader reader;

    StoreFile(Path file, ArrowFileReader reader) {
      this.file = file;
      this.reader = reader;
    }

    @Override
    public boolean next() {
      try {
        return reader.loadNextBatch();
      } catch (IOException e) {
        throw new UncheckedIOException("offline store: cannot read " + file, e);
      }
    }

    @Override
    public VectorSchemaRoot batch() {
      try {
        return reader.getVectorSchemaRoot();
      } catch (IOException e) {
        throw new UncheckedIOException("offline store: cannot read " + file, e);
      }
    }

    @Override
    public Path file() {
      return file;
    }

    @Override
    public long skippedRows() {
      return 0;
    }

    @Override
    public void close() {
      try {
        reader.close();
      } catch (IOException e) {
        throw new UncheckedIOException("offline store: cannot close " + file, e);
      }
    }
  }

  /** An Arrow IPC file source: its columns found by name and converted row by row. */
  private static final class SourceFile extends RowBatches {
    private final ArrowFileReader reader;
    private final FieldVector[] columns;
    private VectorSchemaRoot source;
    private int row;
    private long rowsBefore;

    SourceFile(Path file, SourceLayout layout, ArrowFileReader reader, BufferAllocator allocator)
        throws IOException {
      super(file, layout, allocator);
      this.reader = reader;
      this.source = reader.getVectorSchemaRoot();
      this.columns = new FieldVector[columnCount()];
      List<String> names =
          source.getSchema().getFields().stream()
              .map(org.apache.arrow.vector.types.pojo.Field::getName)
              .toList();
      for (int c = 0; c < columns.length; c++) {
        String name = sourceColumn(c);
        if (name.isEmpty()) {
          continue;
        }
        if (!names.contains(name)) {
          throw FileDataException.column(
              file,
              name,
              "missing: the "
                  + layout.role(name)
                  + " must be a column of the file, which has "
                  + names);
        }
        FieldVector vector = source.getVector(name);
        check(file, layout, name, type(c), vector.getField().getType());
        columns[c] = vector;
      }
      row = 0;
    }

    private static void check(
        Path file, SourceLayout layout, String name, ValueType type, ArrowType found) {
      boolean ok =
          switch (type) {
            case INT64 -> found instanceof ArrowType.Int i && i.getIsSigned();
            case DOUBLE ->
                found instanceof ArrowType.FloatingPoint
                    || (found instanceof ArrowType.Int i && i.getIsSigned());
            case STRING -> found instanceof ArrowType.Utf8;
            case BOOL -> found instanceof ArrowType.Bool;
            case TIMESTAMP ->
                found instanceof ArrowType.Timestamp
                    || found instanceof ArrowType.Date
                    || found instanceof ArrowType.Utf8
                    || found instanceof ArrowType.Int;
            case DOUBLE_LIST ->
                found instanceof ArrowType.List
                    || found instanceof ArrowType.LargeList
                    || found instanceof ArrowType.FixedSizeList;
          };
      if (!ok) {
        throw FileDataException.column(
            file,
            name,
            "the " + layout.role(name) + " must be " + type.id() + ", found Arrow " + found);
      }
    }

    @Override
    boolean readRow(Object[] values) {
      try {
        while (row >= source.getRowCount()) {
          rowsBefore += source.getRowCount();
          if (!reader.loadNextBatch()) {
            return false;
          }
          source = reader.getVectorSchemaRoot();
          row = 0;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(file() + ": cannot be read", e);
      }
      int keys = layout().joinKeys().size();
      for (int c = 0; c < values.length; c++) {
        FieldVector vector = columns[c];
        if (vector == null || vector.isNull(row)) {
          values[c] = null;
          continue;
        }
        Object value = value(vector, type(c), sourceColumn(c));
        values[c] =
            type(c) == ValueType.TIMESTAMP && c >= keys + 2 ? Times.instant((Long) value) : value;
      }
      row++;
      return true;
    }

    private Object value(FieldVector vector, ValueType type, String name) {
      String where = where() + ": column '" + name + "' (" + layout().role(name) + ")";
      return switch (type) {
        case INT64 -> ((BaseIntVector) vector).getValueAsLong(row);
        case DOUBLE ->
            vector instanceof FloatingPointVector f
                ? f.getValueAsDouble(row)
                : (double) ((BaseIntVector) vector).getValueAsLong(row);
        case STRING -> new String(((VarCharVector) vector).get(row), StandardCharsets.UTF_8);
        case BOOL -> ((BitVector) vector).get(row) != 0;
        case TIMESTAMP -> micros(vector, where);
        case DOUBLE_LIST -> doubles(vector.getObject(row), where);
      };
    }

    private static List<Double> doubles(Object list, String where) {
      List<Double> values = new java.util.ArrayList<>();
      for (Object item : (List<?>) list) {
        if (item != null && !(item instanceof Double)) {
          throw new FileDataException(
              where
                  + ": must be a list of doubles, found an item "
                  + item.getClass().getSimpleName());
        }
        values.add((Double) item);
      }
      return java.util.Collections.unmodifiableList(values);
    }

    private long micros(FieldVector vector, String where) {
      try {
        if (vector instanceof TimeStampVector ts) {
          return OfflineFormat.micros(ts, row);
        }
        if (vector instanceof DateDayVector days) {
          return Math.multiplyExact((long) days.get(row), 86_400_000_000L);
        }
        if (vector instanceof VarCharVector text) {
          return Timestamps.fromText(
              new String(text.get(row), StandardCharsets.UTF_8), layout().timestampFormat(), where);
        }
        if (vector instanceof BaseIntVector number) {
          return Timestamps.fromEpoch(
              number.getValueAsLong(row), layout().timestampFormat(), where);
        }
      } catch (ArithmeticException e) {
        throw new FileDataException(where + ": out of range", e);
      } catch (FileDataException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw new FileDataException(e.getMessage(), e);
      }
      throw new FileDataException(where + ": must be a timestamp, found " + vector.getField());
    }

    @Override
    String where() {
      return file() + ": row " + (rowsBefore + row + 1);
    }

    @Override
    public void close() {
      try {
        reader.close();
      } catch (IOException e) {
        throw new UncheckedIOException(file() + ": cannot be closed", e);
      } finally {
        super.close();
      }
    }
  }
}
