package dev.featurewatch.modelregistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurewatch.testing.TestServices;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract against a real MLflow tracking server (scripts/test-services.sh starts one); models
 * and versions are created over MLflow's own REST API, as MLflow's client would, and deleted after.
 */
class MlflowModelRegistryIT extends ModelRegistryContract {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final URI MLFLOW = TestServices.mlflowUrl();

  private final List<String> created = new ArrayList<>();

  @Override
  ModelRegistry registry() {
    return new MlflowModelRegistry(MLFLOW, Duration.ofSeconds(10));
  }

  @Override
  String createVersion(String model) throws Exception {
    if (!created.contains(model)) {
      call("POST", "registered-models/create", Map.of("name", model));
      created.add(model);
    }
    return call(
            "POST",
            "model-versions/create",
            Map.of("name", model, "source", "s3://featurewatch-test/" + model))
        .path("model_version")
        .path("version")
        .asText();
  }

  @Override
  void setAlias(String model, String alias, String version) throws Exception {
    call(
        "POST",
        "registered-models/alias",
        Map.of("name", model, "alias", alias, "version", version));
  }

  @AfterEach
  void deleteModels() throws Exception {
    for (String model : created) {
      call("DELETE", "registered-models/delete", Map.of("name", model));
    }
  }

  @Test
  void aRefusalCarriesMlflowsMessageAndIsNotRetried() throws Exception {
    String model = uniqueModel();
    String version = createVersion(model);

    assertThatThrownBy(() -> registry().setTag(model, version, "", "x"))
        .isInstanceOfSatisfying(
            ModelRegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(ModelRegistryException.Kind.REFUSED))
        .hasMessageContaining("INVALID_PARAMETER_VALUE");
  }

  @Test
  void aServerThatDoesNotAnswerIsUnavailableAndWorthRetrying() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    ModelRegistry down =
        new MlflowModelRegistry(URI.create("http://127.0.0.1:" + closed), Duration.ofSeconds(2));

    assertThatThrownBy(() -> down.version("fraud", "1"))
        .isInstanceOfSatisfying(
            ModelRegistryException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("no answer");
  }

  private static JsonNode call(String method, String path, Map<String, String> body)
      throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(MLFLOW.resolve("/api/2.0/mlflow/" + path))
                    .header("Content-Type", "application/json")
                    .method(
                        method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
