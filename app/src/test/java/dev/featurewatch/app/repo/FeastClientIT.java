package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurewatch.testing.TestServices;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feast's own Python SDK, unchanged, against {@code featurewatch serve}: a Feast repository whose
 * online store is Feast's {@code remote} store pointed at the server ({@code
 * src/test/python/feast_remote_client.py}, run with the Feast virtualenv of {@code
 * scripts/requirements-feast.txt}). Feast builds the requests and parses the answers with its own
 * code, so a response shape it cannot read fails here.
 */
class FeastClientIT {

  private static final Path APP = Paths.get("").toAbsolutePath();
  private static final Path CLIENT = APP.resolve("src/test/python/feast_remote_client.py");
  private static final Path REQUIREMENTS =
      APP.getParent().resolve("scripts/requirements-feast.txt");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private static ServeProcess server;

  @BeforeAll
  static void serveTheExample() throws IOException {
    ExampleRepository.register(dir.resolve("registry"));
    server = ServeProcess.start(dir, dir.resolve("online").toString());
  }

  @AfterAll
  static void stopTheServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void feastsRemoteOnlineStoreReadsTheValuesWrittenAndNoneForAnUnknownDriver() throws Exception {
    // the body Feast's remote store sends for write_to_online_store: naive UTC times, no created
    String now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString();
    HttpResponse<String> written =
        post(
            "/write-to-online-store",
            """
            {"feature_view_name": "driver_hourly_stats", "allow_registry_cache": false,
             "df": {"driver_id": [1001], "conv_rate": [0.85], "acc_rate": [0.91],
                    "avg_daily_trips": [27], "event_timestamp": ["%s"], "created": [null]}}
            """
                .formatted(now));
    assertThat(written.statusCode()).as(written.body()).isEqualTo(200);

    JsonNode feast = feast("--driver", "1001", "--driver", "9999");

    assertThat(feast.get("feast_version").textValue()).isEqualTo(pinnedFeastVersion());
    JsonNode features = feast.get("online_features");
    assertThat(features.toString())
        .isEqualTo(
            "{\"driver_id\":[1001,9999],\"conv_rate\":[0.85,null],\"acc_rate\":[0.91,null],"
                + "\"avg_daily_trips\":[27,null]}");
    // the statuses as Feast parsed them: a string it does not know would have become INVALID
    assertThat(feast.get("statuses").toString())
        .isEqualTo(
            "{\"driver_id\":[\"PRESENT\",\"PRESENT\"],\"conv_rate\":[\"PRESENT\",\"NOT_FOUND\"],"
                + "\"acc_rate\":[\"PRESENT\",\"NOT_FOUND\"],"
                + "\"avg_daily_trips\":[\"PRESENT\",\"NOT_FOUND\"]}");
  }

  @Test
  void feastsWriteToOnlineStoreLandsOnTheServer() throws Exception {
    JsonNode feast =
        feast(
            "--write",
            "{\"driver_id\": [1002], \"conv_rate\": [0.5], \"acc_rate\": [0.25],"
                + " \"avg_daily_trips\": [3]}",
            "--driver",
            "1002");

    assertThat(feast.get("online_features").toString())
        .isEqualTo(
            "{\"driver_id\":[1002],\"conv_rate\":[0.5],\"acc_rate\":[0.25],\"avg_daily_trips\":[3]}");
    // and the server holds the row, as any other client reads it
    HttpResponse<String> read =
        post(
            "/get-online-features",
            "{\"features\": [\"driver_hourly_stats:avg_daily_trips\"],"
                + " \"entities\": {\"driver_id\": [1002]}}");
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    assertThat(JSON.readTree(read.body()).at("/results/1/values").toString()).isEqualTo("[3]");
  }

  /** Runs the Feast client against the server and answers the JSON it printed. */
  private static JsonNode feast(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(TestServices.feastPython().toString());
    command.add(CLIENT.toString());
    command.addAll(List.of("--server", server.url().toString()));
    command.addAll(List.of(arguments));
    Path stderr = Files.createTempFile(dir, "feast-", ".log");
    Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean ended = process.waitFor(120, TimeUnit.SECONDS);
    String printed = stdout + Files.readString(stderr);
    assertThat(ended).as("the Feast client ended within 120 s:\n%s", printed).isTrue();
    assertThat(process.exitValue()).as("the Feast client's exit code:\n%s", printed).isZero();
    // the JSON is the last line; Feast may warn before it
    String[] lines = stdout.strip().split("\n");
    return JSON.readTree(lines[lines.length - 1]);
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(server.url().resolve(path))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json")
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The version {@code scripts/requirements-feast.txt} pins, which the virtualenv must hold. */
  private static String pinnedFeastVersion() throws IOException {
    Matcher pin =
        Pattern.compile("(?m)^feast(?:\\[[a-z,]+\\])?==(\\S+)$")
            .matcher(Files.readString(REQUIREMENTS));
    assertThat(pin.find()).as("a feast[extras]==VERSION line in %s", REQUIREMENTS).isTrue();
    return pin.group(1);
  }
}
