package dev.featurewatch.store.materialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.featurewatch.store.definition.DataSource;
import dev.featurewatch.store.definition.Entity;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.offline.file.FileSources;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.OnlineStoreException;
import dev.featurewatch.store.online.OnlineValue;
import dev.featurewatch.store.online.rocksdb.RocksDbOnlineStore;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MaterializerTest {

  private static final Instant NOW = Instant.parse("2026-11-10T00:00:00Z");
  private static final Instant FAR = Instant.parse("2030-01-01T00:00:00Z");

  private static final FeatureView STATS = view("stats", Duration.ZERO, true);
  private static final FeatureView PROFILE = view("profile", Duration.ZERO, true);
  private static final FeatureView ARCHIVE = view("archive", Duration.ZERO, false);

  @TempDir Path dir;

  private OfflineStore offline;
  private OnlineStore online;
  private Path stateFile;

  private static FeatureView view(String name, Duration ttl, boolean online) {
    return new FeatureView(
        name,
        List.of("driver"),
        List.of(Field.of("trips", ValueType.INT64)),
        ttl,
        online,
        true,
        "",
        "",
        "",
        Map.of());
  }

  private static FeatureRow row(
      FeatureView view, long driver, String event, String created, long trips) {
    return new FeatureRow(
        view.name(),
        EntityKey.of("driver_id", driver),
        Instant.parse(event),
        Instant.parse(created),
        List.of(trips));
  }

  private static FeatureRow row(FeatureView view, long driver, String event, long trips) {
    return row(view, driver, event, event, trips);
  }

  @BeforeEach
  void openStores() {
    offline = new OfflineStore(dir.resolve("offline"));
    online = newOnlineStore();
    stateFile = dir.resolve("materialize-state.json");
  }

  /** The store materialized into: RocksDB here, Redis in {@code MaterializerRedisIT}. */
  OnlineStore newOnlineStore() {
    return RocksDbOnlineStore.open(dir.resolve("online"));
  }

  @AfterEach
  void closeStores() {
    online.close();
    offline.close();
  }

  private Materializer materializer() {
    return new Materializer(offline, online, stateFile, Clock.fixed(NOW, ZoneOffset.UTC), 2);
  }

  /** The online trips of {@code driver}, or null when the store has no row. */
  private Object onlineTrips(FeatureView view, long driver) {
    OnlineValue value = online.read(view, List.of(EntityKey.of("driver_id", driver)), FAR).get(0);
    return value.found() ? value.value(0) : null;
  }

  /**
   * A view's CSV file source and its offline store rows together: per key the latest row by event
   * time, then created time, then read order (the store's rows read last), with a row whose key is
   * null left out and reported. Once with an int64 key and once with a string key, which take the
   * two ways LatestFileRows keeps its keys.
   */
  @ParameterizedTest
  @EnumSource(
      value = ValueType.class,
      names = {"INT64", "STRING"})
  void theFileSourceAndTheOfflineStoreGiveEachKeyItsLatestRow(ValueType keyType) throws Exception {
    Files.writeString(
        dir.resolve("stats.csv"),
        String.join(
            "\n",
            "driver_id,ts,created,trips",
            "1,2026-11-01T01:00:00Z,2026-11-01T01:00:00Z,10", // superseded by the later event
            "1,2026-11-01T02:00:00Z,2026-11-01T02:00:00Z,11", // superseded: same event, created
            // later
            "1,2026-11-01T02:00:00Z,2026-11-01T02:05:00Z,12", // latest of driver 1
            "2,2026-11-01T01:00:00Z,2026-11-01T01:00:00Z,20", // the store has a later row
            "4,2026-11-01T03:00:00Z,2026-11-01T03:00:00Z,40", // equal in event and created:
            "4,2026-11-01T03:00:00Z,2026-11-01T03:00:00Z,41", // the later read wins
            ",2026-11-01T03:00:00Z,2026-11-01T03:00:00Z,99", // no key: left out, reported
            "5,2026-11-03T00:00:00Z,2026-11-03T00:00:00Z,50", // after the end: not read
            ""));
    FeatureView view =
        new FeatureView(
            "stats",
            List.of("driver"),
            List.of(Field.of("trips", ValueType.INT64)),
            Duration.ZERO,
            true,
            true,
            "stats_file",
            "",
            "",
            Map.of());
    DataSource source =
        new DataSource(
            "stats_file",
            new DataSource.FileSettings("stats.csv", DataSource.FileFormat.CSV),
            "ts",
            "created",
            "",
            Map.of());
    FileSources files =
        new FileSources(
            FeatureRepository.of(
                List.of(new Entity("driver", List.of(Field.of("driver_id", keyType)), "")),
                List.of(source),
                List.of(view),
                List.of()),
            dir);
    LongFunction<EntityKey> key =
        d -> EntityKey.of("driver_id", keyType == ValueType.INT64 ? (Object) d : String.valueOf(d));
    Instant five = Instant.parse("2026-11-01T05:00:00Z");
    offline.append(
        view,
        List.of(Field.of("driver_id", keyType)),
        List.of(
            new FeatureRow("stats", key.apply(2), five, five, List.of(21L)),
            new FeatureRow("stats", key.apply(3), five, five, List.of(30L))));
    List<String> leftOut = new ArrayList<>();
    MaterializeListener listener =
        new MaterializeListener() {
          @Override
          public void progress(Progress progress) {}

          @Override
          public void rowsLeftOut(String v, long rows, String reason) {
            leftOut.add(v + ": " + rows + ", " + reason);
          }
        };

    List<Progress> done =
        new Materializer(offline, files, online, stateFile, Clock.fixed(NOW, ZoneOffset.UTC), 2)
            .materialize(
                List.of(view),
                Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-11-02T00:00:00Z"),
                listener);

    LongFunction<Object> trips =
        d -> {
          OnlineValue value = online.read(view, List.of(key.apply(d)), FAR).get(0);
          return value.found() ? value.value(0) : null;
        };
    assertThat(trips.apply(1)).isEqualTo(12L);
    assertThat(trips.apply(2)).isEqualTo(21L);
    assertThat(trips.apply(3)).isEqualTo(30L);
    assertThat(trips.apply(4)).isEqualTo(41L);
    assertThat(trips.apply(5)).isNull();
    assertThat(leftOut).containsExactly("stats: 1, a join key is null");
    assertThat(done.get(0).keysWritten()).isEqualTo(4);
  }

  @Test
  void theLatestRowPerEntityWinsWithTiesOnEventTimeBrokenByCreatedTime() {
    offline.append(
        STATS,
        List.of(
            row(STATS, 1, "2026-11-01T08:00:00Z", 10),
            row(STATS, 1, "2026-11-02T08:00:00Z", 11),
            row(STATS, 1, "2026-11-03T08:00:00Z", "2026-11-03T09:00:00Z", 13),
            row(STATS, 2, "2026-11-01T08:00:00Z", 20)));
    // written later, but created earlier than the 13 row of the same event time
    offline.append(
        STATS, List.of(row(STATS, 1, "2026-11-03T08:00:00Z", "2026-11-03T08:30:00Z", 12)));
    // a third driver with five rows on one day: more than one write batch of 2
    List<FeatureRow> many = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      many.add(row(STATS, 3 + i, "2026-11-02T0" + i + ":00:00Z", 30 + i));
    }
    offline.append(STATS, many);

    List<Progress> progress =
        materializer()
            .materialize(
                List.of(STATS),
                Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-11-04T00:00:00Z"),
                MaterializeListener.NONE);

    assertThat(onlineTrips(STATS, 1)).isEqualTo(13L);
    assertThat(onlineTrips(STATS, 2)).isEqualTo(20L);
    assertThat(onlineTrips(STATS, 7)).isEqualTo(34L);
    assertThat(progress)
        .containsExactly(
            new Progress(
                "stats",
                Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-11-04T00:00:00Z"),
                3,
                3,
                10,
                7)); // keys 1 (day 3), 3..7 (day 2), 2 (day 1): 1 is not written again from day 2
    // or 1
  }

  @Test
  void rowsOutsideTheIntervalAreIgnored() {
    offline.append(
        STATS,
        List.of(
            row(STATS, 1, "2026-11-01T07:59:59Z", 1), // before start
            row(STATS, 2, "2026-11-01T08:00:00Z", 2), // at start: in
            row(STATS, 2, "2026-11-01T12:00:00Z", 3), // at end: out
            row(STATS, 3, "2026-11-05T00:00:00Z", 4))); // another day, after end

    List<Progress> progress =
        materializer()
            .materialize(
                List.of(STATS),
                Instant.parse("2026-11-01T08:00:00Z"),
                Instant.parse("2026-11-01T12:00:00Z"),
                MaterializeListener.NONE);

    assertThat(onlineTrips(STATS, 1)).isNull();
    assertThat(onlineTrips(STATS, 2)).isEqualTo(2L);
    assertThat(onlineTrips(STATS, 3)).isNull();
    assertThat(progress.get(0).partitions()).as("only the needed partition").isEqualTo(1);
    assertThat(progress.get(0).rowsRead()).isEqualTo(1);
  }

  @Test
  void offlineOnlyViewsAreSkipped() {
    offline.append(ARCHIVE, List.of(row(ARCHIVE, 1, "2026-11-01T08:00:00Z", 1)));
    List<String> skipped = new ArrayList<>();

    List<Progress> progress =
        materializer()
            .materialize(
                List.of(ARCHIVE),
                Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-11-02T00:00:00Z"),
                new MaterializeListener() {
                  @Override
                  public void progress(Progress p) {}

                  @Override
                  public void skipped(String view, String reason) {
                    skipped.add(view + ": " + reason);
                  }
                });

    assertThat(progress).isEmpty();
    assertThat(skipped).containsExactly("archive: offline only (online: false)");
    assertThat(onlineTrips(ARCHIVE, 1)).isNull();
  }

  @Test
  void aRunInterruptedAfterTheFirstViewResumesWithTheRest() {
    offline.append(STATS, List.of(row(STATS, 1, "2026-11-01T08:00:00Z", 10)));
    offline.append(PROFILE, List.of(row(PROFILE, 1, "2026-11-01T08:00:00Z", 99)));
    Instant start = Instant.parse("2026-11-01T00:00:00Z");
    Instant end = Instant.parse("2026-11-02T00:00:00Z");
    List<FeatureView> views = List.of(STATS, PROFILE);

    assertThatThrownBy(
            () ->
                materializer()
                    .materialize(
                        views,
                        start,
                        end,
                        progress -> {
                          throw new IllegalStateException("crash after " + progress.view());
                        }))
        .hasMessage("crash after stats");
    assertThat(onlineTrips(PROFILE, 1)).isNull();

    List<String> seen = new ArrayList<>();
    List<Progress> resumed =
        materializer()
            .materialize(
                views,
                start,
                end,
                new MaterializeListener() {
                  @Override
                  public void progress(Progress p) {
                    seen.add(p.view());
                  }

                  @Override
                  public void skipped(String view, String reason) {
                    seen.add(view + " skipped: " + reason);
                  }
                });

    assertThat(seen)
        .containsExactly("stats skipped: completed before the run was interrupted", "profile");
    assertThat(resumed).extracting(Progress::view).containsExactly("profile");
    assertThat(onlineTrips(STATS, 1)).isEqualTo(10L);
    assertThat(onlineTrips(PROFILE, 1)).isEqualTo(99L);
    assertThat(MaterializeState.load(stateFile).run).as("the finished run is cleared").isNull();
  }

  @Test
  void aRunInterruptedMidViewSkipsThePartitionsDone() {
    offline.append(
        STATS,
        List.of(
            row(STATS, 1, "2026-11-01T08:00:00Z", 10),
            row(STATS, 2, "2026-11-02T08:00:00Z", 20),
            row(STATS, 3, "2026-11-03T08:00:00Z", 30)));
    Instant start = Instant.parse("2026-11-01T00:00:00Z");
    Instant end = Instant.parse("2026-11-04T00:00:00Z");

    assertThatThrownBy(
            () ->
                materializer()
                    .materialize(
                        List.of(STATS),
                        start,
                        end,
                        progress -> {
                          throw new IllegalStateException("crash");
                        }))
        .hasMessage("crash");

    List<Progress> progress = new ArrayList<>();
    materializer().materialize(List.of(STATS), start, end, progress::add);

    assertThat(progress)
        .extracting(Progress::partitionsDone, Progress::rowsRead)
        .containsExactly(tuple(2, 1L), tuple(3, 2L));
    assertThat(progress.get(1).fraction()).isEqualTo(1.0);
    assertThat(List.of(onlineTrips(STATS, 1), onlineTrips(STATS, 2), onlineTrips(STATS, 3)))
        .containsExactly(10L, 20L, 30L);
  }

  @Test
  void aFailedWriteFailsTheRunWithTheStoresExceptionAndTheRerunWritesEveryKey() {
    List<FeatureRow> rows = new ArrayList<>();
    for (long driver = 1; driver <= 11; driver++) {
      rows.add(row(STATS, driver, "2026-11-01T08:00:00Z", 10 * driver));
    }
    offline.append(STATS, rows);
    Instant start = Instant.parse("2026-11-01T00:00:00Z");
    Instant end = Instant.parse("2026-11-02T00:00:00Z");
    OnlineStore failingThird = new FailingWrite(online, 3);

    // 11 keys in batches of 2, written two batches at a time
    assertThatThrownBy(
            () ->
                new Materializer(
                        offline, failingThird, stateFile, Clock.fixed(NOW, ZoneOffset.UTC), 2)
                    .materialize(List.of(STATS), start, end, MaterializeListener.NONE))
        .isInstanceOf(OnlineStoreException.class)
        .hasMessage("write 3 failed");
    List<Progress> done =
        materializer().materialize(List.of(STATS), start, end, MaterializeListener.NONE);

    assertThat(done.get(0).keysWritten()).isEqualTo(11);
    for (long driver = 1; driver <= 11; driver++) {
      assertThat(onlineTrips(STATS, driver)).isEqualTo(10 * driver);
    }
  }

  /** A real store whose {@code failing}th write fails, from whichever thread makes it. */
  private static final class FailingWrite implements OnlineStore {
    private final OnlineStore store;
    private final int failing;
    private final AtomicInteger writes = new AtomicInteger();

    FailingWrite(OnlineStore store, int failing) {
      this.store = store;
      this.failing = failing;
    }

    @Override
    public void write(FeatureView view, List<FeatureRow> rows) {
      int write = writes.incrementAndGet();
      if (write == failing) {
        throw new OnlineStoreException("write " + write + " failed", null);
      }
      store.write(view, rows);
    }

    @Override
    public List<OnlineValue> read(FeatureView view, List<EntityKey> keys, Instant now) {
      return store.read(view, keys, now);
    }

    @Override
    public long deleteExpired(FeatureView view, Instant now) {
      return store.deleteExpired(view, now);
    }

    @Override
    public boolean isHealthy() {
      return store.isHealthy();
    }

    @Override
    public void close() {}
  }

  @Test
  void incrementalTwiceIsANoOpTheSecondTime() {
    offline.append(
        STATS,
        List.of(
            row(STATS, 1, "2026-11-01T08:00:00Z", 10), row(STATS, 1, "2026-11-02T08:00:00Z", 11)));
    Instant end = Instant.parse("2026-11-03T00:00:00Z");

    List<Progress> first =
        materializer().materializeIncremental(List.of(STATS), end, MaterializeListener.NONE);
    List<Progress> second =
        materializer().materializeIncremental(List.of(STATS), end, MaterializeListener.NONE);

    assertThat(first.get(0).start())
        .as("the earliest offline date")
        .isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    assertThat(first.get(0).keysWritten()).isEqualTo(1);
    assertThat(onlineTrips(STATS, 1)).isEqualTo(11L);
    assertThat(second).containsExactly(new Progress("stats", end, end, 0, 0, 0, 0));
    assertThat(materializer().materializedUntil("stats")).contains(end);
  }

  @Test
  void incrementalContinuesFromTheLastEndOrFromNowMinusTtl() {
    FeatureView hourly = view("hourly", Duration.ofDays(2), true);
    offline.append(
        hourly,
        List.of(
            row(hourly, 1, "2026-11-07T08:00:00Z", 1), // before now - ttl (2026-11-08): ignored
            row(hourly, 2, "2026-11-08T08:00:00Z", 2),
            row(hourly, 3, "2026-11-09T08:00:00Z", 3)));

    materializer()
        .materializeIncremental(
            List.of(hourly), Instant.parse("2026-11-09T00:00:00Z"), MaterializeListener.NONE);
    assertThat(List.of(onlineTrips(hourly, 2))).containsExactly(2L);
    assertThat(onlineTrips(hourly, 3)).isNull();

    List<Progress> next =
        materializer().materializeIncremental(List.of(hourly), NOW, MaterializeListener.NONE);

    assertThat(next.get(0).start()).isEqualTo(Instant.parse("2026-11-09T00:00:00Z"));
    assertThat(onlineTrips(hourly, 1)).isNull();
    assertThat(onlineTrips(hourly, 3)).isEqualTo(3L);
  }

  @Test
  void theCheckpointOfFormatVersion1Loads() throws Exception {
    Files.writeString(
        stateFile,
        """
        {
          "format_version" : 1,
          "views" : {
            "stats" : { "materialized_until" : "2026-11-02T00:00:00Z" }
          },
          "run" : {
            "mode" : "range",
            "start" : "2026-11-01T00:00:00Z",
            "end" : "2026-11-02T00:00:00Z",
            "views" : [ "stats", "profile" ],
            "progress" : {
              "stats" : {
                "start" : "2026-11-01T00:00:00Z",
                "partitions_done" : [ "2026-11-01" ],
                "complete" : true
              }
            }
          }
        }
        """);

    MaterializeState state = MaterializeState.load(stateFile);

    assertThat(state.materializedUntil("stats")).contains(Instant.parse("2026-11-02T00:00:00Z"));
    assertThat(
            state.run.isSameCall(
                MaterializeState.RANGE,
                Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-11-02T00:00:00Z"),
                List.of("stats", "profile")))
        .isTrue();
    assertThat(state.run.progress.get("stats").complete).isTrue();
    state.save(stateFile);
    assertThat(MaterializeState.load(stateFile).run.progress.get("stats").partitionsDone)
        .containsExactly(LocalDate.parse("2026-11-01"));
  }

  @Test
  void aCheckpointWithAnUnknownKeyOrVersionIsRejectedNamingIt() throws Exception {
    Files.writeString(stateFile, "{\"format_version\": 1, \"viewz\": {}}");
    assertThatThrownBy(() -> MaterializeState.load(stateFile))
        .hasMessageContaining(stateFile + ": viewz: unknown key");

    Files.writeString(stateFile, "{\"format_version\": 2}");
    assertThatThrownBy(() -> MaterializeState.load(stateFile))
        .hasMessageContaining("format_version: must be 1, found 2");
  }

  @Test
  void aCorruptCheckpointIsRejectedNamingTheFileThePathAndTheValueFound() throws Exception {
    String run =
        """
        {"format_version": 1, "run": {"mode": "range", "start": "2026-11-01T00:00:00Z",
         "end": "2026-11-02T00:00:00Z", "views": ["stats"],
         "progress": {"stats": {"start": "2026-11-01T00:00:00Z",
                                "partitions_done": ["2026-11-01", %s]}}}}
        """;
    Files.writeString(stateFile, run.formatted("\"11/02/2026\""));
    assertThatThrownBy(() -> MaterializeState.load(stateFile))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            stateFile
                + ": run.progress.stats.partitions_done[1]: must be a date like 2026-11-01,"
                + " found \"11/02/2026\"");

    Files.writeString(
        stateFile, "{\"format_version\": 1, \"views\": {\"stats\": {\"materialized_until\": 7}}}");
    assertThatThrownBy(() -> MaterializeState.load(stateFile))
        .hasMessage(
            stateFile
                + ": views.stats.materialized_until: must be an ISO-8601 instant like"
                + " 2026-11-01T00:00:00Z, found 7");

    Files.writeString(
        stateFile, "{\"format_version\": 1, \"run\": {\"mode\": \"range\", \"views\": [3]}}");
    assertThatThrownBy(() -> MaterializeState.load(stateFile))
        .hasMessage(stateFile + ": run.views[0]: must be a string, found 3");

    Files.writeString(stateFile, "[1]");
    assertThatThrownBy(() -> MaterializeState.load(stateFile))
        .hasMessage(stateFile + ": must be an object, found [1]");
  }

  @Test
  void anEndNotAfterTheStartIsRejected() {
    Instant t = Instant.parse("2026-11-01T00:00:00Z");
    assertThatThrownBy(
            () -> materializer().materialize(List.of(STATS), t, t, MaterializeListener.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("end must be after start");
  }
}
