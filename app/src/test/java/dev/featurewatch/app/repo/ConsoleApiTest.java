package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurewatch.app.console.Console;
import dev.featurewatch.drift.performance.PerformanceMetric;
import dev.featurewatch.modelregistry.LocalModelRegistry;
import dev.featurewatch.modelregistry.ModelRegistry;
import dev.featurewatch.monitoring.result.MonitorOutput;
import dev.featurewatch.monitoring.result.PerformanceResult;
import dev.featurewatch.monitoring.writeback.MonitoringTags;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.rocksdb.RocksDbOnlineStore;
import dev.featurewatch.store.registry.FileRegistry;
import dev.featurewatch.store.repo.RepositoryReader;
import dev.featurewatch.store.serving.FeatureServer;
import dev.featurewatch.store.serving.ServerConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's JSON under {@code /ui/api/} over real HTTP: the registry's versions and their diff,
 * the monitored versions' health from their tags and results, and the answers to what is not there.
 */
class ConsoleApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "driver-ranking";
  private static final Instant END = Instant.parse("2026-12-01T10:05:00Z");

  @TempDir Path dir;

  private OnlineStore store;
  private FeatureServer server;
  private ModelRegistry models;
  private final List<MonitorOutput> results = new ArrayList<>();
  private Supplier<List<MonitorOutput>> reader = () -> results;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void serveTwoVersions() throws Exception {
    Path repo = dir.resolve("repo");
    ExampleRepository.copyTo(repo);
    FileRegistry registry = new FileRegistry(dir.resolve("registry"));
    registry.apply(RepositoryReader.read(repo), false);
    Path drivers = repo.resolve("drivers.yaml");
    Files.writeString(drivers, Files.readString(drivers).replaceFirst("ttl: 1d", "ttl: 2d"));
    registry.apply(RepositoryReader.read(repo), false);
    models = new LocalModelRegistry(dir.resolve("models"));
    store = RocksDbOnlineStore.open(dir.resolve("online"));
    server =
        new FeatureServer(
            () -> registry.current().orElseThrow().repository(),
            store,
            null,
            Clock.systemUTC(),
            ServerConfig.defaults(0),
            new PrometheusRegistry());
    Console.mount(server, registry, () -> models, () -> reader.get());
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode json(String path) throws Exception {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  @Test
  void theRegistryItsVersionsAndTheirDiff() throws Exception {
    JsonNode current = json("/ui/api/registry");
    JsonNode versions = json("/ui/api/registry/versions");
    JsonNode first = json("/ui/api/registry/versions/1");
    JsonNode diff = json("/ui/api/registry/diff?from=1&to=2");

    assertThat(current.get("version").asLong()).isEqualTo(2);
    JsonNode hourly = view(current, "driver_hourly_stats");
    assertThat(hourly.get("ttl_seconds").asLong()).isEqualTo(172_800);
    assertThat(hourly.get("features").get(0).get("type").asText()).isNotEmpty();
    assertThat(view(first, "driver_hourly_stats").get("ttl_seconds").asLong()).isEqualTo(86_400);
    assertThat(versions.findValuesAsText("version")).containsExactly("2", "1");
    JsonNode updated = diff.get("changes").get("feature_views").get("updated");
    assertThat(updated).hasSize(1);
    assertThat(updated.get(0).get("name").asText()).isEqualTo("driver_hourly_stats");
    assertThat(updated.get(0).get("fields").toString())
        .isEqualTo("[{\"field\":\"ttl_seconds\",\"before\":86400,\"after\":172800}]");
    assertThat(diff.get("breaking_changes")).isEmpty();
    assertThat(diff.get("changes").get("entities").get("created")).isEmpty();
  }

  @Test
  void whatIsNotThereIsAnswered404AndAMalformedVersion400() throws Exception {
    assertThat(get("/ui/api/registry/versions/9").statusCode()).isEqualTo(404);
    assertThat(get("/ui/api/nothing").statusCode()).isEqualTo(404);
    assertThat(get("/ui/api/models/" + MODEL + "/7").statusCode()).isEqualTo(404);
    HttpResponse<String> malformed = get("/ui/api/registry/diff?from=one&to=2");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body())
        .contains("from: must be a registry version, a whole number from 1, found 'one'");
  }

  @Test
  void aMonitorsAliasThatPointsNowhereIsListedWithTheRegistrysAnswer() throws Exception {
    JsonNode list = json("/ui/api/models");

    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("model").asText()).isEqualTo(MODEL + "@champion");
    assertThat(list.get(0).get("error").asText()).isNotEmpty();
  }

  @Test
  void aVersionsHealthComesFromItsTagsAndItsCompleteWindows() throws Exception {
    String version = models.createVersion(MODEL, "", "", "").version();
    models.setAlias(MODEL, "champion", version);
    models.setTag(MODEL, version, MonitoringTags.STATUS, "degraded");
    models.setTag(MODEL, version, "featurewatch.alert.ModelPerformanceDegraded", "firing since x");
    models.setTag(MODEL, version, "featurewatch.alerts.firing", "ModelPerformanceDegraded");
    // the window's performance as its labels came: the complete one stands; other versions and
    // segments are not this version's series
    results.add(performance(version, "all", 0.70, false));
    results.add(performance(version, "all", 0.75, true));
    results.add(performance(version, "vehicle_type=suv", 0.5, true));
    results.add(performance("2", "all", 0.5, true));

    JsonNode list = json("/ui/api/models");
    JsonNode health = json("/ui/api/models/" + MODEL + "/" + version);

    assertThat(list.get(0).get("status").asText()).isEqualTo("degraded");
    assertThat(list.get(0).get("monitors").get(0).asText()).isEqualTo("ranking_champion");
    assertThat(health.get("alerts_firing").get(0).asText()).isEqualTo("ModelPerformanceDegraded");
    assertThat(health.get("alerts").get(0).get("firing").asBoolean()).isTrue();
    JsonNode timeline = health.get("performance_timeline");
    assertThat(timeline.get("metric").asText()).isEqualTo("roc_auc");
    assertThat(timeline.get("values").toString()).isEqualTo("[0.75]");
    assertThat(timeline.get("baseline").asDouble()).isEqualTo(0.8);
    assertThat(timeline.get("label_coverage").get(0).asDouble()).isEqualTo(0.9);
  }

  @Test
  void resultsThatCannotBeReadLeaveTheTagsAndSayWhy() throws Exception {
    String version = models.createVersion(MODEL, "", "", "").version();
    models.setTag(MODEL, version, MonitoringTags.STATUS, "ok");
    reader =
        () -> {
          throw new IllegalStateException("results.jsonl:3: not a monitoring result");
        };

    JsonNode health = json("/ui/api/models/" + MODEL + "/" + version);

    assertThat(health.get("status").asText()).isEqualTo("ok");
    assertThat(health.get("results_error").asText())
        .isEqualTo("results.jsonl:3: not a monitoring result");
    assertThat(health.get("timeline").get("windows")).isEmpty();
  }

  private static JsonNode view(JsonNode version, String name) {
    for (JsonNode view : version.get("feature_views")) {
      if (view.get("name").asText().equals(name)) {
        return view;
      }
    }
    throw new AssertionError("no view " + name);
  }

  private static PerformanceResult performance(
      String version, String segment, double auc, boolean complete) {
    return new PerformanceResult(
        "ranking_champion",
        MODEL,
        version,
        segment,
        END.minusSeconds(300),
        END,
        1000,
        complete ? 900 : 600,
        complete ? 100 : 0,
        60,
        Map.of(PerformanceMetric.ROC_AUC, auc),
        Map.of(PerformanceMetric.ROC_AUC, 0.02),
        Map.of(PerformanceMetric.ROC_AUC, 0.8),
        false,
        false,
        complete);
  }
}
