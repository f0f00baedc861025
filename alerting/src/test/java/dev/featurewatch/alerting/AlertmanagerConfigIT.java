package dev.featurewatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.testing.TestServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Alertmanager configuration passes {@code amtool check-config}, and each kind of alert reaches
 * the receivers it should ({@code amtool config routes test}).
 */
class AlertmanagerConfigIT {

  private static final Path CONFIG = Path.of("alertmanager/alertmanager.yml");

  private static String amtool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(TestServices.amtool().toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("amtool did not answer within 60 s: " + command);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output + errors).isZero();
    return output.strip();
  }

  /** The receivers an alert with {@code labels} goes to, in order. */
  private static String route(String... labels) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("config", "routes", "test"));
    args.add("--config.file=" + CONFIG);
    args.addAll(List.of(labels));
    return amtool(args.toArray(String[]::new));
  }

  @Test
  void theConfigurationIsValid() throws Exception {
    assertThat(amtool("check-config", CONFIG.toString())).contains("SUCCESS");
  }

  @Test
  void criticalAlertsPageWarningsGoToChatAndModelAlertsReachTheRegistryToo() throws Exception {
    assertThat(
            route(
                "alertname=ModelPerformanceDegraded",
                "severity=critical",
                "team=ml",
                "model=fraud"))
        .isEqualTo("featurewatch-registry,ml-oncall");
    assertThat(
            route("alertname=FeatureDriftSustained", "severity=warning", "team=ml", "model=fraud"))
        .isEqualTo("featurewatch-registry,ml-chat");
    // alerts about the job itself name no model: nothing to write to the registry
    assertThat(route("alertname=MonitoringJobDown", "severity=critical", "team=ml"))
        .isEqualTo("ml-oncall");
    assertThat(
            route("alertname=MonitoringDeadLettersHigh", "severity=warning", "team=ml", "reason=x"))
        .isEqualTo("ml-chat");
  }

  @Test
  void servingAndPipelineAlertsGoToThePlatformTeam() throws Exception {
    assertThat(route("alertname=FeatureServingSLOBurnFast", "severity=critical", "team=platform"))
        .isEqualTo("platform-oncall");
    assertThat(route("alertname=FeatureServingSLOBurnSlow", "severity=warning", "team=platform"))
        .isEqualTo("platform-chat");
    assertThat(
            route(
                "alertname=FeatureViewStale",
                "severity=warning",
                "team=platform",
                "feature_view=trips"))
        .isEqualTo("platform-chat");
    // an alert without a team or a severity still reaches someone
    assertThat(route("alertname=Unexpected")).isEqualTo("ml-chat");
    assertThat(route("alertname=Unexpected", "severity=critical")).isEqualTo("ml-oncall");
  }
}
