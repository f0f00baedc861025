package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.store.config.RedisLocations;
import dev.featurewatch.testing.RedisServer;
import dev.featurewatch.testing.TestCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code featurewatch serve} with every secret it takes set (bearer tokens, the TLS keystore's
 * password, the Redis password), called rightly and wrongly, then stopped: none of the secrets is
 * in anything it printed (its log included) or answered.
 */
class SecretsStayOutOfLogsIT {

  private static final String READ_TOKEN = "read-token-secret-7d41c9e2";
  private static final String WRITE_TOKEN = "write-token-secret-0b8f3a61";
  private static final String REDIS_PASSWORD = "redis-password-secret-5e2a";

  @TempDir Path dir;

  @Test
  void noSecretIsPrintedLoggedOrAnswered() throws Exception {
    TestCertificates certificates = TestCertificates.create(dir.resolve("certs"));
    Path repo = dir.resolve("repo");
    ExampleRepository.copyTo(repo);
    try (RedisServer redis =
        RedisServer.start(dir.resolve("redis"), List.of("--requirepass", REDIS_PASSWORD))) {
      Files.writeString(
          repo.resolve("featurewatch.yaml"),
          String.join(
              "\n",
              "online_store: redis://127.0.0.1:" + redis.port(),
              "serving:",
              "  tls:",
              "    keystore: " + certificates.keystore(),
              "    keystore_password_env: FW_KEYSTORE_PASSWORD",
              "  auth:",
              "    tokens:",
              "      - {name: ranking, token_env: FW_READ_TOKEN, scopes: [read]}",
              "      - {name: ingest, token_env: FW_WRITE_TOKEN, scopes: [read, write]}",
              ""));
      Map<String, String> environment =
          Map.of(
              "FW_READ_TOKEN",
              READ_TOKEN,
              "FW_WRITE_TOKEN",
              WRITE_TOKEN,
              "FW_KEYSTORE_PASSWORD",
              certificates.password(),
              RedisLocations.PASSWORD_ENV,
              REDIS_PASSWORD);
      assertThat(CommandProcess.run(environment, "apply", "--repo", repo.toString()).exitCode())
          .isZero();
      List<String> answers = new ArrayList<>();
      String printed;
      try (CommandProcess serve =
          CommandProcess.start(
              environment,
              Pattern.compile("serving registry version"),
              "serve",
              "--repo",
              repo.toString(),
              "--port",
              "0")) {
        Matcher port = Pattern.compile("on https://0\\.0\\.0\\.0:(\\d+) ").matcher(serve.output());
        assertThat(port.find()).as(serve.output()).isTrue();
        HttpClient https =
            HttpClient.newBuilder()
                .sslContext(certificates.trustingClient())
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        String base = "https://localhost:" + port.group(1);
        String read =
            "{\"features\": [\"driver_hourly_stats:conv_rate\"], \"entities\": {\"driver_id\":"
                + " [1001]}}";
        for (String token :
            List.of(READ_TOKEN, WRITE_TOKEN, READ_TOKEN + "x", "", certificates.password())) {
          for (String path : List.of("/get-online-features", "/push")) {
            HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path))
                    .POST(HttpRequest.BodyPublishers.ofString(read));
            if (!token.isEmpty()) {
              request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> answer =
                https.send(request.build(), HttpResponse.BodyHandlers.ofString());
            answers.add(answer.statusCode() + " " + answer.headers().map() + " " + answer.body());
          }
        }
        assertThat(answers.get(0)).startsWith("200");
        printed = serve.output();
      }
      String everything = printed + "\n" + String.join("\n", answers);
      assertThat(everything).contains("unauthorized", "forbidden");
      for (String secret :
          List.of(READ_TOKEN, WRITE_TOKEN, REDIS_PASSWORD, certificates.password())) {
        assertThat(everything).as("what was printed and answered").doesNotContain(secret);
      }
    }
  }
}
