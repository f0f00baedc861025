package dev.featurewatch.store.serving;

import static dev.featurewatch.store.serving.ServingFixtures.NOW;
import static dev.featurewatch.store.serving.ServingFixtures.REPOSITORY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.store.config.ApiTokens;
import dev.featurewatch.store.config.ApiTokens.Scope;
import dev.featurewatch.store.config.ApiTokens.Token;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.rocksdb.RocksDbOnlineStore;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feature server with bearer tokens: who gets what, over real HTTP. */
class FeatureServerAuthTest {

  private static final String READER = "reader-secret-0123456789";
  private static final String WRITER = "writer-secret-0123456789";
  private static final String READ =
      "{\"features\": [\"driver_hourly_stats:conv_rate\"], \"entities\": {\"driver_id\": [1]}}";
  private static final String WRITE =
      "{\"feature_view_name\": \"driver_hourly_stats\", \"df\": {\"driver_id\": [1],"
          + " \"event_timestamp\": [\"2026-11-20T10:00:00Z\"], \"conv_rate\": [0.5],"
          + " \"acc_rate\": [0.9], \"avg_daily_trips\": [3]}}";

  @TempDir Path dir;

  private OnlineStore store;
  private FeatureServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    store = RocksDbOnlineStore.open(dir);
    ApiTokens tokens =
        ApiTokens.of(
            List.of(
                new Token("ranking-service", READER, Set.of(Scope.READ)),
                new Token("ingest", WRITER, Set.of(Scope.READ, Scope.WRITE))));
    server =
        new FeatureServer(
            () -> REPOSITORY,
            store,
            null,
            Clock.fixed(NOW, ZoneOffset.UTC),
            ServerConfig.defaults(0).withAuth(tokens),
            new PrometheusRegistry());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
    store.close();
  }

  private HttpResponse<String> send(String path, String body, String authorization)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    request.method(
        body == null ? "GET" : "POST",
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void featureEndpointsNeedAKnownBearerToken() throws Exception {
    HttpResponse<String> none = send("/get-online-features", READ, null);
    HttpResponse<String> wrong = send("/get-online-features", READ, "Bearer " + READER + "x");
    HttpResponse<String> basic = send("/get-online-features", READ, "Basic " + READER);

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"featurewatch\"");
    assertThat(none.body()).contains("\"error\":\"unauthorized\"");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("the bearer token is not known");
    assertThat(basic.statusCode()).isEqualTo(401);
  }

  @Test
  void aReadTokenReadsButDoesNotWrite() throws Exception {
    HttpResponse<String> read = send("/get-online-features", READ, "Bearer " + READER);
    HttpResponse<String> write = send("/write-to-online-store", WRITE, "bearer " + READER);
    HttpResponse<String> push = send("/push", "{}", "Bearer " + READER);

    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    assertThat(write.statusCode()).isEqualTo(403);
    assertThat(write.body())
        .contains("token 'ranking-service' has scopes [read], this needs write");
    assertThat(push.statusCode()).isEqualTo(403);
  }

  @Test
  void aWriteTokenWritesWhatAReadTokenThenReads() throws Exception {
    HttpResponse<String> write = send("/write-to-online-store", WRITE, "Bearer " + WRITER);
    HttpResponse<String> read = send("/get-online-features", READ, "Bearer " + READER);

    assertThat(write.statusCode()).as(write.body()).isEqualTo(200);
    assertThat(read.body()).contains("[0.5]");
  }

  @Test
  void healthMetricsAndTheApiStayOpenForProbesAndPrometheus() throws Exception {
    assertThat(send("/health", null, null).statusCode()).isEqualTo(200);
    assertThat(send("/metrics", null, null).statusCode()).isEqualTo(200);
    assertThat(send("/openapi.json", null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void aRefusedRequestKeepsItsConnectionUnlessItsBodyIsTooLongToReadThrough() throws Exception {
    HttpResponse<String> shortBody = send("/push", WRITE, "Bearer " + READER);
    HttpResponse<String> longBody =
        send("/push", " ".repeat(2 * FeatureServer.DRAIN_BYTES), "Bearer " + READER);
    HttpResponse<String> after = send("/get-online-features", READ, "Bearer " + READER);

    assertThat(shortBody.statusCode()).isEqualTo(403);
    assertThat(shortBody.headers().firstValue("Connection")).isEmpty();
    assertThat(longBody.statusCode()).isEqualTo(403);
    assertThat(longBody.headers().firstValue("Connection")).hasValue("close");
    assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
  }
}
