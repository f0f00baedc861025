package dev.featurewatch.app.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.app.Cli;
import org.junit.jupiter.api.Test;

class AlertsReceiveCommandTest {

  @Test
  void aPortOutOfRangeIsBadInputNamingTheOption() {
    Cli cli = Cli.run("alerts", "receive", "--port", "70000", "--model-registry", "/tmp/x");

    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err()).contains("--port must be between 0 and 65535, found 70000");
  }

  @Test
  void anAddressItCannotBindIsBadInputNamingIt() {
    Cli cli = Cli.run("alerts", "receive", "--host", "203.0.113.7", "--model-registry", "/tmp/x");

    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err()).contains("cannot bind the alert receiver to 203.0.113.7:9095");
  }
}
