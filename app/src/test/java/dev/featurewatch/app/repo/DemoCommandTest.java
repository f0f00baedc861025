package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.app.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

  @TempDir Path dir;

  @Test
  void writeOnlyWritesTheScenariosRepositoryAndRunsNothing() throws Exception {
    Cli demo = Cli.run("demo", "--write-only", "--dir", dir.toString());

    assertThat(demo.exitCode()).as(demo.err()).isZero();
    assertThat(dir.resolve("featurewatch.yaml")).isRegularFile();
    assertThat(dir.resolve("loans.yaml")).isRegularFile();
    assertThat(dir.resolve("baseline.json")).isRegularFile();
    try (var lines = Files.lines(dir.resolve("data/predictions.jsonl"))) {
      assertThat(lines.count()).isEqualTo(48_000);
    }
    assertThat(dir.resolve(".featurewatch")).doesNotExist();
  }

  @Test
  void aDirectoryThatIsNotEmptyIsRefused() throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "mine");

    Cli demo = Cli.run("demo", "--write-only", "--dir", dir.toString());

    assertThat(demo.exitCode()).isEqualTo(2);
    assertThat(demo.err()).contains("--dir " + dir + " is not empty");
  }
}
