package dev.featurewatch.store.offline;

import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.offline.arrow.OfflineFormat;
import dev.featurewatch.store.offline.file.FileSources;
import dev.featurewatch.store.offline.file.SourceLayout;
import dev.featurewatch.store.offline.file.ViewBatches;
import dev.featurewatch.store.offline.parquet.ParquetBatchWriter;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The offline store: append-only Parquet files, one directory per feature view, partitioned by the
 * UTC date of the event time. Arrow IPC files, which it wrote before Parquet, are still read.
 *
 * <pre>{@code
 * try (OfflineStore store = new OfflineStore(Path.of("data/offline"))) {
 *   store.append(driverStats, rows);              // writes data/offline/driver_stats/date=2026-11-23/part-….parquet
 *   store.scan(driverStats, from, to, row -> …);  // every row of those dates, in file order
 * }
 * }</pre>
 *
 * <p>Layout: {@code <root>/<view>/date=YYYY-MM-DD/part-<millis>-<sequence>-<uuid>.parquet}, a
 * Hive-style partitioning that {@code pyarrow.dataset}, pandas and DuckDB read as is. Each file is
 * written under a hidden name ({@code .part-….parquet.<batch>.staged}, ignored by those readers),
 * forced to disk and atomically renamed, so a reader never sees a partial file; the streaming
 * pipeline renames at checkpoint completion ({@link #stage}, {@link #publish}). File names sort in
 * write order within one process (millisecond clock, then a sequence), which makes "the later
 * written row wins" well defined for rows equal in key, event time and created time. Within a file
 * the rows are sorted by join key values, event time and created time, rows equal in all three in
 * the order given: the point-in-time join then sorts a view's rows by key alone (any order reads
 * correctly; this one reads faster). The column layout is {@link OfflineFormat}.
 *
 * <p>Thread-safe: appends write distinct files. Not safe against two processes appending rows with
 * identical (key, event time, created time) in the same millisecond (their order is then
 * arbitrary).
 */
public final class OfflineStore implements AutoCloseable {

  /**
   * Rows per Arrow record batch written: bounds the memory of one write step (Parquet row groups
   * are the writer's, see {@link ParquetBatchWriter}).
   */
  static final int BATCH_ROWS = 65_536;

  private static final String PARTITION_PREFIX = "date=";
  private static final String STAGED = ".staged";
  private static final AtomicLong SEQUENCE = new AtomicLong();

  /**
   * The page codec of the store's files: none. Its columns are mostly random doubles and
   * microsecond times, which Snappy shrank by 13% while decompressing them took about a third of a
   * point-in-time join's CPU time (BENCHMARKS.md); repeated values are dictionary-encoded anyway.
   */
  static final CompressionCodecName CODEC = CompressionCodecName.UNCOMPRESSED;

  /** The order of a file's rows: join key values, event time, created time. */
  private static final Comparator<FeatureRow> ROW_ORDER =
      Comparator.comparing(FeatureRow::key, OfflineStore::compareKeys)
          .thenComparing(FeatureRow::eventTime)
          .thenComparing(FeatureRow::createdTime);

  private final Path root;
  private final BufferAllocator allocator;

  /** A store under {@code root}, created on the first append if missing. */
  public OfflineStore(Path root) {
    this.root = Objects.requireNonNull(root, "root");
    this.allocator = new RootAllocator();
  }

  public Path root() {
    return root;
  }

  /**
   * Appends {@code rows}, taking the join key names and types from the first row's {@link
   * EntityKey} (a {@link Long} value is int64, a {@link String} is string).
   *
   * @return the files written, one per event date
   */
  public List<Path> append(FeatureView view, List<FeatureRow> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    EntityKey first = rows.get(0).key();
    List<Field> joinKeys = new ArrayList<>();
    for (int i = 0; i < first.names().size(); i++) {
      joinKeys.add(
          Field.of(
              first.names().get(i),
              first.values().get(i) instanceof Long ? ValueType.INT64 : ValueType.STRING));
    }
    return append(view, joinKeys, rows);
  }

  /**
   * Appends {@code rows} of {@code view}, one new file per event date.
   *
   * @param joinKeys the join keys every row's key must have, int64 or string
   * @return the files written, in date order
   * @throws IllegalArgumentException naming the row index, if a row is of another view, has other
   *     join keys, a value of the wrong type or the wrong number of values; nothing is written then
   */
  public List<Path> append(FeatureView view, List<Field> joinKeys, List<FeatureRow> rows) {
    List<Path> written = new ArrayList<>();
    for (StagedFile file : stage(view, joinKeys, rows, 0)) {
      publish(file);
      written.add(Path.of(file.visible()));
    }
    return written;
  }

  /**
   * Writes {@code rows} as {@link #append} does, but leaves the files under their hidden names,
   * invisible to readers until {@link #publish}ed: the first phase of an exactly-once commit.
   *
   * @param batch a number the caller chooses (a checkpoint id), kept in the hidden names so that
   *     {@link #discardStaged} can find the files of batches that will never be published
   * @return the files, one per event date
   * @throws IllegalArgumentException as {@link #append}
   */
  public List<StagedFile> stage(
      FeatureView view, List<Field> joinKeys, List<FeatureRow> rows, long batch) {
    Schema schema = OfflineFormat.schema(view, joinKeys);
    List<Field> sortedKeys = OfflineFormat.joinKeys(schema);
    TreeMap<LocalDate, List<FeatureRow>> byDate = new TreeMap<>();
    for (int i = 0; i < rows.size(); i++) {
      FeatureRow row = rows.get(i);
      check(view, sortedKeys, i, row);
      LocalDate date = LocalDate.ofInstant(row.eventTime(), ZoneOffset.UTC);
      byDate.computeIfAbsent(date, d -> new ArrayList<>()).add(row);
    }
    List<StagedFile> staged = new ArrayList<>();
    for (Map.Entry<LocalDate, List<FeatureRow>> entry : byDate.entrySet()) {
      entry.getValue().sort(ROW_ORDER); // stable: rows equal in all three keep their order
      staged.add(write(view, schema, sortedKeys.size(), entry.getKey(), entry.getValue(), batch));
    }
    return staged;
  }

  /**
   * Makes a staged file visible, atomically. Idempotent: a file published before is left as it is,
   * so a commit retried after a restart does no harm.
   *
   * @throws IllegalStateException the file is neither staged nor published (discarded, or lost)
   * @throws UncheckedIOException the move failed
   */
  public static void publish(StagedFile file) {
    Path hidden = Path.of(file.hidden());
    Path visible = Path.of(file.visible());
    try {
      Files.move(hidden, visible, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      if (!Files.exists(visible)) {
        throw new IllegalStateException(
            "offline store: staged file " + hidden + " is gone and was never published", e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("offline store: cannot publish " + visible, e);
    }
  }

  /**
   * Deletes the staged, unpublished files of {@code view} whose batch {@code discard} accepts:
   * those of checkpoints that never completed.
   *
   * @return how many were deleted
   */
  public int discardStaged(String view, LongPredicate discard) {
    int deleted = 0;
    for (LocalDate date : dates(view)) {
      Path dir = partition(view, date);
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ".part-*" + STAGED)) {
        for (Path entry : entries) {
          String name = entry.getFileName().toString();
          String withoutSuffix = name.substring(0, name.length() - STAGED.length());
          long batch = Long.parseLong(withoutSuffix.substring(withoutSuffix.lastIndexOf('.') + 1));
          if (discard.test(batch) && Files.deleteIfExists(entry)) {
            deleted++;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("offline store: cannot clean " + dir, e);
      }
    }
    return deleted;
  }

  /**
   * A file written but not yet visible.
   *
   * @param hidden where it is, a hidden name readers skip
   * @param visible where {@link #publish} moves it
   */
  public record StagedFile(String hidden, String visible) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private static void check(FeatureView view, List<Field> joinKeys, int index, FeatureRow row) {
    String where = "feature view '" + view.name() + "', rows[" + index + "]: ";
    if (!row.view().equals(view.name())) {
      throw new IllegalArgumentException(where + "belongs to view '" + row.view() + "'");
    }
    List<String> names = joinKeys.stream().map(Field::name).toList();
    if (!row.key().names().equals(names)) {
      throw new IllegalArgumentException(
          where + "join keys must be " + names + ", found " + row.key().names());
    }
    for (int k = 0; k < joinKeys.size(); k++) {
      if (!joinKeys.get(k).type().accepts(row.key().values().get(k))) {
        throw new IllegalArgumentException(
            where
                + "join key '"
                + names.get(k)
                + "' must be "
                + joinKeys.get(k).type().id()
                + ", found "
                + row.key().values().get(k));
      }
    }
    if (row.values().size() != view.features().size()) {
      throw new IllegalArgumentException(
          where
              + "must have one value per feature ("
              + view.features().size()
              + "), found "
              + row.values().size());
    }
    for (int f = 0; f < view.features().size(); f++) {
      Field feature = view.features().get(f);
      Object value = row.values().get(f);
      if (!feature.type().accepts(value)) {
        throw new IllegalArgumentException(
            where
                + "feature '"
                + feature.name()
                + "' must be "
                + feature.type().id()
                + ", found "
                + value.getClass().getSimpleName()
                + " "
                + value);
      }
    }
  }

  private StagedFile write(
      FeatureView view,
      Schema schema,
      int keyCount,
      LocalDate date,
      List<FeatureRow> rows,
      long stagingBatch) {
    Path dir = partition(view.name(), date);
    String name =
        String.format(
            "part-%013d-%09d-%s.parquet",
            System.currentTimeMillis(), SEQUENCE.incrementAndGet(), UUID.randomUUID());
    Path tmp = dir.resolve("." + name + "." + stagingBatch + STAGED);
    Path target = dir.resolve(name);
    try {
      Files.createDirectories(dir);
      try (VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator);
          ParquetBatchWriter writer =
              ParquetBatchWriter.builder(tmp, schema).codec(CODEC).build()) {
        List<FieldVector> vectors = batch.getFieldVectors();
        for (int from = 0; from < rows.size(); from += BATCH_ROWS) {
          int count = Math.min(BATCH_ROWS, rows.size() - from);
          batch.allocateNew();
          for (int i = 0; i < count; i++) {
            FeatureRow row = rows.get(from + i);
            int c = 0;
            for (Object key : row.key().values()) {
              OfflineFormat.write(vectors.get(c++), i, key);
            }
            OfflineFormat.write(vectors.get(c++), i, row.eventTime());
            OfflineFormat.write(vectors.get(c++), i, row.createdTime());
            for (Object value : row.values()) {
              OfflineFormat.write(vectors.get(c++), i, value);
            }
          }
          assert vectors.size() == keyCount + 2 + view.features().size();
          batch.setRowCount(count);
          writer.write(batch);
        }
      }
      return new StagedFile(tmp.toString(), target.toString());
    } catch (IOException | UncheckedIOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new UncheckedIOException(
          "offline store: cannot write " + target,
          e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
    }
  }

  private Path partition(String view, LocalDate date) {
    return root.resolve(view).resolve(PARTITION_PREFIX + date);
  }

  /** The event dates that hold files of {@code view}, ascending. */
  public List<LocalDate> dates(String view) {
    Path dir = root.resolve(view);
    List<LocalDate> dates = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return dates;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, PARTITION_PREFIX + "*")) {
      for (Path entry : entries) {
        try {
          dates.add(
              LocalDate.parse(entry.getFileName().toString().substring(PARTITION_PREFIX.length())));
        } catch (DateTimeParseException ignored) {
          // not a partition of ours: leave it alone
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("offline store: cannot list " + dir, e);
    }
    dates.sort(Comparator.naturalOrder());
    return dates;
  }

  /**
   * The complete files of {@code view} with event dates in {@code [from, to]}, in date order then
   * write order.
   *
   * @param from first date, or null for the earliest
   * @param to last date, inclusive, or null for the latest
   */
  public List<Path> files(String view, LocalDate from, LocalDate to) {
    List<Path> files = new ArrayList<>();
    for (LocalDate date : dates(view)) {
      if ((from != null && date.isBefore(from)) || (to != null && date.isAfter(to))) {
        continue;
      }
      Path dir = partition(view, date);
      List<Path> parts = new ArrayList<>();
      try (DirectoryStream<Path> entries =
          Files.newDirectoryStream(dir, "part-*.{arrow,parquet}")) {
        entries.forEach(parts::add);
      } catch (IOException e) {
        throw new UncheckedIOException("offline store: cannot list " + dir, e);
      }
      parts.sort(Comparator.comparing(p -> p.getFileName().toString()));
      files.addAll(parts);
    }
    return files;
  }

  /**
   * Calls {@code action} with every row of {@code view} with event dates in {@code [from, to]}
   * (null: unbounded), in file order, holding one record batch in memory at a time. Features the
   * view declares but a file lacks (added later) are null.
   */
  public void scan(FeatureView view, LocalDate from, LocalDate to, Consumer<FeatureRow> action) {
    for (Path file : files(view.name(), from, to)) {
      // join keys empty: the file's own are read, whatever they are
      SourceLayout layout = SourceLayout.offlineStore(view.name(), List.of(), view.features());
      try (ViewBatches batches = FileSources.openStoreFile(file, layout, allocator)) {
        FileSources.eachRow(batches, view, action);
      }
    }
  }

  /**
   * The rows of {@code view} with event dates in {@code [from, to]} sorted by join keys, event time
   * and created time (rows equal in all three stay in write order). Materializes every row: for
   * small ranges and tests; joins stream columns instead (see {@code PointInTimeJoin}).
   */
  public List<FeatureRow> readSorted(FeatureView view, LocalDate from, LocalDate to) {
    List<FeatureRow> rows = new ArrayList<>();
    scan(view, from, to, rows::add);
    rows.sort(ROW_ORDER);
    return rows;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compareKeys(EntityKey a, EntityKey b) {
    for (int i = 0; i < a.values().size(); i++) {
      int c = ((Comparable) a.values().get(i)).compareTo(b.values().get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  @Override
  public void close() {
    allocator.close();
  }
}
