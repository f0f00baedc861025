package dev.featurewatch.store.offline.file;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.store.definition.DataSource;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.offline.arrow.OfflineFormat;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The offline rows of file sources, as Feast reads a {@code FileSource}: a view's own file source,
 * or the {@code batch_source} of its stream or push source. Paths are relative to the repository.
 *
 * <pre>{@code
 * FileSources files = new FileSources(repo, Path.of("feature_repo"));
 * for (Supplier<ViewBatches> open : files.read(view, joinKeys, features, from, to, allocator)) {
 *   try (ViewBatches batches = open.get()) {
 *     while (batches.next()) { … batches.batch() … }
 *   }
 * }
 * }</pre>
 */
@Internal
public final class FileSources {

  /** The size above which a Parquet file is read as its row groups, by default: 64 MiB. */
  public static final long SPLIT_BYTES = 64L << 20;

  private final FeatureRepository repository;
  private final Path base;
  private final long splitBytes;

  public FileSources(FeatureRepository repository, Path base) {
    this(repository, base, SPLIT_BYTES);
  }

  /** As above, reading a Parquet file of over {@code splitBytes} bytes as its row groups. */
  public FileSources(FeatureRepository repository, Path base, long splitBytes) {
    this.repository = repository;
    this.base = base;
    this.splitBytes = splitBytes;
  }

  /**
   * The file source {@code view} reads offline, if it has one. A windowed stream view has none: its
   * batch source holds the events its windows aggregate, replayed through the pipeline, not rows of
   * its features.
   */
  public Optional<DataSource> fileSource(FeatureView view) {
    DataSource source = repository.source(view.source()).orElse(null);
    if (source == null || (view.stream() != null && view.stream().windowed())) {
      return Optional.empty();
    }
    String batch = source.name();
    if (source.settings() instanceof DataSource.KafkaSettings kafka) {
      batch = kafka.batchSource();
    } else if (source.settings() instanceof DataSource.PushSettings push) {
      batch = push.batchSource();
    }
    return batch.isEmpty() ? Optional.empty() : repository.source(batch);
  }

  /**
   * One opener per file of {@code view}'s file source (none if it has none), in path order, each
   * reading {@code features} of the rows whose event time may be in {@code [from, to]}
   * microseconds; a Parquet file of over {@code splitBytes} (64 MiB) has one opener per row group
   * instead, in order, so that readers may share a large file between threads. The paths are listed
   * now, so a missing path fails here.
   *
   * @throws FileDataException the path does not exist or matches no file
   */
  public List<Supplier<ViewBatches>> read(
      FeatureView view,
      List<Field> joinKeys,
      List<Field> features,
      long from,
      long to,
      BufferAllocator allocator) {
    Optional<DataSource> found = fileSource(view);
    if (found.isEmpty()) {
      return List.of();
    }
    DataSource source = found.get();
    DataSource.FileSettings settings = (DataSource.FileSettings) source.settings();
    SourceLayout layout =
        new SourceLayout(
            view.name(),
            source.name(),
            joinKeys,
            source.timestampField(),
            source.createdTimestampField(),
            settings.timestampFormat(),
            features,
            false);
    List<Supplier<ViewBatches>> openers = new ArrayList<>();
    for (Path file : SourceFiles.expand(base, settings.path(), source.name())) {
      int groups =
          settings.format() == DataSource.FileFormat.PARQUET && large(file)
              ? ParquetBatches.rowGroups(file)
              : 1;
      if (groups <= 1) {
        openers.add(() -> open(file, settings, layout, from, to, allocator));
        continue;
      }
      for (int g = 0; g < groups; g++) {
        int group = g;
        openers.add(() -> ParquetBatches.open(file, layout, from, to, group, group + 1, allocator));
      }
    }
    return openers;
  }

  /**
   * Why each file source whose path names no file here cannot be read: for {@code apply} to warn
   * rather than refuse, since the files may live where the reading commands run.
   */
  public List<String> unreadablePaths() {
    List<String> problems = new ArrayList<>();
    for (DataSource source : repository.sources()) {
      if (source.settings() instanceof DataSource.FileSettings file) {
        try {
          SourceFiles.expand(base, file.path(), source.name());
        } catch (FileDataException e) {
          problems.add(e.getMessage());
        }
      }
    }
    return problems;
  }

  /** The join keys of {@code view}, sorted by name: the columns its file source must have. */
  public List<Field> joinKeys(FeatureView view) {
    return repository.joinKeys(view).stream()
        .sorted(java.util.Comparator.comparing(Field::name))
        .toList();
  }

  /**
   * Opens one of the offline store's own files: Parquet or, as written before Parquet became the
   * store's format, Arrow IPC.
   */
  public static ViewBatches openStoreFile(
      Path file, SourceLayout layout, BufferAllocator allocator) {
    return file.getFileName().toString().endsWith(".parquet")
        ? ParquetBatches.open(file, layout, Long.MIN_VALUE, Long.MAX_VALUE, allocator)
        : ArrowFileBatches.open(file, layout, allocator);
  }

  /**
   * Calls {@code action} with each row of {@code batches} as a {@link FeatureRow} of {@code view}:
   * for the few readers that want rows, not columns (materialize, tests). A feature the batches
   * lack is null.
   */
  public static void eachRow(ViewBatches batches, FeatureView view, Consumer<FeatureRow> action) {
    while (batches.next()) {
      VectorSchemaRoot batch = batches.batch();
      List<Field> keys = OfflineFormat.joinKeys(batch.getSchema());
      List<String> keyNames = keys.stream().map(Field::name).toList();
      List<FieldVector> keyVectors = keyNames.stream().map(batch::getVector).toList();
      FieldVector event = batch.getVector(OfflineFormat.EVENT_TIMESTAMP);
      FieldVector created = batch.getVector(OfflineFormat.CREATED_TIMESTAMP);
      List<FieldVector> features =
          view.features().stream().map(f -> batch.getVector(f.name())).toList();
      for (int i = 0; i < batch.getRowCount(); i++) {
        List<Object> keyValues = new ArrayList<>(keyVectors.size());
        for (FieldVector v : keyVectors) {
          keyValues.add(OfflineFormat.read(v, i));
        }
        List<Object> values = new ArrayList<>(features.size());
        for (FieldVector v : features) {
          values.add(v == null ? null : OfflineFormat.read(v, i));
        }
        action.accept(
            new FeatureRow(
                view.name(),
                new EntityKey(keyNames, keyValues),
                (Instant) OfflineFormat.read(event, i),
                (Instant) OfflineFormat.read(created, i),
                values));
      }
    }
  }

  private boolean large(Path file) {
    try {
      return Files.size(file) > splitBytes;
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot be read", e);
    }
  }

  private static ViewBatches open(
      Path file,
      DataSource.FileSettings settings,
      SourceLayout layout,
      long from,
      long to,
      BufferAllocator allocator) {
    return switch (settings.format()) {
      case PARQUET -> ParquetBatches.open(file, layout, from, to, allocator);
      case CSV -> CsvBatches.open(file, layout, settings.delimiter(), allocator);
      case ARROW -> ArrowFileBatches.open(file, layout, allocator);
      case JSONL -> JsonLinesBatches.open(file, layout, allocator);
    };
  }
}
