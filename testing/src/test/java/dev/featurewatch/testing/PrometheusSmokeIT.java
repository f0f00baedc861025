package dev.featurewatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PrometheusSmokeIT {

  @Test
  void promtoolRuns() throws Exception {
    Tool promtool = Tool.run(TestServices.promtool().toString(), "--version");

    assertThat(promtool.exitCode()).as(promtool.output()).isZero();
    assertThat(promtool.output()).contains("promtool, version");
  }

  @Test
  void prometheusIsReady() throws Exception {
    var response = Http.get(TestServices.prometheusUrl().resolve("/-/ready"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  @Test
  void prometheusAnswersAQueryAboutItsOwnScrape() throws Exception {
    // The test Prometheus scrapes itself every second: its `up` series appears shortly after start.
    URI query =
        TestServices.prometheusUrl()
            .resolve(
                "/api/v1/query?query="
                    + URLEncoder.encode("up{job=\"prometheus\"}", StandardCharsets.UTF_8));
    JsonNode result = null;
    for (int attempt = 0; attempt < 100; attempt++) {
      JsonNode body = Http.getJson(query);
      assertThat(body.path("status").asText()).isEqualTo("success");
      result = body.path("data").path("result");
      if (!result.isEmpty()) {
        break;
      }
      Thread.sleep(200);
    }

    assertThat(result).as("up{job=\"prometheus\"} after 20 s").hasSize(1);
    assertThat(result.get(0).path("value").get(1).asText()).isEqualTo("1");
  }
}
