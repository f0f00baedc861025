package dev.featurewatch.app.input;

import dev.featurewatch.store.offline.parquet.ParquetBatchWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes the rows of a simple CSV (a header, no quotes, empty fields for nulls) as a typed Parquet
 * file ({@code stores}' {@link ParquetBatchWriter}) or Arrow IPC file, for tests that compare what
 * the commands make of the same data in each format. A column is int64 if all its values are
 * integers, else float64 if all are numbers, else bool if all are true or false, else a timestamp
 * (microseconds, UTC) if all are ISO-8601 instants like {@code 2026-11-20T10:00:00Z}, as {@code
 * featurewatch historical} writes its {@code event_timestamp}, else a string.
 */
public final class TypedFiles {

  private TypedFiles() {}

  /** Writes {@code csv}'s rows to {@code parquet}, in row groups of {@code rowGroupRows}. */
  public static Path parquet(Path csv, Path parquet, int rowGroupRows) throws IOException {
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = read(csv, allocator);
        ParquetBatchWriter writer =
            ParquetBatchWriter.builder(parquet, root.getSchema())
                .rowGroupRows(rowGroupRows)
                .build()) {
      writer.write(root);
    }
    return parquet;
  }

  /** Writes {@code csv}'s rows to {@code arrow}, an Arrow IPC file of one record batch. */
  public static Path arrow(Path csv, Path arrow) throws IOException {
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = read(csv, allocator);
        FileChannel channel =
            FileChannel.open(arrow, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
      writer.start();
      writer.writeBatch();
      writer.end();
    }
    return arrow;
  }

  private static VectorSchemaRoot read(Path csv, BufferAllocator allocator) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    String[] header = lines.get(0).split(",", -1);
    List<String[]> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (!line.isEmpty()) {
        rows.add(line.split(",", -1));
      }
    }
    List<Field> fields = new ArrayList<>();
    for (int c = 0; c < header.length; c++) {
      fields.add(new Field(header[c], FieldType.nullable(typeOf(rows, c)), null));
    }
    VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields), allocator);
    root.allocateNew();
    for (int c = 0; c < header.length; c++) {
      FieldVector vector = root.getVector(c);
      for (int r = 0; r < rows.size(); r++) {
        String value = rows.get(r)[c];
        if (value.isEmpty()) {
          vector.setNull(r);
        } else if (vector instanceof BigIntVector longs) {
          longs.setSafe(r, Long.parseLong(value));
        } else if (vector instanceof Float8Vector doubles) {
          doubles.setSafe(r, Double.parseDouble(value));
        } else if (vector instanceof BitVector bits) {
          bits.setSafe(r, Boolean.parseBoolean(value) ? 1 : 0);
        } else if (vector instanceof TimeStampMicroTZVector time) {
          Instant instant = Instant.parse(value);
          time.setSafe(r, instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000);
        } else {
          ((VarCharVector) vector).setSafe(r, value.getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    root.setRowCount(rows.size());
    return root;
  }

  private static ArrowType typeOf(List<String[]> rows, int c) {
    boolean integers = true;
    boolean numbers = true;
    boolean booleans = true;
    boolean instants = true;
    for (String[] row : rows) {
      String value = row[c];
      if (value.isEmpty()) {
        continue;
      }
      integers &= value.matches("-?\\d+");
      numbers &= isNumber(value);
      booleans &= value.equals("true") || value.equals("false");
      instants &= isInstant(value);
    }
    if (integers) {
      return new ArrowType.Int(64, true);
    }
    if (numbers) {
      return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    }
    if (booleans) {
      return ArrowType.Bool.INSTANCE;
    }
    return instants
        ? new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")
        : ArrowType.Utf8.INSTANCE;
  }

  private static boolean isInstant(String value) {
    try {
      Instant.parse(value);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static boolean isNumber(String value) {
    try {
      Double.parseDouble(value);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
