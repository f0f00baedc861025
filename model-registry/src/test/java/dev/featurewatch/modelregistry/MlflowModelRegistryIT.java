package dev.featurewatch.modelregistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.testing.MlflowModels;
import dev.featurewatch.testing.TestServices;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract against a real MLflow tracking server (scripts/test-services.sh starts one); models
 * and versions are created over MLflow's own REST API, as MLflow's client would, and deleted after.
 */
class MlflowModelRegistryIT extends ModelRegistryContract {

  private static final URI MLFLOW = TestServices.mlflowUrl();

  private final MlflowModels models = new MlflowModels(MLFLOW);

  @Override
  ModelRegistry registry() {
    return new MlflowModelRegistry(MLFLOW, Duration.ofSeconds(10));
  }

  @Override
  String createVersion(String model) throws Exception {
    return models.createVersion(model);
  }

  @Override
  void setAlias(String model, String alias, String version) throws Exception {
    models.setAlias(model, alias, version);
  }

  /** Deletes the models of this test: MlflowModels' own, then those the registry created. */
  @AfterEach
  void deleteModels() throws Exception {
    models.deleteAll();
    for (String model : registry().models()) {
      if (model.startsWith(CONTRACT_PREFIX)) {
        models.call("DELETE", "registered-models/delete", Map.of("name", model));
      }
    }
  }

  @Test
  void aVersionNeedsASourceAndTheModelIsNotRegisteredWithoutOne() {
    String model = uniqueModel();

    assertThatThrownBy(() -> registry().createVersion(model, " ", "", ""))
        .isInstanceOfSatisfying(
            ModelRegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(ModelRegistryException.Kind.REFUSED))
        .hasMessage(
            "MLflow at "
                + MLFLOW
                + "/: a version of model '"
                + model
                + "' needs a source, the URI of the model's files");
    assertThat(registry().models()).doesNotContain(model);
  }

  @Test
  void aModelThatExistsIsNotRegisteredAgain() throws Exception {
    String model = uniqueModel();
    String first = createVersion(model); // MLflow's client registered the model

    ModelVersion second = registry().createVersion(model, "s3://models/" + model, "", "");

    assertThat(second.version()).isEqualTo(Long.toString(Long.parseLong(first) + 1));
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
}
