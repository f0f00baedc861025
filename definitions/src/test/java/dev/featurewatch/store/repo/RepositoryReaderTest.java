package dev.featurewatch.store.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.store.definition.Aggregation;
import dev.featurewatch.store.definition.DataSource;
import dev.featurewatch.store.definition.Entity;
import dev.featurewatch.store.definition.FeatureReference;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureService;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.StreamSpec;
import dev.featurewatch.store.definition.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryReaderTest {

  private static final String ENTITIES =
      """
      entities:
        - name: driver
          join_keys:
            - name: driver_id
              type: int64
      """;

  @TempDir Path dir;

  @Test
  void theExampleRepositoryLoads() {
    FeatureRepository repo = RepositoryReader.read(Path.of("../examples/feature_repo"));

    assertThat(repo.entities())
        .containsExactly(
            new Entity(
                "driver",
                List.of(Field.of("driver_id", ValueType.INT64)),
                "A driver of the ride-hailing fleet."),
            new Entity(
                "customer",
                List.of(Field.of("customer_id", ValueType.STRING)),
                "A rider with an account."));
    FeatureView stats = repo.featureView("driver_hourly_stats").orElseThrow();
    assertThat(stats.ttl()).isEqualTo(Duration.ofDays(1));
    assertThat(stats.features())
        .extracting(Field::name, Field::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("conv_rate", ValueType.DOUBLE),
            org.assertj.core.groups.Tuple.tuple("acc_rate", ValueType.DOUBLE),
            org.assertj.core.groups.Tuple.tuple("avg_daily_trips", ValueType.INT64));
    assertThat(stats.tags()).containsEntry("team", "marketplace");
    assertThat(repo.featureView("driver_profile").orElseThrow().ttl()).isEqualTo(Duration.ZERO);
    assertThat(repo.featureView("driver_profile").orElseThrow().feature("signup_time"))
        .map(Field::type)
        .contains(ValueType.TIMESTAMP);
    FeatureView customers = repo.featureView("customer_profile").orElseThrow();
    assertThat(customers.ttl()).isEqualTo(Duration.ofDays(30));
    assertThat(customers.feature("embedding").orElseThrow().type())
        .isEqualTo(ValueType.DOUBLE_LIST);
    assertThat(repo.joinKeys(customers)).containsExactly(Field.of("customer_id", ValueType.STRING));
    assertThat(repo.featureService("driver_ranking").orElseThrow().features())
        .contains(new FeatureReference("driver_hourly_stats", "conv_rate"));
    assertThat(repo.source("customer_profile_push").orElseThrow().settings())
        .isEqualTo(new DataSource.PushSettings("customer_profile_file"));
    assertThat(repo.source("driver_profile_file").orElseThrow().settings())
        .isEqualTo(
            new DataSource.FileSettings("data/driver_profile.csv", DataSource.FileFormat.CSV));
    StreamSpec trips = repo.featureView("driver_trip_stats").orElseThrow().stream();
    assertThat(trips.window()).isEqualTo(Duration.ofHours(1));
    assertThat(trips.slide()).isEqualTo(Duration.ofMinutes(5));
    assertThat(trips.aggregations()).hasSize(6);
    assertThat(repo.source("driver_trips").orElseThrow().settings())
        .isEqualTo(new DataSource.KafkaSettings("driver-trips", "", "driver_trips_file"));
  }

  @Test
  void definitionsMayReferToOtherFilesAndKeepFileThenDeclarationOrder() throws IOException {
    write(
        "b/views.yml",
        """
        feature_views:
          - name: driver_stats
            entities: [driver]
            ttl: 90s
            schema:
              - {name: conv_rate, type: double}
        feature_services:
          - name: ranking
            features: [driver_stats]
        """);
    write(
        "a.yaml",
        ENTITIES
            + """
          - name: rider
            join_keys: [{name: rider_id, type: string}]
        """);

    FeatureRepository repo = RepositoryReader.read(dir);

    assertThat(repo.entities()).extracting(Entity::name).containsExactly("driver", "rider");
    FeatureView view = repo.featureView("driver_stats").orElseThrow();
    assertThat(view.ttl()).isEqualTo(Duration.ofSeconds(90));
    assertThat(view.online()).isTrue();
    assertThat(view.offline()).isTrue();
    assertThat(view.source()).isEmpty();
    assertThat(repo.featureService("ranking").orElseThrow())
        .isEqualTo(
            new FeatureService(
                "ranking", List.of(FeatureReference.parse("driver_stats")), "", Map.of()));
  }

  @Test
  void everyProblemIsReportedWithFileLinePathRuleAndValue() {
    assertThatThrownBy(() -> RepositoryReader.read(resource("broken")))
        .isInstanceOfSatisfying(
            RepositoryException.class,
            e ->
                assertThat(e.problems())
                    .extracting(Problem::toString)
                    .containsExactly(
                        "entities.yaml:6: entities[1].name: must match [a-z][a-z0-9_]*, found"
                            + " 'Rider'",
                        "entities.yaml:9: entities[1].join_keys[0].type: a join key must be int64"
                            + " or string, found 'double'",
                        "more/dup.yml:2: entities[0].name: duplicate entity name 'driver', first"
                            + " declared at entities.yaml:2: entities[0]",
                        "views.yaml:2: sources[0].format: required when the path does not end in"
                            + " .parquet, .csv, .arrow, .jsonl or .ndjson, found path 'data/stats.orc'",
                        "views.yaml:8: feature_views[0].entities[1]: unknown entity 'vehicle':"
                            + " expected one of driver",
                        "views.yaml:10: feature_views[0].ttl: must be a duration like 90s, 30m,"
                            + " 24h or 7d, or 0 for no limit, found '-5m'",
                        "views.yaml:15: feature_views[0].schema[1].type: unknown value type"
                            + " 'float': expected one of int64, double, string, bool, timestamp,"
                            + " list<double>",
                        "views.yaml:16: feature_views[0].schema[2].name: a feature must not"
                            + " repeat a join key, found 'driver_id', a join key of entity"
                            + " 'driver'",
                        "views.yaml:21: feature_views[1].online: must be true or false, found"
                            + " 'sometimes'",
                        "views.yaml:25: feature_views[1].schema[0].unit: unknown key: expected"
                            + " one of name, type, description, tags",
                        "views.yaml:32: feature_services[0].features[3]: unknown feature view"
                            + " 'trips_view': expected one of driver_stats, driver"));
  }

  @Test
  void theExceptionMessageListsEveryProblem() throws IOException {
    write("a.yaml", "entitys: []\nfeature_views: {}\n");

    assertThatThrownBy(() -> RepositoryReader.read(dir))
        .hasMessage(
            "2 problems in feature repository "
                + dir
                + ":\n  a.yaml:1: entitys: unknown key: expected one of entities, sources,"
                + " feature_views, feature_services, model_monitors"
                + "\n  a.yaml:2: feature_views: must be a list, found a mapping");
  }

  @Test
  void requiredKeysAreNamedWhenMissing() throws IOException {
    write(
        "a.yaml",
        """
        entities:
          - description: no name, no keys
        feature_views:
          - name: v
        """);

    assertThat(problems())
        .containsExactly(
            "a.yaml:2: entities[0].name: required, missing",
            "a.yaml:2: entities[0].join_keys: required, missing",
            "a.yaml:4: feature_views[0].entities: required, missing",
            "a.yaml:4: feature_views[0].schema: required, missing",
            "a.yaml:4: feature_views[0].ttl: required: must be a duration like 90s, 30m, 24h or"
                + " 7d, or 0 for no limit");
  }

  @Test
  void wrongTypesNameTheValueFound() throws IOException {
    write(
        "a.yaml",
        ENTITIES
            + """
        feature_views:
          - name: 12
            entities: driver
            ttl: 1d
            description: [a]
            tags: {team: [x]}
            schema:
              - conv_rate
        """);

    assertThat(problems())
        .containsExactly(
            "a.yaml:7: feature_views[0].name: must be a string, found 12",
            "a.yaml:8: feature_views[0].entities: must be a list, found 'driver'",
            "a.yaml:10: feature_views[0].description: must be a string, found a list",
            "a.yaml:11: feature_views[0].tags.team: must be text, found a list",
            "a.yaml:13: feature_views[0].schema[0]: must be a mapping with name and type, found"
                + " 'conv_rate'");
  }

  @ParameterizedTest
  @CsvSource({"24h, PT24H", "30m, PT30M", "7d, PT168H", "90s, PT1M30S", "0, PT0S", "'\"0\"', PT0S"})
  void ttlIsAWholeNumberOfOneUnitOrZero(String yaml, Duration expected) throws IOException {
    write("a.yaml", ENTITIES + view("ttl: " + yaml));

    assertThat(RepositoryReader.read(dir).featureView("v").orElseThrow().ttl()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-5m", "1.5h", "1w", "24 h", "1h30m", "''", "-1", "24"})
  void malformedOrNegativeTtlIsRejectedNamingTheValue(String yaml) throws IOException {
    write("a.yaml", ENTITIES + view("ttl: " + yaml));

    assertThat(problems())
        .singleElement()
        .asString()
        .startsWith("a.yaml:10: feature_views[0].ttl: must be a duration like 90s")
        .contains("found ");
  }

  @Test
  void duplicateFeaturesAndSharedJoinKeysAreRejected() throws IOException {
    write(
        "a.yaml",
        ENTITIES
            + """
          - name: car
            join_keys: [{name: driver_id, type: string}]
        feature_views:
          - name: v
            entities: [driver, car, driver]
            ttl: 0
            schema:
              - {name: x, type: double}
              - {name: x, type: int64}
        """);

    assertThat(problems())
        .containsExactly(
            "a.yaml:10: feature_views[0].entities[1]: entities must not share a join key, found"
                + " 'driver_id' in both 'driver' and 'car'",
            "a.yaml:10: feature_views[0].entities[2]: duplicate entity 'driver'",
            "a.yaml:14: feature_views[0].schema[1].name: duplicate name 'x', first at"
                + " feature_views[0].schema[0]");
  }

  @Test
  void featureServicesMustReferToExistingFeaturesOnce() throws IOException {
    write(
        "a.yaml",
        ENTITIES
            + view("ttl: 1h")
            + """
        feature_services:
          - name: s
            features: [v:y, v:x, v, v:x, 'v:', w]
        """);

    assertThat(problems())
        .containsExactly(
            "a.yaml:13: feature_services[0].features[0]: unknown feature 'y' of view 'v':"
                + " expected one of x",
            "a.yaml:13: feature_services[0].features[2]: a view's features are listed once, found"
                + " 'v' after 'v:x'",
            "a.yaml:13: feature_services[0].features[3]: duplicate feature 'v:x'",
            "a.yaml:13: feature_services[0].features[4]: a feature reference must be 'view' or"
                + " 'view:feature', found 'v:'",
            "a.yaml:13: feature_services[0].features[5]: unknown feature view 'w': expected one"
                + " of v");
  }

  @Test
  void aSourceOfUnknownKindListsEveryKeyOnceForAnUnknownKey() throws IOException {
    write("a.yaml", "sources:\n  - {name: r, kind: kinesis, stream: x}\n");

    assertThat(problems())
        .containsExactly(
            "a.yaml:2: sources[0].kind: must be one of kafka, file, push, found 'kinesis'",
            "a.yaml:2: sources[0].stream: unknown key: expected one of name, kind, timestamp_field,"
                + " created_timestamp_field, description, tags, topic, bootstrap_servers,"
                + " batch_source, path, format, timestamp_format, delimiter");
  }

  @Test
  void fileSourcesSayHowTheirTimestampsAndFieldsAreWritten() throws IOException {
    write(
        "a.yaml",
        """
        sources:
          - {name: lake, kind: file, timestamp_field: ts, path: lake/stats/, format: parquet,
             timestamp_format: epoch_millis}
          - {name: tsv, kind: file, timestamp_field: ts, path: stats.csv, delimiter: "\\t"}
          - {name: plain, kind: file, timestamp_field: ts, path: stats.parquet}
        """);

    FeatureRepository repo = RepositoryReader.read(dir);

    assertThat(repo.source("lake").orElseThrow().settings())
        .isEqualTo(
            new DataSource.FileSettings(
                "lake/stats/",
                DataSource.FileFormat.PARQUET,
                DataSource.TimestampFormat.EPOCH_MILLIS,
                ','));
    assertThat(repo.source("tsv").orElseThrow().settings())
        .isEqualTo(
            new DataSource.FileSettings(
                "stats.csv", DataSource.FileFormat.CSV, DataSource.TimestampFormat.ISO8601, '\t'));
    assertThat(repo.source("plain").orElseThrow().settings())
        .isEqualTo(new DataSource.FileSettings("stats.parquet", DataSource.FileFormat.PARQUET));
  }

  @Test
  void aTimestampFormatOrDelimiterThatCannotBeReadIsNamed() throws IOException {
    write(
        "a.yaml",
        """
        sources:
          - {name: a, kind: file, timestamp_field: ts, path: a.csv, timestamp_format: unix}
          - {name: b, kind: file, timestamp_field: ts, path: b.csv, delimiter: "::"}
          - {name: c, kind: file, timestamp_field: ts, path: c.parquet, delimiter: ";"}
        """);

    assertThat(problems())
        .containsExactly(
            "a.yaml:2: sources[0].timestamp_format: must be one of iso8601, epoch_seconds,"
                + " epoch_millis, found 'unix'",
            "a.yaml:3: sources[1].delimiter: must be one character other than a quote or a"
                + " newline (\\t for a tab), found '::'",
            "a.yaml:4: sources[2].delimiter: only a csv source has a delimiter, found format"
                + " parquet");
  }

  @Test
  void sourcesAcceptOnlyTheKeysOfTheirKind() throws IOException {
    write(
        "a.yaml",
        """
        sources:
          - {name: k, kind: kafka, timestamp_field: ts, topic: t, path: x.csv}
          - {name: f, kind: file, timestamp_field: ts, path: x.arrow}
          - {name: p, kind: push, batch_source: l}
          - {name: q, kind: push, batch_source: nowhere}
          - {name: r, kind: kinesis}
          - {name: g, kind: file, path: x.csv, format: orc}
          - {name: l, kind: kafka, timestamp_field: ts, topic: t}
        """);

    assertThat(problems())
        .containsExactly(
            "a.yaml:2: sources[0].path: unknown key: expected one of name, kind, timestamp_field,"
                + " created_timestamp_field, description, tags, topic, bootstrap_servers,"
                + " batch_source",
            "a.yaml:4: sources[2].batch_source: a batch source must be a file source, found"
                + " kafka source 'l'",
            "a.yaml:5: sources[3].batch_source: unknown data source 'nowhere': expected one of"
                + " k, f, p, q, r, g, l",
            "a.yaml:6: sources[4].kind: must be one of kafka, file, push, found 'kinesis'",
            "a.yaml:7: sources[5].timestamp_field: required, missing",
            "a.yaml:7: sources[5].format: must be one of parquet, csv, arrow, jsonl, found 'orc'");
  }

  @Test
  void invalidYamlAndDuplicateKeysAreReportedWithTheirLine() throws IOException {
    write("a.yaml", "entities:\n  - name: a\n    name: b\n");
    write("b.yaml", "entities: [\n");
    write("c.yaml", "entities: []\n---\nsources: []\n");
    write("d.yaml", "- just a list\n");

    assertThat(problems())
        .satisfiesExactly(
            p -> assertThat(p).startsWith("a.yaml:3: invalid YAML: Duplicate field 'name'"),
            p -> assertThat(p).startsWith("b.yaml:").contains("invalid YAML"),
            p -> assertThat(p).isEqualTo("c.yaml:1: must hold one YAML document, found 2"),
            p ->
                assertThat(p)
                    .isEqualTo(
                        "d.yaml:1: must be a mapping of entities, sources, feature_views,"
                            + " feature_services, model_monitors, found a list"));
  }

  @Test
  void hiddenFilesOtherExtensionsAndEmptyFilesAreIgnored() throws IOException {
    write("a.yaml", ENTITIES);
    write("empty.yaml", "");
    write(".git/config.yaml", "nonsense: true");
    write(".draft.yaml", "nonsense: true");
    write("notes.txt", "nonsense: true");

    assertThat(RepositoryReader.read(dir).entities())
        .extracting(Entity::name)
        .containsExactly("driver");
  }

  @Test
  void aDirectoryWithoutDefinitionsIsRejected() {
    assertThatThrownBy(() -> RepositoryReader.read(dir))
        .hasMessageContaining("holds no *.yaml or *.yml files");
    assertThatThrownBy(() -> RepositoryReader.read(dir.resolve("missing")))
        .hasMessageContaining("a feature repository must be a directory");
  }

  private static String view(String ttlLine) {
    return """
        feature_views:
          - name: v
            entities: [driver]
            schema: [{name: x, type: double}]
            %s
        """
        .formatted(ttlLine);
  }

  private static final String STREAM_SOURCES =
      """
      sources:
        - {name: trips, kind: kafka, topic: trips, timestamp_field: ts}
        - {name: trips_file, kind: file, path: trips.csv, timestamp_field: ts}
        - {name: pushed, kind: push, batch_source: trips_file}
      """;

  @Test
  void streamViewsReadTheirWindowAndAggregations() throws IOException {
    write("entities.yaml", ENTITIES + STREAM_SOURCES);
    write(
        "views.yaml",
        """
        feature_views:
          - name: trip_stats
            entities: [driver]
            source: trips
            ttl: 2h
            schema:
              - {name: trips_1h, type: int64}
              - {name: fare_mean_1h, type: double}
              - {name: last_city, type: string}
            stream:
              max_out_of_orderness: 30s
              window: 1h
              slide: 5m
              aggregations:
                - {feature: trips_1h, function: count, field: trip_id}
                - {feature: fare_mean_1h, function: mean, field: fare}
                - {feature: last_city, function: last, field: city}
          - name: trip_latest
            entities: [driver]
            source: trips_file
            ttl: 0
            schema: [{name: fare, type: double}]
            stream: {}
        """);

    FeatureRepository repo = RepositoryReader.read(dir);

    assertThat(repo.featureView("trip_stats").orElseThrow().stream())
        .isEqualTo(
            new StreamSpec(
                Duration.ofSeconds(30),
                Duration.ofHours(1),
                Duration.ofMinutes(5),
                List.of(
                    new StreamSpec.Aggregate("trips_1h", Aggregation.COUNT, "trip_id"),
                    new StreamSpec.Aggregate("fare_mean_1h", Aggregation.MEAN, "fare"),
                    new StreamSpec.Aggregate("last_city", Aggregation.LAST, "city"))));
    assertThat(repo.featureView("trip_latest").orElseThrow().stream())
        .isEqualTo(StreamSpec.projections(Duration.ZERO));
    assertThat(repo.featureView("trip_latest").orElseThrow().isStream()).isTrue();
  }

  @Test
  void streamViewMistakesAreNamedWithTheirPlace() throws IOException {
    write("entities.yaml", ENTITIES + STREAM_SOURCES);
    write(
        "views.yaml",
        """
        feature_views:
          - name: a
            entities: [driver]
            source: pushed
            ttl: 0
            schema: [{name: n, type: int64}, {name: m, type: int64}, {name: s, type: string}]
            stream:
              window: 0
              slide: 10m
              aggregations:
                - {feature: n, function: avg, field: fare}
                - {feature: m, function: mean, field: fare}
                - {feature: x, function: sum, field: fare}
                - {feature: m, function: max, field: fare}
                - {feature: s, function: count, fild: fare}
          - name: b
            entities: [driver]
            source: trips
            ttl: 0
            schema: [{name: n, type: int64}]
            stream:
              max_out_of_orderness: -5s
              window: 5m
              slide: 10m
              aggregations:
                - {feature: n, function: count, field: id}
          - name: c
            entities: [driver]
            source: trips
            ttl: 0
            schema: [{name: n, type: int64}, {name: y, type: double}]
            stream:
              slide: 1m
              aggregations: [{feature: n, function: count, field: id}]
          - name: d
            entities: [driver]
            source: trips
            ttl: 0
            schema: [{name: n, type: int64}, {name: y, type: double}]
            stream: {window: 10m, aggregations: [{feature: n, function: count, field: id}]}
        """);

    assertThat(problems())
        .containsExactly(
            "views.yaml:4: feature_views[0].source: a stream feature view reads a kafka or file"
                + " source, found push source 'pushed'",
            "views.yaml:8: feature_views[0].stream.window: must be a positive duration like 90s,"
                + " 5m, 1h or 1d, found 0",
            "views.yaml:11: feature_views[0].stream.aggregations[0].function: unknown aggregation"
                + " 'avg'; expected one of count, sum, mean, min, max, stddev, last,"
                + " approx_count_distinct",
            "views.yaml:12: feature_views[0].stream.aggregations[1].function: mean gives double,"
                + " but feature 'm' is declared int64",
            "views.yaml:13: feature_views[0].stream.aggregations[2].feature: must be a feature of"
                + " the view's schema: expected one of n, m, s, found 'x'",
            "views.yaml:14: feature_views[0].stream.aggregations[3].feature: feature 'm' is"
                + " aggregated twice, first at feature_views[0].stream.aggregations[1]",
            "views.yaml:15: feature_views[0].stream.aggregations[4].fild: unknown key: expected"
                + " one of feature, function, field",
            "views.yaml:15: feature_views[0].stream.aggregations[4].field: required, missing",
            "views.yaml:15: feature_views[0].stream.aggregations[4].function: count gives int64,"
                + " but feature 's' is declared string",
            "views.yaml:22: feature_views[1].stream.max_out_of_orderness: must be 0 or a duration"
                + " like 90s, 5m, 1h or 1d, found '-5s'",
            "views.yaml:24: feature_views[1].stream.slide: must be at most the window 5m, found"
                + " '10m'",
            "views.yaml:32: feature_views[2].stream.window: required with aggregations: must be a"
                + " positive duration like 90s, 5m, 1h or 1d",
            "views.yaml:33: feature_views[2].stream.slide: only with a window, found '1m'",
            "views.yaml:40: feature_views[3].stream.aggregations: every feature of a windowed view"
                + " is an aggregation, found none for 'y'");
  }

  private List<String> problems() {
    try {
      RepositoryReader.read(dir);
    } catch (RepositoryException e) {
      return e.problems().stream().map(Problem::toString).toList();
    }
    throw new AssertionError("expected problems in " + dir);
  }

  private void write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private static Path resource(String name) {
    return Path.of("src/test/resources/repo", name);
  }
}
