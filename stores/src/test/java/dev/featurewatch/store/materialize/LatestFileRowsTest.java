package dev.featurewatch.store.materialize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.store.definition.DataSource;
import dev.featurewatch.store.definition.Entity;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.offline.arrow.OfflineFormat;
import dev.featurewatch.store.offline.file.FileSources;
import dev.featurewatch.store.offline.file.ViewBatches;
import dev.featurewatch.store.offline.parquet.ParquetBatchWriter;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each key's latest row of a Parquet file source, against the rule spelled with {@link
 * FeatureRow#supersedes} over every row read in order (the way materialize kept them before it kept
 * the winners' values in slots): a view with a feature of every type, many keys, rows spread over
 * three files.
 */
class LatestFileRowsTest {

  private static final Instant DAY = Instant.parse("2026-11-01T00:00:00Z");
  private static final List<Field> FEATURES =
      List.of(
          Field.of("trips", ValueType.INT64),
          Field.of("rating", ValueType.DOUBLE),
          Field.of("city", ValueType.STRING),
          Field.of("active", ValueType.BOOL),
          Field.of("last_trip", ValueType.TIMESTAMP),
          Field.of("embedding", ValueType.DOUBLE_LIST));
  private static final FeatureView VIEW =
      new FeatureView(
          "stats",
          List.of("driver"),
          FEATURES,
          Duration.ZERO,
          true,
          true,
          "stats_file",
          "",
          "",
          Map.of());

  @TempDir Path dir;

  /** One row of the source; a null key is allowed. */
  private record Row(Object key, Instant event, Instant created, List<Object> values) {}

  /**
   * Random rows of {@code keys} keys: events and created times on a coarse grid (so that many rows
   * tie on one or both), every feature null now and then, a key null now and then.
   */
  private static List<Row> rows(int count, int keys, ValueType keyType, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long k = random.nextInt(keys);
      Object key = random.nextInt(50) == 0 ? null : keyType == ValueType.INT64 ? k : "driver-" + k;
      Instant event = DAY.plusSeconds(3600L * random.nextInt(30));
      Instant created = event.plusSeconds(60L * random.nextInt(3));
      List<Object> values = new ArrayList<>();
      values.add(random.nextInt(10) == 0 ? null : (long) i);
      values.add(random.nextInt(10) == 0 ? null : random.nextDouble());
      values.add(random.nextInt(10) == 0 ? null : "city-" + i);
      values.add(random.nextInt(10) == 0 ? null : random.nextBoolean());
      values.add(random.nextInt(10) == 0 ? null : DAY.minusSeconds(i));
      values.add(random.nextInt(10) == 0 ? null : List.of((double) i, random.nextDouble()));
      rows.add(new Row(key, event, created, values));
    }
    return rows;
  }

  /** Writes the rows as Parquet files of {@code perFile} rows each, under {@code stats/}. */
  private void write(List<Row> rows, ValueType keyType, int perFile) throws IOException {
    Path files = dir.resolve("stats");
    Files.createDirectories(files);
    List<org.apache.arrow.vector.types.pojo.Field> fields = new ArrayList<>();
    fields.add(OfflineFormat.arrowField("driver_id", keyType, true));
    fields.add(OfflineFormat.arrowField("ts", ValueType.TIMESTAMP, false));
    fields.add(OfflineFormat.arrowField("created", ValueType.TIMESTAMP, false));
    for (Field feature : FEATURES) {
      fields.add(OfflineFormat.arrowField(feature.name(), feature.type(), true));
    }
    Schema schema = new Schema(fields);
    try (RootAllocator allocator = new RootAllocator()) {
      for (int from = 0, part = 0; from < rows.size(); from += perFile, part++) {
        List<Row> slice = rows.subList(from, Math.min(rows.size(), from + perFile));
        Path file = files.resolve(String.format("part-%02d.parquet", part));
        try (VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator);
            ParquetBatchWriter writer =
                ParquetBatchWriter.builder(file, schema).rowGroupRows(perFile / 3 + 1).build()) {
          List<FieldVector> vectors = batch.getFieldVectors();
          batch.allocateNew();
          for (int i = 0; i < slice.size(); i++) {
            Row row = slice.get(i);
            OfflineFormat.write(vectors.get(0), i, row.key());
            OfflineFormat.write(vectors.get(1), i, row.event());
            OfflineFormat.write(vectors.get(2), i, row.created());
            for (int f = 0; f < FEATURES.size(); f++) {
              OfflineFormat.write(vectors.get(3 + f), i, row.values().get(f));
            }
          }
          batch.setRowCount(slice.size());
          writer.write(batch);
        }
      }
    }
  }

  private FileSources files(ValueType keyType) {
    return files(keyType, FileSources.SPLIT_BYTES);
  }

  private FileSources files(ValueType keyType, long splitBytes) {
    DataSource source =
        new DataSource(
            "stats_file",
            new DataSource.FileSettings("stats", DataSource.FileFormat.PARQUET),
            "ts",
            "created",
            "",
            Map.of());
    return new FileSources(
        FeatureRepository.of(
            List.of(new Entity("driver", List.of(Field.of("driver_id", keyType)), "")),
            List.of(source),
            List.of(VIEW),
            List.of()),
        dir,
        splitBytes);
  }

  /** The rule, row by row: in read order, a row replaces its key's if it supersedes it. */
  private Map<EntityKey, FeatureRow> expected(FileSources files, Instant start, Instant end) {
    Map<EntityKey, FeatureRow> latest = new HashMap<>();
    try (RootAllocator allocator = new RootAllocator()) {
      for (Supplier<ViewBatches> open :
          files.read(
              VIEW, files.joinKeys(VIEW), FEATURES, Long.MIN_VALUE, Long.MAX_VALUE, allocator)) {
        try (ViewBatches batches = open.get()) {
          FileSources.eachRow(
              batches,
              VIEW,
              row -> {
                if (!row.eventTime().isBefore(start) && row.eventTime().isBefore(end)) {
                  latest.merge(row.key(), row, (kept, next) -> next.supersedes(kept) ? next : kept);
                }
              });
        }
      }
    }
    return latest;
  }

  /** Rows left out, as the listener is told them. */
  private final List<String> leftOut = new ArrayList<>();

  private final MaterializeListener listener =
      new MaterializeListener() {
        @Override
        public void progress(Progress progress) {}

        @Override
        public void rowsLeftOut(String view, long rows, String reason) {
          leftOut.add(view + ": " + rows + ", " + reason);
        }
      };

  /**
   * Three files of three row groups each, read as three parts or, split, as nine: parts are read by
   * two threads into tables of their own and merged, and ties must still go to the row read last.
   */
  @ParameterizedTest
  @CsvSource({"INT64, false", "INT64, true", "STRING, false", "STRING, true"})
  void eachKeyKeepsItsLatestRowTiesGoingToTheLaterReadRow(ValueType keyType, boolean split)
      throws IOException {
    // more keys than the first table or array holds: they grow with the keys' values
    List<Row> rows = rows(12_000, 1_500, keyType, 19);
    write(rows, keyType, 4_100);
    FileSources files = files(keyType);
    Instant start = DAY.plusSeconds(3600L * 2);
    Instant end = DAY.plusSeconds(3600L * 27);

    LatestFileRows latest =
        LatestFileRows.read(split ? files(keyType, 0) : files, VIEW, start, end, listener);

    long nullKeys = rows.stream().filter(r -> r.key() == null).count();
    long inRange =
        rows.stream()
            .filter(r -> r.key() != null)
            .filter(r -> !r.event().isBefore(start) && r.event().isBefore(end))
            .count();
    assertThat(rows(latest)).hasSizeGreaterThan(1_400).isEqualTo(expected(files, start, end));
    assertThat(latest.rowsRead()).isEqualTo(inRange);
    assertThat(leftOut).containsExactly("stats: " + nullKeys + ", a join key is null");
  }

  @ParameterizedTest
  @EnumSource(
      value = ValueType.class,
      names = {"INT64", "STRING"})
  void aTakenKeyIsLeftOutOfTheRemainingRows(ValueType keyType) throws IOException {
    write(rows(3_000, 400, keyType, 5), keyType, 1_000);
    FileSources files = files(keyType);
    Instant end = DAY.plus(Duration.ofDays(2));
    Map<EntityKey, FeatureRow> expected = expected(files, DAY, end);
    EntityKey some = expected.keySet().iterator().next();
    EntityKey unknown =
        new EntityKey(
            some.names(), List.of(keyType == ValueType.INT64 ? Long.valueOf(-1) : "none"));

    LatestFileRows latest = LatestFileRows.read(files, VIEW, DAY, end, listener);

    assertThat(latest.take(some)).isEqualTo(expected.get(some));
    assertThat(latest.take(some)).isNull();
    assertThat(latest.take(unknown)).isNull();
    expected.remove(some);
    assertThat(rows(latest)).isEqualTo(expected);
  }

  @Test
  void rowsInTimeOrderAndShuffledGiveTheSameWinners() throws IOException {
    // no two rows of a key tie on both times, so that read order does not matter
    List<Row> rows = new ArrayList<>();
    for (Row row : rows(4_000, 200, ValueType.INT64, 7)) {
      if (row.key() != null) {
        rows.add(
            new Row(
                row.key(),
                row.event().plusNanos(1_000L * rows.size()),
                row.created(),
                row.values()));
      }
    }
    rows.sort((a, b) -> a.event().compareTo(b.event()));
    write(rows, ValueType.INT64, 1_500);
    Map<EntityKey, FeatureRow> ordered =
        rows(
            LatestFileRows.read(
                files(ValueType.INT64), VIEW, DAY, DAY.plus(Duration.ofDays(2)), listener));

    Collections.shuffle(rows, new Random(3));
    deleteFiles();
    write(rows, ValueType.INT64, 1_500);
    Map<EntityKey, FeatureRow> shuffled =
        rows(
            LatestFileRows.read(
                files(ValueType.INT64), VIEW, DAY, DAY.plus(Duration.ofDays(2)), listener));

    assertThat(ordered).hasSize(200).isEqualTo(shuffled);
    assertThat(leftOut).isEmpty();
  }

  /** Every winner, made in batches of 7 as the writing threads make them. */
  private static Map<EntityKey, FeatureRow> rows(LatestFileRows latest) {
    Map<EntityKey, FeatureRow> rows = new HashMap<>();
    for (Supplier<List<FeatureRow>> batch : latest.remaining(7)) {
      List<FeatureRow> made = batch.get();
      assertThat(made).hasSizeBetween(1, 7);
      made.forEach(row -> assertThat(rows.put(row.key(), row)).isNull());
    }
    return rows;
  }

  private void deleteFiles() throws IOException {
    try (var files = Files.list(dir.resolve("stats"))) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
  }
}
