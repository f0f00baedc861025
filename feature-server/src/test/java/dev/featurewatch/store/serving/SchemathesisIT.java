package dev.featurewatch.store.serving;

import static dev.featurewatch.store.serving.ServingFixtures.DRIVER_STATS;
import static dev.featurewatch.store.serving.ServingFixtures.FEAST_EVENT_TIME;
import static dev.featurewatch.store.serving.ServingFixtures.driverStats;
import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.rocksdb.RocksDbOnlineStore;
import dev.featurewatch.testing.TestServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * schemathesis (from the test virtualenv), with every check, against the server with data loaded:
 * the server answers as {@code /openapi.json} says, for hundreds of generated requests, valid and
 * not. The settings are {@code src/test/resources/schemathesis.toml}; the seed is fixed, so a
 * failure reproduces. One worker: with two, CPython 3.11's compiler failed inside schemathesis
 * ("AST constructor recursion depth mismatch") on one run of three.
 */
class SchemathesisIT {

  private static final Pattern GENERATED = Pattern.compile("(\\d+) generated, (\\d+) passed");

  @TempDir Path dir;

  @Test
  void theServerAnswersAsItsOpenApiDocumentSaysForEveryCheck() throws Exception {
    try (OnlineStore store = RocksDbOnlineStore.open(dir.resolve("online"));
        FeatureServer server =
            ServingFixtures.startedServer(store, ServerConfig.defaults(0).withMaxEntities(100))) {
      store.write(
          DRIVER_STATS,
          List.of(
              driverStats(1001, FEAST_EVENT_TIME, 0.5, 0.25, 3L),
              driverStats(1002, FEAST_EVENT_TIME, 0.75, null, 4L)));

      String output =
          schemathesis(
              "--config-file",
              Path.of("src/test/resources/schemathesis.toml").toAbsolutePath().toString(),
              "--no-color",
              "run",
              "http://127.0.0.1:" + server.port() + "/openapi.json",
              "--checks",
              "all",
              "--max-examples",
              "300",
              "--seed",
              "20261207",
              "--generation-database",
              "none");

      Matcher counts = GENERATED.matcher(output);
      assertThat(counts.find()).as(output).isTrue();
      assertThat(Integer.parseInt(counts.group(1))).as(output).isGreaterThan(500);
      assertThat(counts.group(2)).as(output).isEqualTo(counts.group(1));
      assertThat(output).as(output).contains("Selected: 7/7").doesNotContain("failures");
    }
  }

  /** Runs the schemathesis CLI of the test virtualenv; its output, asserting it exited 0. */
  private String schemathesis(String... arguments) throws IOException, InterruptedException {
    Path cli = TestServices.python().resolveSibling("schemathesis");
    if (!Files.isExecutable(cli)) {
      throw new AssertionError(
          cli
              + " is missing: scripts/test-services.sh start installs scripts/requirements-test.txt");
    }
    List<String> command = new ArrayList<>(List.of(cli.toString()));
    command.addAll(List.of(arguments));
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] printed = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
    String output = new String(printed, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
