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
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  private static final Path APP = Paths.get("").toAbsolutePath();
  private static final Pattern SERVING = Pattern.compile("on http://0\\.0\\.0\\.0:(\\d+) ");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private Process process;

  @BeforeEach
  void registerTheExample() {
    ExampleRepository.register(dir.resolve("registry"));
  }

  @AfterEach
  void stopTheServer() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** Starts {@code featurewatch serve} on the test's registry and the given online store. */
  private int serve(String online) throws IOException {
    return serve(
        Map.of(),
        "--port",
        "0",
        "--registry",
        dir.resolve("registry").toString(),
        "--online",
        online);
  }

  /**
   * Starts {@code featurewatch serve --repo <dir> <options>} with these environment variables and
   * answers its port once it is serving.
   */
  private int serve(Map<String, String> environment, String... options) throws IOException {
    Path target = APP.resolve("target");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of(Files.readString(target.resolve("jvm.options")).trim().split("\\s+")));
    command.addAll(
        List.of(
            "-cp",
            target.resolve("featurewatch-app.jar") + ":" + target.resolve("lib") + "/*",
            "dev.featurewatch.app.Main",
            "serve",
            "--repo",
            dir.toString()));
    command.addAll(List.of(options));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().putAll(environment);
    process = builder.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder printed = new StringBuilder();
    // readLine blocks until the server prints its first line or the process ends
    for (String line; (line = out.readLine()) != null; ) {
      printed.append(line).append('\n');
      Matcher serving = SERVING.matcher(line);
      if (serving.find()) {
        return Integer.parseInt(serving.group(1));
      }
    }
    throw new AssertionError("featurewatch serve ended without serving:\n" + printed);
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
    process.destroy(); // SIGTERM
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
    return process.exitValue();
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
