package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.app.Cli;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.registry.FileRegistry;
import dev.featurewatch.store.repo.RepositoryReader;
import dev.featurewatch.testing.TestServices;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feast's own Python SDK, unchanged, gets its training sets from {@code featurewatch serve
 * --offline-port}: a Feast repository whose offline store is Feast's {@code remote} store (Arrow
 * Flight) calls {@code get_historical_features(...).to_df()} with feature references and with a
 * feature service ({@code src/test/python/feast_offline_client.py}, the Feast virtualenv of {@code
 * scripts/requirements-feast.txt}); each frame must equal {@code featurewatch historical --out
 * .parquet}'s for the same entities and features. The rows come from both the example's CSV file
 * source and the offline store. The server's online store is Redis, so Lettuce and Flight (two
 * users of Netty) serve from one JVM.
 */
class FeastOfflineStoreIT {

  private static final Path CLIENT =
      Paths.get("").toAbsolutePath().resolve("src/test/python/feast_offline_client.py");
  private static final Pattern OFFLINE = Pattern.compile("grpc\\+tcp://0\\.0\\.0\\.0:(\\d+)");

  /** driver_ranking's features, as feast_offline_client.py asks for them by reference. */
  private static final String REFS =
      "driver_hourly_stats:conv_rate,driver_hourly_stats:acc_rate,"
          + "driver_hourly_stats:avg_daily_trips,driver_profile:rating,driver_profile:vehicle_type";

  @TempDir Path dir;

  @Test
  void feastsGetHistoricalFeaturesEqualsFeaturewatchHistorical() throws Exception {
    Path feastPython = TestServices.feastPython(); // fails here, loudly, without the virtualenv
    Path repo = dir.resolve("repo");
    Path registry = dir.resolve("registry");
    Path offline = dir.resolve("offline");
    ExampleRepository.copyTo(repo); // the file sources keep their rows
    // Feast's quickstart shape: the drivers' profiles as a Parquet FileSource, written by pandas
    Path profiles = repo.resolve("data/driver_profile.parquet");
    String converted =
        TestServices.runPython(
            Path.of("src/test/python/csv_to_parquet.py"),
            repo.resolve("data/driver_profile.csv").toString(),
            profiles.toString(),
            "updated_at,signup_time");
    assertThat(converted).contains("3 rows");
    Files.delete(repo.resolve("data/driver_profile.csv"));
    Path sources = repo.resolve("sources.yaml");
    Files.writeString(
        sources,
        Files.readString(sources)
            .replace("path: data/driver_profile.csv", "path: data/driver_profile.parquet"));
    var repository = RepositoryReader.read(repo);
    new FileRegistry(registry).apply(repository, false);
    FeatureView stats = repository.featureView("driver_hourly_stats").orElseThrow();
    try (OfflineStore store = new OfflineStore(offline)) {
      store.append(
          stats,
          List.of(
              // newer than the CSV's 09:00 row of 1001; 1004 is in no file
              ExampleRepository.driverStats(1001, "2026-11-01T10:00:00Z", 0.70, 0.93, 16),
              ExampleRepository.driverStats(1004, "2026-11-01T11:00:00Z", 0.55, 0.81, 7)));
    }
    Path entities =
        Files.writeString(
            dir.resolve("entities.csv"),
            String.join(
                "\n",
                "driver_id,event_timestamp,trip_id,label",
                "1001,2026-11-01T08:30:00Z,t1,1", // the CSV's 08:00 row
                "1001,2026-11-01T10:30:00Z,t2,0", // the offline store's 10:00 row
                "1002,2026-11-01T10:00:00Z,t3,1", // exactly the CSV's 10:00 row
                "1003,2026-11-03T09:00:01Z,t4,0", // hourly stats beyond the 1 d ttl; a profile
                "1004,2026-11-01T12:00:00Z,t5,1", // the offline store only; no profile
                "1001,2026-10-01T00:00:00Z,t6,0", // before every row
                ""));
    Path byRefs = dir.resolve("refs.parquet");
    Path byService = dir.resolve("service.parquet");
    historical(
        repo, registry, offline, entities, byRefs, "--features", REFS, "--full-feature-names");
    historical(repo, registry, offline, entities, byService, "--feature-service", "driver_ranking");
    // the Parquet profiles into the online store, as `feast materialize` would
    Cli materialized =
        Cli.run(
            "materialize",
            "--repo",
            repo.toString(),
            "--registry",
            registry.toString(),
            "--offline",
            offline.toString(),
            "--online",
            TestServices.redisUri() + "/13",
            "--state",
            dir.resolve("materialize.json").toString(),
            "--start",
            "2026-10-01",
            "--end",
            "2026-11-02",
            "--views",
            "driver_profile");
    assertThat(materialized.exitCode()).as(materialized.err()).isZero();
    assertThat(materialized.out()).contains("3 rows read, 3 keys written");

    try (ServeProcess server =
        ServeProcess.start(
            repo,
            Map.of(),
            "--port",
            "0",
            "--offline-port",
            "0",
            "--registry",
            registry.toString(),
            "--offline",
            offline.toString(),
            "--online",
            TestServices.redisUri() + "/13")) {
      int offlinePort = offlinePort(server);
      String output =
          run(
              feastPython,
              "--host",
              "127.0.0.1",
              "--port",
              String.valueOf(offlinePort),
              "--entities",
              entities.toString(),
              "--expected-refs",
              byRefs.toString(),
              "--expected-service",
              byService.toString());
      assertThat(output).contains("ok: feast 0.67.0, 6 rows");

      // served from what materialize wrote
      HttpResponse<String> online =
          post(
              server,
              "/get-online-features",
              "{\"features\": [\"driver_profile:rating\", \"driver_profile:vehicle_type\"],"
                  + " \"entities\": {\"driver_id\": [1002]}}");
      assertThat(online.statusCode()).as(online.body()).isEqualTo(200);
      assertThat(online.body()).contains("4.62").contains("\"suv\"");

      // and Lettuce, on the same Netty, still serves the online store
      HttpResponse<String> written =
          post(
              server,
              "/write-to-online-store",
              "{\"feature_view_name\": \"driver_hourly_stats\", \"df\": {\"driver_id\": [1001],"
                  + " \"conv_rate\": [0.85], \"acc_rate\": [0.91], \"avg_daily_trips\": [27],"
                  + " \"event_timestamp\": [\"2026-11-01T10:00:00\"], \"created\": [null]}}");
      assertThat(written.statusCode()).as(written.body()).isEqualTo(200);
    }
  }

  private static void historical(
      Path repo, Path registry, Path offline, Path entities, Path out, String... features) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "historical",
                "--repo",
                repo.toString(),
                "--registry",
                registry.toString(),
                "--offline",
                offline.toString(),
                "--entities",
                entities.toString(),
                "--out",
                out.toString()));
    args.addAll(List.of(features));
    Cli run = Cli.run(args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  /** The offline port {@code serve} printed, which it prints before it is ready to be stopped. */
  private static int offlinePort(ServeProcess server) {
    Matcher port = OFFLINE.matcher(server.printed());
    assertThat(port.find()).as("serve printed its offline port:\n%s", server.printed()).isTrue();
    return Integer.parseInt(port.group(1));
  }

  private static String run(Path python, String... arguments)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(python.toString(), CLIENT.toString()));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    boolean ended = process.waitFor(180, TimeUnit.SECONDS);
    assertThat(ended).as("the Feast client ended within 180 s:\n%s", output).isTrue();
    assertThat(process.exitValue()).as("the Feast client's exit code:\n%s", output).isZero();
    return output;
  }

  private static HttpResponse<String> post(ServeProcess server, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(server.url().resolve(path))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json")
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }
}
