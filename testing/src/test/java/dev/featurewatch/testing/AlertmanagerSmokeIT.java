package dev.featurewatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class AlertmanagerSmokeIT {

  @Test
  void amtoolRuns() throws Exception {
    Tool amtool = Tool.run(TestServices.amtool().toString(), "--version");

    assertThat(amtool.exitCode()).as(amtool.output()).isZero();
    assertThat(amtool.output()).contains("amtool, version");
  }

  @Test
  void alertmanagerReportsItsStatusWithClusteringDisabled() throws Exception {
    JsonNode status = Http.getJson(TestServices.alertmanagerUrl().resolve("/api/v2/status"));

    assertThat(status.path("versionInfo").path("version").asText()).isNotBlank();
    assertThat(status.path("cluster").path("status").asText()).isEqualTo("disabled");
    assertThat(status.path("config").path("original").asText()).contains("receiver: \"null\"");
  }
}
