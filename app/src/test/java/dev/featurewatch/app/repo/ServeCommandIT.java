package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurewatch.app.Cli;
import dev.featurewatch.store.online.OnlineValue;
import dev.featurewatch.store.online.rocksdb.RocksDbOnlineStore;
import dev.featurewatch.store.registry.FileRegistry;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.testing.TestServices;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code featurewatch serve} as users run it: its own JVM, started from the packaged command, fed
 * by Feast-shaped HTTP requests and stopped with SIGTERM (what Ctrl-C, systemd and Kubernetes
 * send).
 */
class ServeCommandIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private ServeProcess server;

  @BeforeEach
  void registerTheExample() {
    ExampleRepository.register(dir.resolve("registry"));
  }

  @AfterEach
  void stopTheServer() {
    if (server != null) {
      server.close();
    }
  }

  /** Starts {@code featurewatch serve} on the test's registry and the given online store. */
  private int serve(String online) throws IOException {
    server = ServeProcess.start(dir, online);
    return server.port();
  }

  /**
   * Starts {@code featurewatch serve --repo <dir> <options>} with these environment variables and
   * answers its port once it is serving.
   */
  private int serve(Map<String, String> environment, String... options) throws IOException {
    server = ServeProcess.start(dir, environment, options);
    return server.port();
  }

  private HttpResponse<String> post(int port, String path, String body) throws Exception {
    return post(port, path, body, null);
  }

  private HttpResponse<String> post(int port, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .POST(HttpRequest.BodyPublishers.ofString(body.replace('\'', '"')))
            .header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Pushes a profile of {@code customer} and reads it back through the churn model's service. */
  private void pushAndRead(int port, String customer) throws Exception {
    HttpResponse<String> pushed =
        post(
            port,
            "/push",
            "{'push_source_name': 'customer_profile_push', 'to': 'online', 'df': {'customer_id': ['"
                + customer
                + "'], 'event_timestamp': ['"
                + Instant.now().minusSeconds(60)
                + "'], 'embedding': [[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]],"
                + " 'segment': ['loyal'], 'active': [true]}}");
    assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);

    HttpResponse<String> answer =
        post(
            port,
            "/get-online-features",
            "{'feature_service': 'customer_churn', 'entities': {'customer_id': ['"
                + customer
                + "', 'nobody']}}");

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode json = JSON.readTree(answer.body());
    assertThat(json.at("/metadata/feature_names").toString())
        .isEqualTo("[\"customer_id\",\"embedding\",\"segment\",\"active\"]");
    assertThat(json.at("/results/2/values").toString()).isEqualTo("[\"loyal\",null]");
    assertThat(json.at("/results/3/statuses").toString()).isEqualTo("[\"PRESENT\",\"NOT_FOUND\"]");
    assertThat(get(port, "/health").statusCode()).isEqualTo(200);
  }

  /** Stops the server as a service manager does and answers its exit code. */
  private int terminate() throws InterruptedException {
    return server.terminate();
  }

  @Test
  void servesRocksDbAndClosesItCleanlyOnSigterm() throws Exception {
    Path online = dir.resolve("online");
    int port = serve(online.toString());

    pushAndRead(port, "c-1");
    int exit = terminate();

    // 143 = 128 + SIGTERM: the JVM's code for a stop by signal, after the shutdown hooks ran
    assertThat(exit).isEqualTo(143);
    // the store was closed (its lock released) and kept the pushed row
    try (RocksDbOnlineStore store = RocksDbOnlineStore.open(online)) {
      var view =
          new FileRegistry(dir.resolve("registry"))
              .current()
              .orElseThrow()
              .repository()
              .featureView("customer_profile")
              .orElseThrow();
      List<OnlineValue> values =
          store.read(view, List.of(EntityKey.of("customer_id", "c-1")), Instant.now());
      assertThat(values.get(0).values()).contains("loyal", true);
    }
  }

  @Test
  void servesRedis() throws Exception {
    int port = serve(TestServices.redisUri().toString());

    pushAndRead(port, "c-" + UUID.randomUUID());
    assertThat(terminate()).isEqualTo(143);
  }

  @Test
  void theRepositorysSettingsFileGivesStoresPortAndTokens() throws Exception {
    String token = "it-token-" + UUID.randomUUID();
    Files.writeString(
        dir.resolve("featurewatch.yaml"),
        """
        registry: registry
        online_store: online
        serving:
          port: 0
          auth:
            tokens:
              - name: integration-test
                token_env: FW_IT_TOKEN
                scopes: [read]
        """);
    int port = serve(Map.of("FW_IT_TOKEN", token));
    String request =
        "{'features': ['customer_profile:segment'], 'entities': {'customer_id': ['c-1']}}";

    HttpResponse<String> anonymous = post(port, "/get-online-features", request, null);
    HttpResponse<String> known = post(port, "/get-online-features", request, token);

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(known.statusCode()).as(known.body()).isEqualTo(200);
    assertThat(known.body()).contains("NOT_FOUND");
    assertThat(get(port, "/health").statusCode()).isEqualTo(200);
  }

  @Test
  void anEmptyRegistryIsRefusedBeforeServing() {
    Cli refused =
        Cli.run(
            "serve",
            "--port",
            "0",
            "--registry",
            dir.resolve("empty").toString(),
            "--online",
            dir.resolve("online").toString());

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("the registry is empty: run 'featurewatch apply' first");
  }
}
