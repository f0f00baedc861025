package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurewatch.app.Cli;
import dev.featurewatch.store.pipeline.job.ClusterJob;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code submit features} checks and resolves before it talks to a cluster. */
class SubmitFeaturesCommandTest {

  @TempDir Path repo;
  private Path jar;

  @BeforeEach
  void applyTheExample() throws IOException {
    ExampleRepository.copyTo(repo);
    assertThat(Cli.run("apply", "--repo", repo.toString()).exitCode()).isZero();
    jar = Files.writeString(repo.resolve("jobs.jar"), "not really a jar");
  }

  @Test
  void theEmbeddedRocksDbStoreIsRefusedForACluster() {
    Cli run = Cli.run("submit", "features", "--repo", repo.toString(), "--jar", jar.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("online store " + repo.resolve(".featurewatch/online"))
        .contains("a cluster job writes to Redis")
        .contains("online_store: redis://HOST:PORT");
  }

  @Test
  void printGivesTheFlinkRunCommandWithEveryLocationResolved() {
    Cli run =
        Cli.run(
            "submit",
            "features",
            "--repo",
            repo.toString(),
            "--online",
            "redis://10.0.0.5:6379/2",
            "--kafka",
            "k1:9092",
            "--jar",
            jar.toString(),
            "--parallelism",
            "4",
            "--print");

    assertThat(run.exitCode()).as(run.err()).isZero();
    Path root = repo.toAbsolutePath().normalize();
    assertThat(run.out().trim())
        .isEqualTo(
            String.join(
                " ",
                "flink run --detached --parallelism 4 --class",
                ClusterJob.class.getName(),
                jar.toAbsolutePath().toString(),
                "--registry " + root.resolve(".featurewatch/registry"),
                "--registry-name default",
                "--online-store redis://10.0.0.5:6379/2",
                "--offline-store " + root.resolve(".featurewatch/offline"),
                "--dead-letters " + root.resolve(".featurewatch/dead-letters"),
                "--kafka k1:9092",
                "--checkpoint-interval 10",
                "--metrics-port " + ClusterOptions.DEFAULT_METRICS_PORTS,
                "--repo " + root));
  }

  @Test
  void anUnknownViewAndAnAbsentClusterAreNamed() throws IOException {
    Cli unknown =
        Cli.run(
            "submit",
            "features",
            "--repo",
            repo.toString(),
            "--online",
            "redis://127.0.0.1:6379",
            "--jar",
            jar.toString(),
            "--views",
            "driver_hourly_stats");
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Cli absent =
        Cli.run(
            "submit",
            "features",
            "--repo",
            repo.toString(),
            "--online",
            "redis://127.0.0.1:6379",
            "--jar",
            jar.toString(),
            "--flink",
            "http://127.0.0.1:" + closedPort);

    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err())
        .contains("--views: 'driver_hourly_stats' is not a stream feature view of the registry")
        .contains("[driver_trip_stats]");
    assertThat(absent.exitCode()).isEqualTo(2);
    assertThat(absent.err())
        .contains("--flink http://127.0.0.1:" + closedPort + ": no Flink JobManager answers there");
  }

  @Test
  void theRootCauseOfAFailedMainIsWhatFlinkSaysAboutIt() throws IOException {
    String answer =
        """
        {"errors": ["org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute\
         application.\\n\\tat org.apache.flink.runtime.webmonitor.handlers.JarRunHandler...\\n\
        Caused by: org.apache.flink.client.program.ProgramInvocationException: The main method\
         caused an error: boom\\n\\tat ...\\n\
        Caused by: java.lang.IllegalArgumentException: the registry redis://x is empty\\n\\tat ..."]}
        """;

    assertThat(FlinkRest.cause(new ObjectMapper().readTree(answer)))
        .isEqualTo("java.lang.IllegalArgumentException: the registry redis://x is empty");
    assertThat(FlinkRest.cause(new ObjectMapper().readTree("{\"errors\": [\"Not found.\"]}")))
        .isEqualTo("Not found.");
  }
}
