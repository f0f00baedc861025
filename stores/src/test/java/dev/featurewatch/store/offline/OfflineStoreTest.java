package dev.featurewatch.store.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.offline.arrow.OfflineFormat;
import dev.featurewatch.store.offline.parquet.ParquetTestFiles;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflineStoreTest {

  @TempDir Path dir;

  @Test
  void oneAppendWritesOneFilePerEventDateAndReadsBackEveryValue() throws Exception {
    List<FeatureRow> rows = OfflineFixtures.rows(60); // 60 hours: three dates
    try (OfflineStore store = new OfflineStore(dir)) {
      List<Path> files = store.append(OfflineFixtures.ALL_TYPES, rows);

      assertThat(files)
          .extracting(f -> dir.relativize(f.getParent()).toString())
          .containsExactly(
              "driver_stats/date=2026-11-20",
              "driver_stats/date=2026-11-21",
              "driver_stats/date=2026-11-22");
      assertThat(files).allMatch(f -> f.getFileName().toString().matches("part-.*\\.parquet"));
      for (Path file : files) {
        assertThat(ParquetTestFiles.codecs(file))
            .containsExactly(CompressionCodecName.UNCOMPRESSED);
      }
      try (Stream<Path> all = Files.walk(dir)) {
        assertThat(all.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
      }
      List<FeatureRow> read = new ArrayList<>();
      store.scan(OfflineFixtures.ALL_TYPES, null, null, read::add);
      assertThat(read).containsExactlyElementsOf(inFileOrder(rows));
    }
  }

  /**
   * Each file's rows are sorted by join key, event time and created time, whatever the order given;
   * rows equal in all three keep the order given (the later written wins the join's ties).
   */
  @Test
  void aFilesRowsAreSortedByKeyThenEventThenCreatedTimeKeepingTiesInOrder() {
    FeatureRow base = OfflineFixtures.row(3);
    List<FeatureRow> rows = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      long key = i < 6 ? 1002 - i % 3 : 1002; // 1002, 1001, 1000, ..., then two ties of row 0
      rows.add(
          new FeatureRow(
              base.view(),
              EntityKey.of("driver_id", key),
              base.eventTime().minusSeconds(i < 6 ? i % 2 : 0),
              base.createdTime(),
              List.of((long) i, 1.0, "x", true, Instant.EPOCH, List.of())));
    }
    try (OfflineStore store = new OfflineStore(dir)) {
      store.append(OfflineFixtures.ALL_TYPES, rows);

      List<FeatureRow> read = new ArrayList<>();
      store.scan(OfflineFixtures.ALL_TYPES, null, null, read::add);

      // (key, event offset): 0 (1002, 0), 1 (1001, -1), 2 (1000, 0), 3 (1002, -1), 4 (1001, 0),
      // 5 (1000, -1), 6 and 7 (1002, 0) as row 0
      assertThat(read)
          .extracting(r -> r.values().get(0))
          .containsExactly(5L, 2L, 1L, 4L, 3L, 0L, 6L, 7L);
    }
  }

  /** The rows of one append as the store's files hold them: by date, then key, event, created. */
  private static List<FeatureRow> inFileOrder(List<FeatureRow> rows) {
    List<FeatureRow> sorted = new ArrayList<>(rows);
    sorted.sort(
        Comparator.comparing((FeatureRow r) -> r.eventTime().toString().substring(0, 10))
            .thenComparing(r -> (Long) r.key().values().get(0))
            .thenComparing(FeatureRow::eventTime)
            .thenComparing(FeatureRow::createdTime));
    return sorted;
  }

  /**
   * A store written before Parquet became its format holds Arrow IPC files: they are read with the
   * new Parquet ones, in file-name order, as one store.
   */
  @Test
  void arrowFilesOfEarlierVersionsAreReadBesideParquetOnes() throws Exception {
    List<FeatureRow> rows = OfflineFixtures.rows(20); // all on 2026-11-20
    Path partition = dir.resolve("driver_stats/date=2026-11-20");
    Files.createDirectories(partition);
    Schema schema =
        OfflineFormat.schema(
            OfflineFixtures.ALL_TYPES,
            List.of(dev.featurewatch.store.definition.Field.of("driver_id", ValueType.INT64)));
    // the name sorts before any file written now, as an older file's would
    try (RootAllocator allocator = new RootAllocator();
        FileChannel channel =
            FileChannel.open(
                partition.resolve("part-0000000000001-000000001-old.arrow"),
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator);
        ArrowFileWriter writer = new ArrowFileWriter(batch, null, channel)) {
      writer.start();
      batch.allocateNew();
      for (int i = 0; i < 10; i++) {
        FeatureRow row = rows.get(i);
        List<FieldVector> vectors = batch.getFieldVectors();
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
      batch.setRowCount(10);
      writer.writeBatch();
      writer.end();
    }
    try (OfflineStore store = new OfflineStore(dir)) {
      store.append(OfflineFixtures.ALL_TYPES, rows.subList(10, 20));

      List<FeatureRow> read = new ArrayList<>();
      store.scan(OfflineFixtures.ALL_TYPES, null, null, read::add);

      assertThat(store.files("driver_stats", null, null))
          .extracting(p -> p.getFileName().toString().replaceAll(".*\\.", ""))
          .containsExactly("arrow", "parquet");
      List<FeatureRow> expected = new ArrayList<>(rows.subList(0, 10)); // as written
      expected.addAll(inFileOrder(rows.subList(10, 20)));
      assertThat(read).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void scanKeepsToTheDatesAsked() {
    try (OfflineStore store = new OfflineStore(dir)) {
      store.append(OfflineFixtures.ALL_TYPES, OfflineFixtures.rows(60));

      List<FeatureRow> read = new ArrayList<>();
      store.scan(
          OfflineFixtures.ALL_TYPES,
          LocalDate.parse("2026-11-21"),
          LocalDate.parse("2026-11-21"),
          read::add);

      assertThat(read).hasSize(24).allMatch(r -> r.eventTime().toString().startsWith("2026-11-21"));
      assertThat(store.dates("driver_stats")).hasSize(3);
      assertThat(store.dates("no_such_view")).isEmpty();
    }
  }

  @Test
  void readSortedOrdersByKeyThenEventThenCreatedTime() {
    try (OfflineStore store = new OfflineStore(dir)) {
      List<FeatureRow> reversed = new ArrayList<>(OfflineFixtures.rows(30));
      java.util.Collections.reverse(reversed);
      store.append(OfflineFixtures.ALL_TYPES, reversed);
      FeatureRow early = OfflineFixtures.row(0);
      FeatureRow later =
          new FeatureRow(
              early.view(),
              early.key(),
              early.eventTime(),
              early.createdTime().plusSeconds(1),
              early.values());
      store.append(OfflineFixtures.ALL_TYPES, List.of(later));

      List<FeatureRow> sorted = store.readSorted(OfflineFixtures.ALL_TYPES, null, null);

      assertThat(sorted)
          .isSortedAccordingTo(
              Comparator.comparing((FeatureRow r) -> (Long) r.key().values().get(0))
                  .thenComparing(FeatureRow::eventTime)
                  .thenComparing(FeatureRow::createdTime));
      assertThat(sorted.subList(0, 2)).containsExactly(early, later);
    }
  }

  @Test
  void aBadRowNamesItsIndexAndNothingIsWritten() {
    try (OfflineStore store = new OfflineStore(dir)) {
      List<FeatureRow> rows = new ArrayList<>(OfflineFixtures.rows(3));
      rows.add(
          new FeatureRow(
              "driver_stats",
              EntityKey.of("driver_id", 1L),
              Instant.parse("2026-11-20T00:00:00Z"),
              null,
              List.of(1L, "not a double", "x", true, Instant.EPOCH, List.of())));

      assertThatThrownBy(() -> store.append(OfflineFixtures.ALL_TYPES, rows))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "feature view 'driver_stats', rows[3]: feature 'rating' must be double, found String"
                  + " not a double");
      assertThat(store.dates("driver_stats")).isEmpty();
    }
  }
}
