package dev.featurewatch.store.offline.join;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.offline.arrow.OfflineFormat;
import dev.featurewatch.store.offline.parquet.ParquetBatchWriter;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The sort-merge join equals a naive reference join (for each entity row, scan every feature row in
 * write order and keep the latest eligible one) on random small inputs with many ties, full ties
 * (same event and created time: the later written wins), several appends and date partitions, ttl
 * edges, int and string keys, and files sorted as the store writes them beside unsorted ones as an
 * older store holds them (so the join's sort by key alone, its fallback when sorted files overlap
 * in time, and its full sort all run).
 */
class PointInTimeJoinPropertiesTest {

  private static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");
  private static final List<String> NAMES = List.of("a", "b", "c");

  @Property(tries = 100, seed = "20261123")
  void sortMergeJoinEqualsTheNaiveJoin(@ForAll long seed) throws IOException {
    Random random = new Random(seed);
    FeatureView byId = view("by_id", random);
    FeatureView byBoth = view("by_both", random);
    List<FeatureRow> idRows = rows(byId, random, false);
    List<FeatureRow> bothRows = rows(byBoth, random, true);

    EntityRows.Builder builder =
        EntityRows.builder(
            List.of(Field.of("id", ValueType.INT64), Field.of("name", ValueType.STRING)));
    int n = random.nextInt(40);
    List<Object[]> entityKeys = new ArrayList<>();
    List<Instant> entityTimes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Object[] keys = {(long) random.nextInt(4), NAMES.get(random.nextInt(NAMES.size()))};
      Instant ts = time(random);
      entityKeys.add(keys);
      entityTimes.add(ts);
      builder.add(ts, keys);
    }
    EntityRows entities = builder.build();

    Path dir = Files.createTempDirectory("pit-property");
    try (OfflineStore store = new OfflineStore(dir)) {
      appendInParts(store, byId, idRows, random);
      appendInParts(store, byBoth, bothRows, random);
      List<PointInTimeJoin.Request> requests =
          List.of(
              new PointInTimeJoin.Request(byId, List.of("row")),
              new PointInTimeJoin.Request(byBoth, List.of("row")));
      try (JoinResult result = new PointInTimeJoin(store).join(entities, requests, true)) {
        assertThat(result.size()).isEqualTo(n);
        for (int i = 0; i < n; i++) {
          Object[] keys = entityKeys.get(i);
          EntityKey idKey = EntityKey.of("id", keys[0]);
          EntityKey bothKey = EntityKey.of(Map.of("id", keys[0], "name", keys[1]));
          assertThat(result.row(i))
              .as("entity row %d", i)
              .containsExactly(
                  keys[0],
                  keys[1],
                  entityTimes.get(i),
                  naive(byId, idRows, idKey, entityTimes.get(i)),
                  naive(byBoth, bothRows, bothKey, entityTimes.get(i)));
        }
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /** The reference: the "row" value of the latest eligible row, the later written on full ties. */
  private static Object naive(FeatureView view, List<FeatureRow> rows, EntityKey key, Instant ts) {
    FeatureRow best = null;
    for (FeatureRow row : rows) {
      boolean eligible =
          row.key().equals(key)
              && !row.eventTime().isAfter(ts)
              && view.withinTtl(Duration.between(row.eventTime(), ts));
      if (eligible && (best == null || row.supersedes(best))) {
        best = row;
      }
    }
    return best == null ? null : best.values().get(0);
  }

  private static FeatureView view(String name, Random random) {
    Duration ttl =
        List.of(Duration.ZERO, Duration.ofHours(1), Duration.ofHours(7), Duration.ofDays(1))
            .get(random.nextInt(4));
    return new FeatureView(
        name,
        List.of(),
        List.of(Field.of("row", ValueType.INT64)),
        ttl,
        true,
        true,
        "",
        "",
        "",
        Map.of());
  }

  /** Rows whose only feature is their write index, times on a coarse grid so ties are common. */
  private static List<FeatureRow> rows(FeatureView view, Random random, boolean twoKeys) {
    List<FeatureRow> rows = new ArrayList<>();
    int m = random.nextInt(30);
    for (int i = 0; i < m; i++) {
      long id = random.nextInt(4);
      EntityKey key =
          twoKeys
              ? EntityKey.of(Map.of("id", id, "name", NAMES.get(random.nextInt(NAMES.size()))))
              : EntityKey.of("id", id);
      Instant event = time(random);
      Instant created = event.plusSeconds(60L * random.nextInt(3));
      rows.add(new FeatureRow(view.name(), key, event, created, List.of((long) i)));
    }
    return rows;
  }

  /** Hours over three days, sometimes one microsecond off, to hit the ttl edges. */
  private static Instant time(Random random) {
    Instant t = T0.plus(Duration.ofHours(random.nextInt(72)));
    return switch (random.nextInt(4)) {
      case 0 -> t.plusNanos(1000);
      case 1 -> t.minusNanos(1000);
      default -> t;
    };
  }

  /**
   * Appends the rows in two parts; the first, a third of the time, as a store written before files
   * were sorted would hold it (rows in the order given, names sorting before any appended file), so
   * that the join sees unsorted files beside sorted ones.
   */
  /** One Parquet file per date holding {@code rows} in the order given, as the store's layout. */
  private static void writeUnsorted(Path root, FeatureView view, List<FeatureRow> rows)
      throws IOException {
    EntityKey first = rows.get(0).key();
    List<Field> joinKeys = new ArrayList<>();
    for (int k = 0; k < first.names().size(); k++) {
      ValueType type = first.values().get(k) instanceof Long ? ValueType.INT64 : ValueType.STRING;
      joinKeys.add(Field.of(first.names().get(k), type));
    }
    Schema schema = OfflineFormat.schema(view, joinKeys);
    Map<LocalDate, List<FeatureRow>> byDate = new TreeMap<>();
    for (FeatureRow row : rows) {
      LocalDate date = LocalDate.ofInstant(row.eventTime(), ZoneOffset.UTC);
      byDate.computeIfAbsent(date, d -> new ArrayList<>()).add(row);
    }
    try (RootAllocator allocator = new RootAllocator()) {
      for (Map.Entry<LocalDate, List<FeatureRow>> entry : byDate.entrySet()) {
        Path dir = root.resolve(view.name()).resolve("date=" + entry.getKey());
        Files.createDirectories(dir);
        Path file = dir.resolve("part-0000000000001-000000001-unsorted.parquet");
        try (VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator);
            ParquetBatchWriter writer = ParquetBatchWriter.builder(file, schema).build()) {
          batch.allocateNew();
          List<FeatureRow> dayRows = entry.getValue();
          for (int i = 0; i < dayRows.size(); i++) {
            FeatureRow row = dayRows.get(i);
            // the schema's join keys are sorted by name, as the row's key names are
            int c = 0;
            for (Object key : row.key().values()) {
              OfflineFormat.write(batch.getVector(c++), i, key);
            }
            OfflineFormat.write(batch.getVector(c++), i, row.eventTime());
            OfflineFormat.write(batch.getVector(c++), i, row.createdTime());
            for (Object value : row.values()) {
              OfflineFormat.write(batch.getVector(c++), i, value);
            }
          }
          batch.setRowCount(dayRows.size());
          writer.write(batch);
        }
      }
    }
  }

  private static void appendInParts(
      OfflineStore store, FeatureView view, List<FeatureRow> rows, Random random)
      throws IOException {
    int cut = rows.isEmpty() ? 0 : random.nextInt(rows.size() + 1);
    if (cut > 0 && random.nextInt(3) == 0) {
      writeUnsorted(store.root(), view, rows.subList(0, cut));
    } else if (cut > 0) {
      store.append(view, rows.subList(0, cut));
    }
    if (cut < rows.size()) {
      store.append(view, rows.subList(cut, rows.size()));
    }
  }
}
