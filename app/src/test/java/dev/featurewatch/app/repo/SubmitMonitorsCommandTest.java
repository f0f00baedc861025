package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.app.Cli;
import dev.featurewatch.monitoring.job.MonitorClusterJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code submit monitors} checks and resolves before it talks to a cluster. */
class SubmitMonitorsCommandTest {

  @TempDir Path repo;
  private Path jar;

  @BeforeEach
  void applyTheExample() throws IOException {
    ExampleRepository.copyTo(repo);
    assertThat(Cli.run("apply", "--repo", repo.toString()).exitCode()).isZero();
    jar = Files.writeString(repo.resolve("jobs.jar"), "not really a jar");
  }

  @Test
  void printGivesTheFlinkRunCommandWithEveryLocationResolved() {
    Cli run =
        Cli.run(
            "submit",
            "monitors",
            "--repo",
            repo.toString(),
            "--kafka",
            "k1:9092",
            "--model-registry",
            "http://mlflow:5000",
            "--jar",
            jar.toString(),
            "--print");

    assertThat(run.exitCode()).as(run.err()).isZero();
    Path root = repo.toAbsolutePath().normalize();
    assertThat(run.out().trim())
        .isEqualTo(
            String.join(
                " ",
                "flink run --detached --class",
                MonitorClusterJob.class.getName(),
                jar.toAbsolutePath().toString(),
                "--registry " + root.resolve(".featurewatch/registry"),
                "--registry-name default",
                "--model-registry http://mlflow:5000",
                "--results " + SubmitMonitorsCommand.DEFAULT_RESULTS,
                "--dead-letters " + root.resolve(".featurewatch/dead-letters"),
                "--kafka k1:9092",
                "--lateness 5",
                "--baseline-poll 30",
                "--checkpoint-interval 10",
                "--metrics-port " + ClusterOptions.DEFAULT_METRICS_PORTS,
                "--repo " + root));
  }

  @Test
  void withoutKafkaTheResultsNeedALocationAndAnUnknownMonitorIsNamed() {
    Cli noResults =
        Cli.run("submit", "monitors", "--repo", repo.toString(), "--jar", jar.toString());
    Cli unknown =
        Cli.run(
            "submit",
            "monitors",
            "--repo",
            repo.toString(),
            "--results",
            "/shared/results",
            "--monitors",
            "nope",
            "--jar",
            jar.toString(),
            "--print");

    assertThat(noResults.exitCode()).isEqualTo(2);
    assertThat(noResults.err()).contains("--results: where should results go?");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err())
        .contains("--monitors: no model monitor 'nope'; the registry has [ranking_champion]");
  }
}
