package dev.featurewatch.store.serving;

import static dev.featurewatch.store.serving.ServingFixtures.DRIVER_LOCATION;
import static dev.featurewatch.store.serving.ServingFixtures.DRIVER_STATS;
import static dev.featurewatch.store.serving.ServingFixtures.FEAST_EVENT_TIME;
import static dev.featurewatch.store.serving.ServingFixtures.NOW;
import static dev.featurewatch.store.serving.ServingFixtures.REPOSITORY;
import static dev.featurewatch.store.serving.ServingFixtures.driverStats;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurewatch.store.metrics.Families;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.SwitchableStore;
import dev.featurewatch.store.online.rocksdb.RocksDbOnlineStore;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feature server through real HTTP against RocksDB in a temporary directory. */
class FeatureServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private OnlineStore store;
  private OfflineStore offline;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private FeatureServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicBoolean storeDown = new AtomicBoolean();

  @BeforeEach
  void start() {
    store = RocksDbOnlineStore.open(dir.resolve("online"));
    offline = new OfflineStore(dir.resolve("offline"));
    server =
        new FeatureServer(
            () -> REPOSITORY,
            new SwitchableStore(store, storeDown),
            offline,
            Clock.fixed(NOW, ZoneOffset.UTC),
            ServerConfig.defaults(0).withMaxEntities(100),
            registry);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
    offline.close();
    store.close();
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path))
            .POST(HttpRequest.BodyPublishers.ofString(body.replace('\'', '"')))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> metrics(String accept) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri("/metrics")).header("Accept", accept).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  @Test
  void feastsDocumentedExampleIsAnsweredWithTheSameValuesColumnMajor() throws Exception {
    JsonNode example;
    try (InputStream in = getClass().getResourceAsStream("/serving/feast-docs-example.json")) {
      example = JSON.readTree(in);
    }
    // load the documented values: one row per entity, named by the documented feature_names
    JsonNode documentedNames = example.at("/response/metadata/feature_names");
    List<FeatureRow> rows = new ArrayList<>();
    for (JsonNode row : example.at("/response/results")) {
      JsonNode values = row.get("values");
      rows.add(
          driverStats(
              values.get(indexOf(documentedNames, "driver_id")).longValue(),
              FEAST_EVENT_TIME,
              values.get(indexOf(documentedNames, "conv_rate")).doubleValue(),
              values.get(indexOf(documentedNames, "acc_rate")).doubleValue(),
              values.get(indexOf(documentedNames, "avg_daily_trips")).longValue()));
    }
    store.write(DRIVER_STATS, rows);

    HttpResponse<String> response = post("/get-online-features", example.get("request").toString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode answer = json(response);
    JsonNode names = answer.at("/metadata/feature_names");
    // same names as documented; in request order as Feast's server test expects
    assertThat(names)
        .extracting(JsonNode::textValue)
        .containsExactly("driver_id", "conv_rate", "acc_rate", "avg_daily_trips")
        .containsExactlyInAnyOrderElementsOf(textValues(documentedNames));
    JsonNode results = answer.get("results");
    assertThat(results).hasSize(names.size());
    JsonNode documentedRows = example.at("/response/results");
    for (int feature = 0; feature < names.size(); feature++) {
      JsonNode column = results.get(feature);
      int documentedIndex = indexOf(documentedNames, names.get(feature).textValue());
      assertThat(column.get("values")).hasSize(documentedRows.size());
      for (int entity = 0; entity < documentedRows.size(); entity++) {
        JsonNode documented = documentedRows.get(entity);
        assertThat(column.at("/values/" + entity))
            .as("value of %s for entity %d", names.get(feature), entity)
            .isEqualTo(documented.at("/values/" + documentedIndex));
        assertThat(column.at("/statuses/" + entity))
            .isEqualTo(documented.at("/statuses/" + documentedIndex));
        assertThat(column.at("/event_timestamps/" + entity))
            .isEqualTo(documented.at("/event_timestamps/" + documentedIndex));
      }
    }
  }

  private static int indexOf(JsonNode names, String name) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).textValue().equals(name)) {
        return i;
      }
    }
    throw new AssertionError(name + " not in " + names);
  }

  private static List<String> textValues(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.textValue()));
    return out;
  }

  @Test
  void statusesAreNotFoundNullValueAndOutsideMaxAge() throws Exception {
    store.write(DRIVER_STATS, List.of(driverStats(1, FEAST_EVENT_TIME, null, 0.25, 7L)));
    // driver_location's ttl is ten minutes: a row of 20 minutes ago is stale
    store.write(
        DRIVER_LOCATION,
        List.of(
            new FeatureRow(
                DRIVER_LOCATION.name(),
                EntityKey.of("driver_id", 1L),
                NOW.minusSeconds(1200),
                null,
                List.of(0.9, "Oslo"))));

    JsonNode answer =
        json(
            post(
                "/get-online-features",
                "{'features': ['driver_hourly_stats:conv_rate', 'driver_hourly_stats:acc_rate',"
                    + " 'driver_location:city'], 'entities': {'driver_id': [1, 2]}}"));

    assertThat(answer.at("/results/1/statuses").toString())
        .isEqualTo("[\"NULL_VALUE\",\"NOT_FOUND\"]");
    assertThat(answer.at("/results/2/values").toString()).isEqualTo("[0.25,null]");
    assertThat(answer.at("/results/2/statuses").toString())
        .isEqualTo("[\"PRESENT\",\"NOT_FOUND\"]");
    assertThat(answer.at("/results/3/values").toString()).isEqualTo("[null,null]");
    assertThat(answer.at("/results/3/statuses").toString())
        .isEqualTo("[\"OUTSIDE_MAX_AGE\",\"NOT_FOUND\"]");
    assertThat(answer.at("/results/3/event_timestamps").toString())
        .isEqualTo("[\"2021-12-31T23:40:00Z\",\"1970-01-01T00:00:00Z\"]");
  }

  @Test
  void fullFeatureNamesAndFeatureServices() throws Exception {
    store.write(DRIVER_STATS, List.of(driverStats(1, FEAST_EVENT_TIME, 0.5, 0.25, 7L)));

    JsonNode full =
        json(
            post(
                "/get-online-features",
                "{'feature_service': 'driver_activity', 'entities': {'driver_id': [1]},"
                    + " 'full_feature_names': true}"));

    assertThat(full.at("/metadata/feature_names").toString())
        .isEqualTo(
            "[\"driver_id\",\"driver_hourly_stats__conv_rate\","
                + "\"driver_hourly_stats__avg_daily_trips\"]");
    assertThat(full.at("/results/1/values").toString()).isEqualTo("[0.5]");
    assertThat(full.at("/results/2/values").toString()).isEqualTo("[7]");
  }

  @Test
  void pushedRowsAreServedAndAppendedOffline() throws Exception {
    HttpResponse<String> pushed =
        post(
            "/push",
            "{'push_source_name': 'driver_stats_push_source', 'df': {'driver_id': [1001, 1002],"
                + " 'event_timestamp': ['2021-12-31 23:30:00+00:00', '2021-12-31 23:30:00'],"
                + " 'created': ['2021-12-31 23:30:01', '2021-12-31 23:30:01'],"
                + " 'conv_rate': [1.0, 0.5], 'acc_rate': [1.0, null], 'avg_daily_trips': [1000,"
                + " 3]}, 'to': 'online_and_offline'}");
    assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
    assertThat(json(pushed).get("rows_written").intValue()).isEqualTo(2);

    JsonNode answer =
        json(
            post(
                "/get-online-features",
                "{'features': ['driver_hourly_stats:avg_daily_trips',"
                    + " 'driver_hourly_stats:acc_rate'], 'entities': {'driver_id': [1002, 1001]}}"));
    assertThat(answer.at("/results/1/values").toString()).isEqualTo("[3,1000]");
    assertThat(answer.at("/results/2/statuses").toString())
        .isEqualTo("[\"NULL_VALUE\",\"PRESENT\"]");
    assertThat(answer.at("/results/1/event_timestamps/0").textValue())
        .isEqualTo("2021-12-31T23:30:00Z");
    LocalDate day = LocalDate.of(2021, 12, 31);
    assertThat(offline.readSorted(DRIVER_STATS, day, day)).hasSize(2);
  }

  @Test
  void writeToOnlineStoreIsReadBack() throws Exception {
    HttpResponse<String> written =
        post(
            "/write-to-online-store",
            "{'feature_view_name': 'customer_profile', 'df': {'customer_id': ['c1'],"
                + " 'event_timestamp': ['2021-12-31T00:00:00Z'], 'name': ['Ann'], 'active':"
                + " [true], 'embedding': [[0.5, 1.5]], 'signed_up': ['2020-02-29T12:00:00Z']}}");
    assertThat(written.statusCode()).as(written.body()).isEqualTo(200);

    JsonNode answer =
        json(
            post(
                "/get-online-features",
                "{'features': ['customer_profile'], 'entities': {'customer_id': ['c1']}}"));

    assertThat(answer.at("/results").toString())
        .contains("[\"c1\"]", "[\"Ann\"]", "[true]", "[[0.5,1.5]]", "[\"2020-02-29T12:00:00Z\"]");
  }

  @Test
  void badRequestsAnswer4xxWithTheProblemNamed() throws Exception {
    // 400: breaks the schema of /openapi.json; 422: fits it, but not the registry or a rule
    // across fields
    String[][] cases = {
      {"{'features': ['nope:x'], 'entities': {'driver_id': [1]}}", "422", "unknown_feature_view"},
      {
        "{'features': ['driver_hourly_stats:x'], 'entities': {'driver_id': [1]}}",
        "422",
        "unknown_feature"
      },
      {
        "{'features': ['driver_hourly_stats:conv_rate'], 'entities': {'driver_id': ['a']}}",
        "422",
        "wrong_type"
      },
      {
        "{'features': ['driver_hourly_stats:conv_rate', 'customer_profile:name'],"
            + " 'entities': {'driver_id': [1], 'customer_id': ['a', 'b']}}",
        "422",
        "entity_length_mismatch"
      },
      {"{}", "400", "empty_request"},
      {"", "400", "empty_request"},
      {
        "{'features': ['driver_hourly_stats:conv_rate'], 'entities': {'driver_id': [1,",
        "400",
        "malformed_json"
      },
      {"{'features': ['driver_hourly_stats:conv_rate']} trailing", "400", "malformed_json"},
      {
        "{'features': ['driver_hourly_stats:conv_rate'], 'entities': {'driver_id': [1]},"
            + " 'full_feature_name': true}",
        "422",
        "unknown_field"
      },
      {
        "{'features': ['driver_hourly_stats:conv_rate'], 'feature_service': 'driver_activity',"
            + " 'entities': {'driver_id': [1]}}",
        "400",
        "malformed_request"
      },
    };
    for (String[] c : cases) {
      HttpResponse<String> response = post("/get-online-features", c[0]);
      assertThat(response.statusCode())
          .as(c[0] + " -> " + response.body())
          .isEqualTo(Integer.parseInt(c[1]));
      assertThat(json(response).get("error").textValue()).isEqualTo(c[2]);
      assertThat(json(response).get("detail").textValue()).isNotBlank();
    }
    StringBuilder ids = new StringBuilder();
    for (int i = 0; i < 101; i++) {
      ids.append(i == 0 ? "" : ",").append(i);
    }
    HttpResponse<String> tooMany =
        post(
            "/get-online-features",
            "{'features': ['driver_hourly_stats:conv_rate'], 'entities': {'driver_id': ["
                + ids
                + "]}}");
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(json(tooMany).get("detail").textValue())
        .isEqualTo("entities.driver_id: at most 100 entity rows per request, found 101");
    HttpResponse<String> notAllowed = get("/get-online-features");
    assertThat(notAllowed.statusCode()).isEqualTo(405);
    assertThat(notAllowed.headers().firstValue("Allow")).hasValue("POST");
    assertThat(get("/nowhere").statusCode()).isEqualTo(404);
    assertThat(post("/push", "{'push_source_name': 'x'}").statusCode()).isEqualTo(400);
  }

  @Test
  void aMisspelledFieldIsNamedWithWhatItProbablyMeant() throws Exception {
    HttpResponse<String> misspelled =
        post(
            "/get-online-features",
            "{'feature': ['driver_hourly_stats:conv_rate'], 'entities': {'driver_id': [1001]}}");
    HttpResponse<String> unknown =
        post(
            "/get-online-features",
            "{'features': ['driver_hourly_stats:conv_rate'], 'entities': {'driver_id': [1001]},"
                + " 'id': 7, 'api_version': 2}");

    assertThat(json(misspelled).get("detail").textValue())
        .isEqualTo(
            "feature: unknown field; did you mean 'features'? (fields: [entities, feature_service,"
                + " features, full_feature_names])");
    // fields that resemble none of Feast's are ignored, as Feast ignores them
    assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(200);
  }

  @Test
  void garbageNeverGets500() throws Exception {
    Random random = new Random(42);
    String[] fragments = {
      "{",
      "}",
      "[",
      "]",
      ",",
      ":",
      "\"features\"",
      "\"entities\"",
      "\"driver_id\"",
      "\"df\"",
      "\"feature_service\"",
      "\"driver_hourly_stats:conv_rate\"",
      "\"driver_hourly_stats\"",
      "\"push_source_name\"",
      "\"driver_stats_push_source\"",
      "\"feature_view_name\"",
      "\"customer_profile\"",
      "\"event_timestamp\"",
      "\"2021-01-01\"",
      "\"to\"",
      "\"offline\"",
      "1",
      "-1",
      "1e400",
      "99999999999999999999",
      "0.5",
      "null",
      "true",
      "\"\"",
      "\"\\u0000\"",
      "[[[[",
      "\"full_feature_names\"",
      "\"avg_daily_trips\"",
      "\"customer_id\""
    };
    String[] paths = {"/get-online-features", "/push", "/write-to-online-store"};
    for (int i = 0; i < 600; i++) {
      StringBuilder body = new StringBuilder();
      int n = random.nextInt(30);
      for (int j = 0; j < n; j++) {
        body.append(fragments[random.nextInt(fragments.length)]);
      }
      String path = paths[i % paths.length];
      HttpResponse<String> response = post(path, body.toString());
      assertThat(response.statusCode())
          .as(path + " " + body + " -> " + response.body())
          .isLessThan(500);
    }
    // structurally valid requests with wrong shapes everywhere: 400 where the schema says so,
    // 422 where only the registry does (the types of a view's columns)
    String[][] shaped = {
      {"{'features': [1, 2], 'entities': {'driver_id': [1]}}", "400"},
      {
        "{'features': ['driver_hourly_stats:conv_rate'], 'entities': {'driver_id': {'a': 1}}}",
        "400"
      },
      {"{'features': ['driver_hourly_stats:conv_rate'], 'entities': []}", "400"},
      {"{'feature_service': 5, 'entities': {'driver_id': [1]}}", "400"},
      {
        "{'push_source_name': 'driver_stats_push_source', 'df': {'driver_id': [1],"
            + " 'event_timestamp': [5], 'conv_rate': [1], 'acc_rate': [1], 'avg_daily_trips':"
            + " [1]}}",
        "422"
      },
      {
        "{'push_source_name': 'driver_stats_push_source', 'df': {'driver_id': [1],"
            + " 'event_timestamp': ['2021-01-01'], 'conv_rate': ['x'], 'acc_rate': [1],"
            + " 'avg_daily_trips': [1]}, 'to': 'moon'}",
        "400"
      },
      {"{'feature_view_name': 'customer_profile', 'df': {'customer_id': [null]}}", "422"},
      {"{'feature_view_name': 'customer_profile', 'df': []}", "400"},
      {
        "{'feature_view_name': 'customer_profile', 'df': {'customer_id': ['c'], 'event_timestamp':"
            + " ['2021-01-01T00:00:00Z'], 'name': ['n'], 'active': [true], 'embedding': [['x']],"
            + " 'signed_up': [null]}}",
        "422"
      },
    };
    for (String[] c : shaped) {
      String body = c[0];
      String path =
          body.contains("push_source_name")
              ? "/push"
              : body.contains("feature_view_name")
                  ? "/write-to-online-store"
                  : "/get-online-features";
      HttpResponse<String> response = post(path, body);
      assertThat(response.statusCode())
          .as(body + " -> " + response.body())
          .isEqualTo(Integer.parseInt(c[1]));
    }
    StringBuilder deep = new StringBuilder();
    deep.append("[".repeat(5000));
    assertThat(post("/get-online-features", deep.toString()).statusCode()).isEqualTo(400);
  }

  @Test
  void headersBeyondTheLimitsAreRefusedBeforeTheyAreKept() throws Exception {
    String read = "{\"features\": [\"driver_hourly_stats\"], \"entities\": {\"driver_id\": [1]}}";
    assertThat(raw(List.of("X-Small: 1"), read)).startsWith("HTTP/1.1 200");

    String big = "X-Big: " + "a".repeat(FeatureServer.MAX_HEADER_SIZE);
    List<String> many = new ArrayList<>();
    for (int i = 0; i <= FeatureServer.MAX_HEADER_COUNT; i++) {
      many.add("X-Many-" + i + ": 1");
    }
    for (List<String> headers : List.of(List.of(big), many)) {
      // the JDK answers 431, or closes the connection, before reading the body
      assertThat(raw(headers, read)).doesNotStartWith("HTTP/1.1 200");
    }
    HttpResponse<String> tooLarge =
        post("/get-online-features", " ".repeat(ServerConfig.DEFAULT_MAX_BODY_BYTES + 1));
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(json(tooLarge).get("error").textValue()).isEqualTo("request_too_large");
  }

  /** Sends one request over a socket of its own; the status line answered, "" if none. */
  private String raw(List<String> headers, String body) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(20_000);
      StringBuilder request =
          new StringBuilder("POST /get-online-features HTTP/1.1\r\nHost: localhost\r\n");
      headers.forEach(h -> request.append(h).append("\r\n"));
      request
          .append("Content-Length: ")
          .append(body.getBytes(StandardCharsets.UTF_8).length)
          .append("\r\nConnection: close\r\n\r\n")
          .append(body);
      try {
        socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        return ""; // closed while the headers were sent
      }
      BufferedReader answer =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      try {
        String status = answer.readLine();
        return status == null ? "" : status;
      } catch (IOException e) {
        return "";
      }
    }
  }

  @Test
  void aStoreThatIsDownAnswers503AndRecovers() throws Exception {
    String request =
        "{'features': ['driver_hourly_stats:conv_rate'], 'entities': {'driver_id': [1]}}";
    assertThat(get("/health").statusCode()).isEqualTo(200);

    storeDown.set(true);
    HttpResponse<String> down = post("/get-online-features", request);
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(json(down).get("error").textValue()).isEqualTo("store_unavailable");
    assertThat(get("/health").statusCode()).isEqualTo(503);

    storeDown.set(false);
    assertThat(post("/get-online-features", request).statusCode()).isEqualTo(200);
    assertThat(get("/health").statusCode()).isEqualTo(200);
  }

  @Test
  void openApiListsEveryPathServed() throws Exception {
    HttpResponse<String> response = get("/openapi.json");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode document = json(response);
    assertThat(document.get("openapi").textValue()).startsWith("3.");
    List<String> paths = new ArrayList<>();
    for (Iterator<String> it = document.get("paths").fieldNames(); it.hasNext(); ) {
      paths.add(it.next());
    }
    assertThat(paths).containsExactlyInAnyOrderElementsOf(FeatureServer.PATHS);
  }

  @Test
  void metricsCountRequestsAndStatusesWithoutEntityValues() throws Exception {
    store.write(DRIVER_STATS, List.of(driverStats(424242, FEAST_EVENT_TIME, 0.5, 0.25, 7L)));
    post(
        "/get-online-features",
        "{'features': ['driver_hourly_stats:conv_rate'], 'entities': {'driver_id': [424242, 2]}}");
    post("/get-online-features", "{}");

    String metrics = get("/metrics").body();

    assertThat(metrics)
        .contains(
            "featurewatch_serving_feature_values_total{feature_view=\"driver_hourly_stats\",status=\"PRESENT\"} 1",
            "featurewatch_serving_feature_values_total{feature_view=\"driver_hourly_stats\",status=\"NOT_FOUND\"} 1",
            "featurewatch_serving_entity_rows_total 2",
            "featurewatch_serving_request_duration_seconds_count{method=\"POST\",path=\"/get-online-features\",status=\"400\"} 1")
        .doesNotContain("424242");
  }

  @Test
  void metricsAreInTheFormatTheScrapeAsksFor() throws Exception {
    HttpResponse<String> text = get("/metrics");
    assertThat(text.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(text.body())
        .contains(
            "# TYPE featurewatch_serving_entity_rows_total counter\n"
                + "featurewatch_serving_entity_rows_total 0.0\n");

    // what Prometheus asks for by default
    HttpResponse<String> openMetrics =
        metrics(
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
                + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
    assertThat(openMetrics.headers().firstValue("Content-Type"))
        .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(openMetrics.body())
        .contains(
            "# TYPE featurewatch_serving_entity_rows counter\n"
                + "# HELP featurewatch_serving_entity_rows Entity rows answered by"
                + " get-online-features.\n"
                + "featurewatch_serving_entity_rows_total 0.0\n")
        .endsWith("# EOF\n");
  }

  @Test
  void aClosedServerLeavesItsRegistryToTheNext() throws Exception {
    post("/get-online-features", "{}");
    server.close();

    server =
        new FeatureServer(
            () -> REPOSITORY,
            store,
            offline,
            Clock.fixed(NOW, ZoneOffset.UTC),
            ServerConfig.defaults(0),
            registry);
    server.start();

    // the new server's own families, without the first one's request
    assertThat(get("/metrics").body())
        .contains("featurewatch_serving_entity_rows_total 0.0")
        .doesNotContain("featurewatch_serving_request_duration_seconds");
  }

  @Test
  void metricsServeEverythingInTheServersRegistry() throws Exception {
    // as the embedded jobs register theirs in the registry the command gives the server
    Families.gauge(registry, "embedded_job_gauge", "Another part of the process.").set(3);

    assertThat(get("/metrics").body())
        .contains("embedded_job_gauge 3.0", "featurewatch_serving_store_errors_total 0.0");
  }
}
