package dev.featurewatch.store.online.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.online.FeatureStatus;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.OnlineStoreContract;
import dev.featurewatch.store.online.OnlineStoreException;
import dev.featurewatch.store.online.OnlineValue;
import dev.featurewatch.store.online.RowCodec;
import dev.featurewatch.store.online.TestViews;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.PlainTableConfig;
import org.rocksdb.RocksDB;

class RocksDbOnlineStoreTest extends OnlineStoreContract {

  @TempDir Path directory;

  @Override
  protected OnlineStore newStore() {
    return RocksDbOnlineStore.open(directory.resolve("online"));
  }

  @Test
  void aLoadPastItsMemoryBoundTakesInWhatItHoldsThenWritesTheRestAndLeavesNoFile()
      throws Exception {
    int keys = 5_000;
    // a bound of a few hundred rows: the first batches go in as a file, the rest as writes
    RocksDbLoad load = new RocksDbLoad((RocksDbOnlineStore) store, SMALL, 20_000);
    for (int from = 0; from < keys; from += 100) {
      List<FeatureRow> batch = new ArrayList<>();
      for (long id = from; id < from + 100; id++) {
        batch.add(counts(id, T0, T0, id));
      }
      load.add(batch);
    }
    load.commit();
    store.close();
    store = newStore();

    List<Object> trips =
        store.read(SMALL, drivers(keys), T0).stream().map(v -> v.value(0)).toList();
    for (int id = 0; id < keys; id++) {
      assertThat(trips.get(id)).as("key %d", id).isEqualTo((long) id);
    }
    try (Stream<Path> files = Files.list(directory.resolve("online"))) {
      assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.startsWith("load-"));
    }
  }

  /**
   * Keys that share long prefixes, differ past their first 8 distinct bytes, end inside them, and
   * come twice; or int64 keys either side of zero, whose bytes differ in their sign bit: the table
   * file refuses keys out of order, so a wrong sort fails the commit.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aLoadKeepsTheNewestRowOfEachKey(boolean int64) {
    Random random = new Random(11);
    Map<EntityKey, Long> newest = new HashMap<>();
    List<FeatureRow> rows = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      String id = "driver-" + "0".repeat(random.nextInt(12)) + random.nextInt(400);
      EntityKey key =
          int64
              ? driver(random.nextInt(800) - 400)
              : random.nextBoolean()
                  ? EntityKey.of("driver_id", id)
                  : EntityKey.of(Map.of("driver_id", (long) random.nextInt(50), "city", id));
      long version = random.nextInt(1_000);
      rows.add(counts(key, T0.plusSeconds(version), version));
      newest.merge(key, version, Math::max);
    }
    OnlineStore.Load load = store.load(SMALL);
    for (int from = 0; from < rows.size(); from += 700) {
      load.add(rows.subList(from, Math.min(rows.size(), from + 700)));
    }
    load.commit();

    List<EntityKey> keys = new ArrayList<>(newest.keySet());
    assertThat(store.read(SMALL, keys, T0))
        .extracting(v -> v.value(0))
        .containsExactlyElementsOf(keys.stream().map(newest::get).toList());
  }

  @Test
  void aLoadWrittenAsSeveralTableFilesIsTakenInWhole() throws Exception {
    List<byte[][]> pairs = new ArrayList<>();
    for (long id = -500; id < 500; id++) {
      pairs.add(
          new byte[][] {
            RowCodec.encodeEntityKey(driver(id)), RowCodec.encode(SMALL, counts(id, T0, T0, id))
          });
    }
    pairs.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
    RocksDbOnlineStore rocksDb = (RocksDbOnlineStore) store;

    assertThat(rocksDb.ingestIfEmpty(SMALL, pairs, 3)).isTrue();

    List<EntityKey> keys = new ArrayList<>();
    for (long id = -500; id < 500; id++) {
      keys.add(driver(id));
    }
    assertThat(store.read(SMALL, keys, T0))
        .extracting(v -> v.value(0))
        .containsExactlyElementsOf(keys.stream().map(k -> k.values().get(0)).toList());
    try (Stream<Path> files = Files.list(directory.resolve("online"))) {
      List<String> names = files.map(f -> f.getFileName().toString()).toList();
      assertThat(names).noneMatch(f -> f.startsWith("load-"));
      assertThat(names.stream().filter(f -> f.endsWith(".sst"))).as("table files").hasSize(3);
    }
    // the view holds rows now: a second load is refused, for the caller to write
    assertThat(rocksDb.ingestIfEmpty(SMALL, pairs.subList(0, 1), 1)).isFalse();
  }

  @Test
  void filesWrittenBeforeTheirIndexWasStoredInThemAreRead() throws Exception {
    store.close();
    // PlainTable files as earlier builds wrote them: the hash index built when a file is opened
    Path online = directory.resolve("online");
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions options =
            new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        ColumnFamilyOptions families =
            new ColumnFamilyOptions()
                .setTableFormatConfig(
                    new PlainTableConfig()
                        .setKeySize(PlainTableConfig.VARIABLE_LENGTH)
                        .setBloomBitsPerKey(10)
                        .setHashTableRatio(0.75))
                .useCappedPrefixExtractor(RocksDbOnlineStore.HASHED_KEY_BYTES);
        RocksDB db =
            RocksDB.open(
                options,
                online.toString(),
                List.of(
                    new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, families),
                    new ColumnFamilyDescriptor(
                        ("view:" + SMALL.name()).getBytes(StandardCharsets.UTF_8), families)),
                handles);
        FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      for (long id = 0; id < 100; id++) {
        db.put(
            handles.get(1),
            RowCodec.encodeEntityKey(driver(id)),
            RowCodec.encode(SMALL, counts(id, T0, T0, id)));
      }
      db.flush(flush, handles.get(1));
      handles.forEach(ColumnFamilyHandle::close);
    }
    store = newStore();

    assertThat(store.read(SMALL, drivers(100), T0))
        .extracting(v -> v.value(0))
        .containsExactlyElementsOf(LongStream.range(0, 100).boxed().toList());
  }

  private static FeatureRow counts(EntityKey key, Instant event, long trips) {
    return new FeatureRow("driver_counts", key, event, event, List.of(trips));
  }

  @Test
  void rowsAndViewsSurviveAReopen() {
    store.write(VIEW, List.of(full(1, T0)));
    store.write(SMALL, List.of(counts(1, T0, T0, 3)));
    store.close();

    store = newStore();

    assertThat(store.read(VIEW, List.of(driver(1)), T0).get(0).values())
        .isEqualTo(full(1, T0).values());
    assertThat(store.read(SMALL, List.of(driver(1)), T0).get(0).value(0)).isEqualTo(3L);
  }

  @Test
  void valuesLongerThanTheReadSlotComeBackWholeAmongShortOnes() {
    FeatureView notes =
        TestViews.view("driver_notes", Duration.ZERO, List.of(Field.of("note", ValueType.STRING)));
    int count = 2001;
    List<FeatureRow> rows = new ArrayList<>();
    List<EntityKey> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      // every 100th row is longer than the bytes read directly per key
      String note = i % 100 == 0 ? "x".repeat(RocksDbOnlineStore.VALUE_SLOT + i) : "n" + i;
      rows.add(new FeatureRow(notes.name(), driver(i), T0, T0, List.of(note)));
      keys.add(driver(i));
    }
    keys.add(driver(count)); // never written
    store.write(notes, rows);

    List<OnlineValue> values = store.read(notes, keys, T0);

    for (int i = 0; i < count; i++) {
      assertThat(values.get(i).values()).isEqualTo(rows.get(i).values());
    }
    assertThat(values.get(count).statuses()).containsExactly(FeatureStatus.NOT_FOUND);
  }

  @Test
  void secondOpenOfTheSameDirectoryIsRefused() {
    assertThatThrownBy(() -> RocksDbOnlineStore.open(directory.resolve("online")))
        .isInstanceOf(OnlineStoreException.class)
        .hasMessageContaining("cannot open RocksDB online store in");
  }

  @Test
  void aForeignValueUnderAKeyIsNotOverwrittenAndFailsAsAStoreError() throws Exception {
    store.write(SMALL, List.of(counts(1, T0, T0, 3)));
    store.close();
    // put bytes of no known format where the row is, through RocksDB itself
    try (Options listing = new Options();
        DBOptions options = new DBOptions();
        ColumnFamilyOptions families = RocksDbOnlineStore.columnFamilyOptions()) {
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      for (byte[] name :
          RocksDB.listColumnFamilies(listing, directory.resolve("online").toString())) {
        descriptors.add(new ColumnFamilyDescriptor(name, families));
      }
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      try (RocksDB db =
          RocksDB.open(options, directory.resolve("online").toString(), descriptors, handles)) {
        for (int i = 0; i < descriptors.size(); i++) {
          if (new String(descriptors.get(i).getName(), StandardCharsets.UTF_8)
              .equals("view:" + SMALL.name())) {
            db.put(handles.get(i), RowCodec.encodeEntityKey(driver(1)), new byte[] {9, 9, 9});
          }
        }
        handles.forEach(ColumnFamilyHandle::close);
      }
    }
    store = newStore();

    assertThatThrownBy(() -> store.write(SMALL, List.of(counts(1, T0, T0, 4))))
        .isInstanceOf(OnlineStoreException.class)
        .hasMessageContaining("view 'driver_counts' is not an online value of this format");
    assertThat(store.read(SMALL, List.of(driver(1)), T0).get(0).statuses())
        .containsExactly(FeatureStatus.INVALID);
  }

  @Test
  void aStoreInAnotherTableFormatIsRefusedWithWhatToDo() throws Exception {
    Path old = directory.resolve("old");
    // RocksDB's default block-based table, as earlier builds wrote
    try (Options options = new Options().setCreateIfMissing(true);
        RocksDB db = RocksDB.open(options, old.toString());
        FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      db.put(RowCodec.encodeEntityKey(driver(1)), new byte[] {1});
      db.flush(flush);
    }

    assertThatThrownBy(() -> RocksDbOnlineStore.open(old))
        .isInstanceOf(OnlineStoreException.class)
        .hasMessageContaining("cannot open RocksDB online store in " + old)
        .hasMessageContaining("delete the directory and materialize again");
  }

  @Test
  void aSweepAndReadsSeeRowsAcrossSeveralFilesAndTheMemtable() throws Exception {
    // PlainTable hashes whole keys: a sweep scans from the first key of every file and of the
    // memtable, and must still meet every row once
    int perBatch = 3_000;
    int batches = 4;
    for (int b = 0; b < batches; b++) {
      List<FeatureRow> rows = new ArrayList<>();
      for (int i = 0; i < perBatch; i++) {
        long id = (long) i * batches + b; // batches interleave in key order
        rows.add(full(id, id % 3 == 0 ? T0 : T0.plus(TTL)));
      }
      store.write(VIEW, rows);
      if (b < batches - 1) {
        store.close(); // flushes the memtable into a file
        store = newStore();
      }
    }
    try (var files = Files.list(directory.resolve("online"))) {
      assertThat(files.filter(f -> f.toString().endsWith(".sst")).count())
          .as("table files")
          .isGreaterThanOrEqualTo(batches - 1);
    }
    int total = perBatch * batches;
    List<EntityKey> keys = new ArrayList<>();
    for (long id = 0; id < total; id++) {
      keys.add(driver(id));
    }
    Instant later = T0.plus(TTL).plusSeconds(1);

    assertThat(store.read(VIEW, keys, T0).stream().filter(OnlineValue::found).count())
        .isEqualTo(total);
    assertThat(store.deleteExpired(VIEW, later)).isEqualTo((total + 2) / 3);
    List<OnlineValue> after = store.read(VIEW, keys, T0);
    for (int id = 0; id < total; id++) {
      assertThat(after.get(id).found()).as("driver %d", id).isEqualTo(id % 3 != 0);
    }
  }
}
