package dev.featurewatch.app.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.app.Cli;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void helpListsEveryCommandWithOneLine() {
    Cli cli = Cli.run("--help");

    assertThat(cli.exitCode()).isZero();
    List<String> lines = Arrays.asList(cli.out().split("\n"));
    int start = lines.indexOf("Commands:");
    List<String> names =
        List.of(
            "apply",
            "registry",
            "historical",
            "materialize",
            "materialize-incremental",
            "serve",
            "run",
            "submit",
            "models",
            "baseline",
            "drift",
            "report",
            "alerts",
            "demo",
            "help");
    List<String> commands = lines.subList(start + 1, start + 1 + names.size());
    assertThat(commands)
        .extracting(line -> line.strip().split("\\s+")[0])
        .containsExactlyElementsOf(names);
    // one line each: the line after the last command is not a continuation
    assertThat(lines.get(start + 1 + names.size())).doesNotStartWith("   ");
    assertThat(cli.out())
        .containsPattern(
            "drift +Compare current data with a reference or a baseline, per feature.");
  }

  @Test
  void anUnknownCommandIsAUsageError() {
    Cli cli = Cli.run("frobnicate");

    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err()).contains("Unmatched argument at index 0: 'frobnicate'");
  }
}
