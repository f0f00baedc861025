package dev.featurewatch.store.serving;

import static dev.featurewatch.store.serving.ServingFixtures.DRIVER_STATS;
import static dev.featurewatch.store.serving.ServingFixtures.FEAST_EVENT_TIME;
import static dev.featurewatch.store.serving.ServingFixtures.driverStats;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.redis.RedisOnlineStore;
import dev.featurewatch.store.online.rocksdb.RocksDbOnlineStore;
import dev.featurewatch.testing.TestServices;
import io.lettuce.core.RedisURI;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feature server against the real services: promtool on its metrics, Redis as its store. */
class FeatureServerIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();

  private static FeatureServer server(OnlineStore store) {
    return ServingFixtures.startedServer(store, ServerConfig.defaults(0));
  }

  private HttpResponse<String> send(FeatureServer server, String method, String path, String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.replace('\'', '"')))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metricsPassPromtoolCheck() throws Exception {
    try (OnlineStore store = RocksDbOnlineStore.open(dir.resolve("online"));
        FeatureServer server = server(store)) {
      store.write(DRIVER_STATS, List.of(driverStats(1, FEAST_EVENT_TIME, 0.5, null, 3L)));
      send(
          server,
          "POST",
          "/get-online-features",
          "{'features': ['driver_hourly_stats'], 'entities': {'driver_id': [1, 2]}}");
      send(server, "POST", "/get-online-features", "{not json");
      send(
          server,
          "POST",
          "/write-to-online-store",
          "{'feature_view_name': 'driver_hourly_stats', 'df': {'driver_id': [5],"
              + " 'event_timestamp': ['2021-12-31T23:59:00Z'], 'conv_rate': [1.0], 'acc_rate':"
              + " [1.0], 'avg_daily_trips': [1]}}");
      send(server, "GET", "/health", null);
      send(server, "DELETE", "/health", null);
      send(server, "GET", "/a/path/with \"quotes\"".replace(" ", "%20").replace("\"", "%22"), null);

      String metrics = send(server, "GET", "/metrics", null).body();

      assertThat(metrics).contains("path=\"other\"", "status=\"NULL_VALUE\"");
      assertThat(TestServices.promtoolCheckMetrics(metrics)).as(metrics).isBlank();
    }
  }

  @Test
  void feastRequestsWorkAgainstRedis() throws Exception {
    try (OnlineStore store =
            RedisOnlineStore.connect(
                RedisURI.create(TestServices.redisUri()),
                "fwtest:" + UUID.randomUUID() + ":",
                Duration.ofHours(1));
        FeatureServer server = server(store)) {
      HttpResponse<String> pushed =
          send(
              server,
              "POST",
              "/push",
              "{'push_source_name': 'driver_stats_push_source', 'df': {'driver_id': [1001],"
                  + " 'event_timestamp': ['2021-12-31 23:00:00+00:00'], 'created':"
                  + " ['2021-12-31 23:00:01'], 'conv_rate': [0.7037263512611389], 'acc_rate':"
                  + " [0.8724706768989563], 'avg_daily_trips': [308]}, 'to': 'online'}");
      assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);

      HttpResponse<String> response =
          send(
              server,
              "POST",
              "/get-online-features",
              "{'features': ['driver_hourly_stats:conv_rate', 'driver_hourly_stats:acc_rate',"
                  + " 'driver_hourly_stats:avg_daily_trips'], 'entities': {'driver_id': [1001,"
                  + " 1002]}}");

      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode answer = JSON.readTree(response.body());
      assertThat(answer.at("/results/1/values").toString()).isEqualTo("[0.7037263512611389,null]");
      assertThat(answer.at("/results/3/values").toString()).isEqualTo("[308,null]");
      assertThat(answer.at("/results/3/statuses").toString())
          .isEqualTo("[\"PRESENT\",\"NOT_FOUND\"]");
      assertThat(answer.at("/results/3/event_timestamps").toString())
          .isEqualTo("[\"2021-12-31T23:00:00Z\",\"1970-01-01T00:00:00Z\"]");
      assertThat(send(server, "GET", "/health", null).statusCode()).isEqualTo(200);
    }
  }
}
