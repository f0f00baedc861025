package dev.featurewatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MlflowSmokeIT {

  private static final String API = "/api/2.0/mlflow/registered-models/";

  @Test
  void aRegisteredModelCreatedOverRestIsReadBackWithItsTag() throws Exception {
    URI mlflow = TestServices.mlflowUrl();
    // Unique per run: the tracking server may outlive a test run when started by hand.
    String name = "featurewatch-smoke-" + UUID.randomUUID();

    JsonNode created =
        Http.sendJson(
            "POST",
            mlflow.resolve(API + "create"),
            Map.of(
                "name",
                name,
                "description",
                "created by MlflowSmokeIT",
                "tags",
                List.of(Map.of("key", "featurewatch.smoke", "value", "true"))));
    try {
      assertThat(created.path("registered_model").path("name").asText()).isEqualTo(name);

      JsonNode model =
          Http.getJson(
                  mlflow.resolve(
                      API + "get?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)))
              .path("registered_model");

      assertThat(model.path("name").asText()).isEqualTo(name);
      assertThat(model.path("description").asText()).isEqualTo("created by MlflowSmokeIT");
      assertThat(model.path("tags"))
          .anySatisfy(
              tag -> {
                assertThat(tag.path("key").asText()).isEqualTo("featurewatch.smoke");
                assertThat(tag.path("value").asText()).isEqualTo("true");
              });
    } finally {
      Http.sendJson("DELETE", mlflow.resolve(API + "delete"), Map.of("name", name));
    }
  }
}
