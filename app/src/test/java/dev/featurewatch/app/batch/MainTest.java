package dev.featurewatch.app.batch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void helpListsEveryCommandWithOneLine() {
    Cli cli = Cli.run("--help");

    assertThat(cli.exitCode()).isZero();
    assertThat(cli.out())
        .contains("baseline  Profile training data")
        .contains("drift     Compare current data with a reference or a baseline, per feature.")
        .contains("apply     Validate a feature repository and store it as a registry version.")
        .contains("registry  List or describe what the registry holds.");
  }

  @Test
  void anUnknownCommandIsAUsageError() {
    Cli cli = Cli.run("frobnicate");

    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err()).contains("Unmatched argument at index 0: 'frobnicate'");
  }
}
