package dev.featurewatch.store.offline.join;

import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.offline.arrow.OfflineFormat;
import dev.featurewatch.store.offline.parquet.ParquetBatchWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The output of a {@link PointInTimeJoin}: one row per entity row, in input order, with the
 * entity's join keys, its {@value OfflineFormat#EVENT_TIMESTAMP}, then the requested features of
 * each view (null where nothing matched). Holds the matched feature columns off heap: close it.
 */
public final class JoinResult implements AutoCloseable {

  /** Rows per record batch of {@link #writeArrow} and {@link #writeParquet}. */
  static final int BATCH_ROWS = 65_536;

  private final EntityRows entities;
  private final List<String> columnNames;
  private final List<ViewColumns> views;
  private final List<int[]> matches;
  private final BufferAllocator allocator;
  // output column → (view, feature); the first keyCount + 1 columns are the entity's
  private final int[] columnView;
  private final int[] columnFeature;
  private final List<ValueType> columnTypes = new ArrayList<>();

  JoinResult(
      EntityRows entities,
      List<String> columnNames,
      List<ViewColumns> views,
      List<int[]> matches,
      BufferAllocator allocator) {
    this.entities = entities;
    this.columnNames = List.copyOf(columnNames);
    this.views = views;
    this.matches = matches;
    this.allocator = allocator;
    int keyCount = entities.joinKeys().size();
    columnView = new int[columnNames.size()];
    columnFeature = new int[columnNames.size()];
    entities.joinKeys().forEach(k -> columnTypes.add(k.type()));
    columnTypes.add(ValueType.TIMESTAMP);
    int c = keyCount + 1;
    for (int v = 0; v < views.size(); v++) {
      for (int f = 0; f < views.get(v).features.size(); f++) {
        columnView[c] = v;
        columnFeature[c] = f;
        columnTypes.add(views.get(v).features.get(f).type());
        c++;
      }
    }
  }

  /** As many rows as entity rows. */
  public int size() {
    return entities.size();
  }

  public List<String> columnNames() {
    return columnNames;
  }

  /**
   * Per request, in request order, the rows of the view's files left out because a join key was
   * null: counted, so that a command can report them rather than drop them silently.
   */
  public List<Long> skippedRows() {
    return views.stream().map(v -> v.skippedRows).toList();
  }

  /** The types of {@link #columnNames()}. */
  public List<ValueType> columnTypes() {
    return List.copyOf(columnTypes);
  }

  /**
   * The value of {@code column} in {@code row}, as the Java type of its {@link ValueType}, or null.
   */
  public Object value(int row, int column) {
    Objects.checkIndex(row, size());
    int keyCount = entities.joinKeys().size();
    if (column < keyCount) {
      return entities.key(row, column);
    }
    if (column == keyCount) {
      return OfflineFormat.instant(entities.timestampMicros(row));
    }
    int g = matches.get(columnView[column])[row];
    if (g < 0) {
      return null;
    }
    ViewColumns view = views.get(columnView[column]);
    FieldVector vector = view.vector(g, columnFeature[column]);
    return vector == null ? null : OfflineFormat.read(vector, view.local(g));
  }

  /** Row {@code row} as a list (nulls included). */
  public List<Object> row(int row) {
    List<Object> values = new ArrayList<>(columnNames.size());
    for (int c = 0; c < columnNames.size(); c++) {
      values.add(value(row, c));
    }
    return values;
  }

  /**
   * Writes the result as CSV with a header: nulls empty, timestamps ISO-8601, lists as {@code
   * "[1.0, 2.5]"}, text quoted when it holds a comma, quote or line break.
   */
  public void writeCsv(Path file) {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      writeCsv(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Writes the CSV to {@code out}, leaving it open. */
  public void writeCsv(Writer out) throws IOException {
    Writer writer = out instanceof BufferedWriter ? out : new BufferedWriter(out);
    List<String> header = new ArrayList<>();
    columnNames.forEach(name -> header.add(csv(name)));
    writer.write(String.join(",", header));
    writer.write('\n');
    for (int r = 0; r < size(); r++) {
      for (int c = 0; c < columnNames.size(); c++) {
        if (c > 0) {
          writer.write(',');
        }
        Object value = value(r, c);
        if (value != null) {
          writer.write(
              csv(
                  value instanceof Instant || value instanceof String || value instanceof List<?>
                      ? value.toString()
                      : String.valueOf(value)));
        }
      }
      writer.write('\n');
    }
    writer.flush();
  }

  private static String csv(String text) {
    if (text.indexOf(',') < 0
        && text.indexOf('"') < 0
        && text.indexOf('\n') < 0
        && text.indexOf('\r') < 0) {
      return text;
    }
    return '"' + text.replace("\"", "\"\"") + '"';
  }

  /**
   * Writes the result as an Arrow IPC file (readable by pyarrow, pandas, DuckDB), {@value
   * #BATCH_ROWS} rows per record batch, copying feature values vector to vector.
   */
  public void writeArrow(Path file) {
    try (FileChannel channel =
            FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        Batches batches = batches();
        ArrowFileWriter writer = new ArrowFileWriter(batches.root(), null, channel)) {
      writer.start();
      while (batches.next()) {
        writer.writeBatch();
      }
      writer.end();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Writes the result as a Parquet file (readable by pyarrow, pandas, DuckDB, Spark), the columns
   * typed as in {@link #writeArrow} (timestamps as {@code TIMESTAMP(MICROS, UTC)}, text as {@code
   * STRING}, lists as {@code LIST}), Snappy pages, through {@link ParquetBatchWriter}.
   *
   * <p>Atomic: the file is written under a hidden name next to {@code file} ({@code
   * .<name>.<uuid>.tmp}), forced to disk, then renamed to {@code file}, replacing it; a failed
   * write leaves {@code file} as it was and removes the hidden one.
   */
  public void writeParquet(Path file) {
    Path target = file.toAbsolutePath();
    Path hidden =
        target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (Batches batches = batches();
          ParquetBatchWriter writer = ParquetBatchWriter.builder(hidden, schema()).build()) {
        while (batches.next()) {
          writer.write(batches.root());
        }
      }
      Files.move(hidden, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(hidden);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot write " + file, io);
      }
      throw (RuntimeException) e;
    }
  }

  /**
   * The result as Arrow record batches of up to {@value #BATCH_ROWS} rows each, in row order, for a
   * writer or a stream: {@link Batches#next()} refills {@link Batches#root()} with the next rows.
   * Feature values are copied vector to vector. Close it before the result.
   *
   * <pre>{@code
   * try (JoinResult.Batches batches = result.batches()) {
   *   listener.start(batches.root());
   *   while (batches.next()) {
   *     listener.putNext();
   *   }
   * }
   * }</pre>
   */
  public Batches batches() {
    return new Batches(VectorSchemaRoot.create(schema(), allocator));
  }

  /** The record batches of a result, one reused root: see {@link JoinResult#batches()}. */
  public final class Batches implements AutoCloseable {
    private final VectorSchemaRoot root;
    private int next;

    private Batches(VectorSchemaRoot root) {
      this.root = root;
    }

    /** The batch, of {@link JoinResult#schema()}; its contents change at each {@link #next()}. */
    public VectorSchemaRoot root() {
      return root;
    }

    /** The result's row at the root's row 0, valid after {@link #next()} answered true. */
    public int firstRow() {
      return next - root.getRowCount();
    }

    /** Fills the root with the next rows; false, leaving it as it was, when all were given. */
    public boolean next() {
      if (next >= size()) {
        return false;
      }
      fill(root, next);
      next += root.getRowCount();
      return true;
    }

    @Override
    public void close() {
      root.close();
    }
  }

  /**
   * The Arrow schema of the written result, the columns of {@link #columnNames()}: join keys as
   * int64 or utf8, {@value OfflineFormat#EVENT_TIMESTAMP} as timestamp[us, UTC], features as their
   * offline types, every column nullable, the format version as metadata.
   */
  public Schema schema() {
    List<org.apache.arrow.vector.types.pojo.Field> fields = new ArrayList<>();
    for (int c = 0; c < columnNames.size(); c++) {
      fields.add(OfflineFormat.arrowField(columnNames.get(c), columnTypes.get(c), true));
    }
    return new Schema(fields, Map.of(OfflineFormat.VERSION_KEY, OfflineFormat.VERSION));
  }

  /** Fills {@code batch} with up to {@value #BATCH_ROWS} rows from row {@code from}. */
  private void fill(VectorSchemaRoot batch, int from) {
    int keyCount = entities.joinKeys().size();
    List<FieldVector> vectors = batch.getFieldVectors();
    int count = Math.min(BATCH_ROWS, size() - from);
    batch.allocateNew();
    for (int i = 0; i < count; i++) {
      int row = from + i;
      for (int c = 0; c <= keyCount; c++) {
        OfflineFormat.write(vectors.get(c), i, value(row, c));
      }
      for (int c = keyCount + 1; c < columnNames.size(); c++) {
        int g = matches.get(columnView[c])[row];
        ViewColumns view = views.get(columnView[c]);
        FieldVector source = g < 0 ? null : view.vector(g, columnFeature[c]);
        if (source == null) {
          OfflineFormat.setNull(vectors.get(c), i);
        } else {
          vectors.get(c).copyFromSafe(view.local(g), i, source);
        }
      }
    }
    batch.setRowCount(count);
  }

  /** The join keys of the output (the entity rows'). */
  public List<Field> joinKeys() {
    return entities.joinKeys();
  }

  @Override
  public void close() {
    views.forEach(ViewColumns::close);
    allocator.close();
  }
}
