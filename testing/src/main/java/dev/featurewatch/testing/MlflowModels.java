package dev.featurewatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Registered models on the test MLflow server, made with MLflow's REST API as a data scientist's
 * client would: models, versions and aliases for a test, deleted after it.
 */
public final class MlflowModels {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI mlflow;
  private final List<String> created = new ArrayList<>();

  public MlflowModels(URI mlflow) {
    this.mlflow = mlflow;
  }

  /** A new version of {@code model}, registering the model first if this helper has not. */
  public String createVersion(String model) throws IOException, InterruptedException {
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

  public void setAlias(String model, String alias, String version)
      throws IOException, InterruptedException {
    call(
        "POST",
        "registered-models/alias",
        Map.of("name", model, "alias", alias, "version", version));
  }

  /** Deletes every model this helper registered. */
  public void deleteAll() throws IOException, InterruptedException {
    for (String model : created) {
      call("DELETE", "registered-models/delete", Map.of("name", model));
    }
    created.clear();
  }

  /**
   * One call of MLflow's REST API 2.0.
   *
   * @throws IllegalStateException when MLflow does not answer 200, with its answer
   */
  public JsonNode call(String method, String path, Map<String, String> body)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(mlflow.resolve("/api/2.0/mlflow/" + path))
                    .header("Content-Type", "application/json")
                    .method(
                        method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          method
              + " "
              + path
              + ": MLflow answered "
              + response.statusCode()
              + " "
              + response.body());
    }
    return JSON.readTree(response.body());
  }
}
