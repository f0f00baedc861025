package dev.featurewatch.store.offline.join;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurewatch.store.definition.DataSource;
import dev.featurewatch.store.definition.Entity;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.offline.arrow.OfflineFormat;
import dev.featurewatch.store.offline.file.FileSources;
import dev.featurewatch.store.offline.parquet.ParquetTestFiles;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The join equals pandas' {@code merge_asof} on {@code golden/offline/pit_join.json} (written by
 * {@code src/test/python/generate_pit_golden.py}): ties, gaps, ttl edges, a ttl-zero view, string
 * and two-column keys, duplicated and unsorted entity rows, matches across date partitions.
 */
class PointInTimeJoinGoldenTest {

  @TempDir Path dir;

  private JsonNode golden;
  private Map<String, FeatureView> views;
  private EntityRows entities;
  private List<PointInTimeJoin.Request> requests;

  @BeforeEach
  void load() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/golden/offline/pit_join.json")) {
      golden = new ObjectMapper().readTree(in);
    }
    views = new LinkedHashMap<>();
    for (JsonNode v : golden.get("views")) {
      List<Field> features = fields(v.get("features"));
      FeatureView view =
          new FeatureView(
              v.get("name").asText(),
              List.of(),
              features,
              Duration.ofSeconds(v.get("ttl_seconds").asLong()),
              true,
              true,
              "",
              "",
              "",
              Map.of());
      views.put(view.name(), view);
    }
    List<Field> keys = fields(golden.get("entity_join_keys"));
    EntityRows.Builder builder = EntityRows.builder(keys);
    for (JsonNode e : golden.get("entities")) {
      Object[] values = new Object[keys.size()];
      for (int k = 0; k < keys.size(); k++) {
        values[k] = value(e.get(keys.get(k).name()), keys.get(k).type());
      }
      builder.addMicros(e.get("event_timestamp").asLong(), values);
    }
    entities = builder.build();
    requests = new ArrayList<>();
    for (JsonNode r : golden.get("requests")) {
      List<String> features = new ArrayList<>();
      r.get("features").forEach(f -> features.add(f.asText()));
      requests.add(new PointInTimeJoin.Request(views.get(r.get("view").asText()), features));
    }
  }

  private static List<Field> fields(JsonNode array) {
    List<Field> fields = new ArrayList<>();
    for (JsonNode f : array) {
      fields.add(Field.of(f.get("name").asText(), ValueType.fromId(f.get("type").asText())));
    }
    return fields;
  }

  private static Object value(JsonNode node, ValueType type) {
    if (node == null || node.isNull()) {
      return null;
    }
    return switch (type) {
      case INT64 -> node.asLong();
      case DOUBLE -> node.asDouble();
      case STRING -> node.asText();
      case BOOL -> node.asBoolean();
      case TIMESTAMP -> OfflineFormat.instant(node.asLong());
      case DOUBLE_LIST -> {
        List<Double> list = new ArrayList<>();
        node.forEach(x -> list.add(x.asDouble()));
        yield List.copyOf(list);
      }
    };
  }

  /** Writes each view's rows in two appends, so ties are also spread over files. */
  private void writeViews(OfflineStore store) {
    for (JsonNode v : golden.get("views")) {
      FeatureView view = views.get(v.get("name").asText());
      List<Field> joinKeys = fields(v.get("join_keys"));
      List<FeatureRow> rows = new ArrayList<>();
      for (JsonNode r : v.get("rows")) {
        Map<String, Object> key = new LinkedHashMap<>();
        for (Field k : joinKeys) {
          key.put(k.name(), value(r.get("keys").get(k.name()), k.type()));
        }
        List<Object> values = new ArrayList<>();
        for (int f = 0; f < view.features().size(); f++) {
          values.add(value(r.get("values").get(f), view.features().get(f).type()));
        }
        rows.add(
            new FeatureRow(
                view.name(),
                EntityKey.of(key),
                OfflineFormat.instant(r.get("event_timestamp").asLong()),
                OfflineFormat.instant(r.get("created_timestamp").asLong()),
                values));
      }
      int half = rows.size() / 2;
      store.append(view, joinKeys, rows.subList(0, half));
      store.append(view, joinKeys, rows.subList(half, rows.size()));
    }
  }

  private List<List<Object>> expectedRows(List<ValueType> types) {
    List<List<Object>> rows = new ArrayList<>();
    for (JsonNode r : golden.get("expected").get("rows")) {
      List<Object> row = new ArrayList<>();
      for (int c = 0; c < types.size(); c++) {
        row.add(value(r.get(c), types.get(c)));
      }
      rows.add(row);
    }
    return rows;
  }

  @Test
  void joinEqualsPandasMergeAsofRowForRowInInputOrder() {
    try (OfflineStore store = new OfflineStore(dir.resolve("offline"))) {
      writeViews(store);
      try (JoinResult result = new PointInTimeJoin(store).join(entities, requests)) {
        List<String> columns = new ArrayList<>();
        golden.get("expected").get("columns").forEach(c -> columns.add(c.asText()));
        assertThat(result.columnNames()).isEqualTo(columns);
        List<List<Object>> expected = expectedRows(result.columnTypes());
        assertThat(result.size()).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
          assertThat(result.row(i)).as("row %d", i).isEqualTo(expected.get(i));
        }
      }
    }
  }

  /**
   * The same rows as file sources written by pyarrow and pandas ({@code golden/offline/sources}):
   * Parquet in row groups of 64, Arrow IPC with a list column, and a semicolon-separated CSV with
   * pandas' text timestamps; the offline store is empty.
   */
  @Test
  void joinOverFileSourcesEqualsPandasMergeAsof() {
    Path sources = Path.of("src/test/resources/golden/offline/sources");
    List<Entity> entityList =
        List.of(
            new Entity("driver", List.of(Field.of("driver_id", ValueType.INT64)), ""),
            new Entity("customer", List.of(Field.of("customer_id", ValueType.STRING)), ""));
    List<DataSource> fileSources =
        List.of(
            fileSource(
                "driver_hourly", "driver_hourly.parquet", DataSource.FileFormat.PARQUET, ','),
            fileSource(
                "customer_profile", "customer_profile.arrow", DataSource.FileFormat.ARROW, ','),
            fileSource("driver_customer", "driver_customer.csv", DataSource.FileFormat.CSV, ';'));
    Map<String, List<String>> viewEntities =
        Map.of(
            "driver_hourly", List.of("driver"),
            "customer_profile", List.of("customer"),
            "driver_customer", List.of("customer", "driver"));
    List<FeatureView> fileViews = new ArrayList<>();
    List<PointInTimeJoin.Request> fileRequests = new ArrayList<>();
    for (PointInTimeJoin.Request request : requests) {
      FeatureView v = request.view();
      FeatureView view =
          new FeatureView(
              v.name(),
              viewEntities.get(v.name()),
              v.features(),
              v.ttl(),
              true,
              true,
              v.name() + "_file",
              "",
              "",
              Map.of());
      fileViews.add(view);
      fileRequests.add(new PointInTimeJoin.Request(view, request.features()));
    }
    FeatureRepository repository =
        FeatureRepository.of(entityList, fileSources, fileViews, List.of());
    try (OfflineStore store = new OfflineStore(dir.resolve("offline"));
        JoinResult result =
            new PointInTimeJoin(store, new FileSources(repository, sources))
                .join(entities, fileRequests)) {
      List<List<Object>> expected = expectedRows(result.columnTypes());
      assertThat(result.size()).isEqualTo(expected.size());
      for (int i = 0; i < expected.size(); i++) {
        assertThat(result.row(i)).as("row %d", i).isEqualTo(expected.get(i));
      }
      assertThat(result.skippedRows()).containsOnly(0L);
    }
  }

  private static DataSource fileSource(
      String view, String path, DataSource.FileFormat format, char delimiter) {
    return new DataSource(
        view + "_file",
        new DataSource.FileSettings(path, format, DataSource.TimestampFormat.ISO8601, delimiter),
        "feature_ts",
        "created_ts",
        "",
        Map.of());
  }

  @Test
  void theArrowOutputHoldsTheSameRows() throws Exception {
    Path out = dir.resolve("training.arrow");
    try (OfflineStore store = new OfflineStore(dir.resolve("offline"))) {
      writeViews(store);
      try (JoinResult result = new PointInTimeJoin(store).join(entities, requests, true)) {
        result.writeArrow(out);
        List<List<Object>> expected = expectedRows(result.columnTypes());
        try (RootAllocator allocator = new RootAllocator();
            FileChannel channel = FileChannel.open(out, StandardOpenOption.READ);
            ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
          VectorSchemaRoot batch = reader.getVectorSchemaRoot();
          assertThat(batch.getSchema().getFields().get(3).getName())
              .isEqualTo("driver_hourly__trips");
          int row = 0;
          while (reader.loadNextBatch()) {
            for (int i = 0; i < batch.getRowCount(); i++, row++) {
              List<Object> values = new ArrayList<>();
              for (int c = 0; c < batch.getFieldVectors().size(); c++) {
                values.add(OfflineFormat.read(batch.getVector(c), i));
              }
              assertThat(values).as("row %d", row).isEqualTo(expected.get(row));
            }
          }
          assertThat(row).isEqualTo(expected.size());
        }
      }
    }
  }

  @Test
  void theParquetOutputHoldsTheSameRowsAndReplacesTheFileAtomically() throws Exception {
    Path out = Files.writeString(dir.resolve("training.parquet"), "an older training set");
    try (OfflineStore store = new OfflineStore(dir.resolve("offline"))) {
      writeViews(store);
      try (JoinResult result = new PointInTimeJoin(store).join(entities, requests, true)) {
        result.writeParquet(out);
        assertThat(ParquetTestFiles.readAll(out)).isEqualTo(expectedRows(result.columnTypes()));
      }
    }
    try (ParquetFileReader reader = ParquetTestFiles.open(out)) {
      assertThat(reader.getFooter().getFileMetaData().getSchema().getFields().get(3).getName())
          .isEqualTo("driver_hourly__trips");
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder("offline", "training.parquet");
    }
  }

  @Test
  void theCsvOutputHasAHeaderAndOneLinePerEntityRow() throws Exception {
    Path out = dir.resolve("training.csv");
    try (OfflineStore store = new OfflineStore(dir.resolve("offline"))) {
      writeViews(store);
      try (JoinResult result = new PointInTimeJoin(store).join(entities, requests)) {
        result.writeCsv(out);
      }
    }
    List<String> lines = Files.readAllLines(out);
    assertThat(lines.get(0))
        .isEqualTo(
            "driver_id,customer_id,event_timestamp,trips,conv_rate,city,tier,spend,active,embedding,rides_together");
    assertThat(lines).hasSize(golden.get("entities").size() + 1);
  }
}
