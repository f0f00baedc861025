package dev.featurewatch.modelregistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.testing.MlflowAuthServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MLflow client against a real MLflow with basic authentication ({@link MlflowAuthServer}), its
 * credentials given as MLflow's variables in an environment of the test's.
 */
class MlflowBasicAuthIT {

  private static final String MODEL = "fw-auth";
  private static final String WRONG = "Wrong-Password-0451";

  @TempDir static Path dir;
  private static MlflowAuthServer mlflow;

  @BeforeAll
  static void startMlflow() throws Exception {
    mlflow = MlflowAuthServer.start(dir.resolve("mlflow"));
  }

  @AfterAll
  static void stopMlflow() {
    mlflow.close();
  }

  private static MlflowModelRegistry registry(Map<String, String> environment) {
    return new MlflowModelRegistry(
        mlflow.url(), Duration.ofSeconds(10), MlflowCredentials.fromEnvironment(environment::get));
  }

  private static MlflowModelRegistry admin() {
    return registry(
        Map.of(
            "MLFLOW_TRACKING_USERNAME",
            MlflowAuthServer.ADMIN,
            "MLFLOW_TRACKING_PASSWORD",
            mlflow.adminPassword()));
  }

  @Test
  void theRightCredentialsRegisterListTagAndAttachABaseline() {
    ModelRegistry registry = admin();

    ModelVersion created = registry.createVersion(MODEL, "s3://models/fw-auth/1", "", "");
    registry.setTag(MODEL, created.version(), "featurewatch.status", "ok");
    byte[] baseline = "{\"features\": []}".getBytes(StandardCharsets.UTF_8);
    registry.attachBaseline(MODEL, created.version(), baseline);

    assertThat(registry.models()).contains(MODEL);
    assertThat(registry.versions(MODEL))
        .anySatisfy(
            v -> {
              assertThat(v.version()).isEqualTo(created.version());
              assertThat(v.tags()).containsEntry("featurewatch.status", "ok");
            });
    assertThat(registry.baseline(MODEL, created.version())).isEqualTo(baseline);
  }

  @Test
  void thePasswordMayComeFromAFile() throws Exception {
    Path file = Files.writeString(dir.resolve("password"), mlflow.adminPassword() + "\n");

    ModelRegistry registry =
        registry(
            Map.of(
                "MLFLOW_TRACKING_USERNAME",
                MlflowAuthServer.ADMIN,
                "MLFLOW_TRACKING_PASSWORD_FILE",
                file.toString()));

    assertThat(registry.createVersion(MODEL, "s3://models/fw-auth/2", "", "").model())
        .isEqualTo(MODEL);
  }

  @Test
  void aWrongPasswordIsRefusedSayingWhatWasSentButNotTheSecret() {
    ModelRegistry registry =
        registry(
            Map.of(
                "MLFLOW_TRACKING_USERNAME",
                MlflowAuthServer.ADMIN,
                "MLFLOW_TRACKING_PASSWORD",
                WRONG));

    assertThatThrownBy(registry::models)
        .isInstanceOfSatisfying(
            ModelRegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(ModelRegistryException.Kind.REFUSED))
        .hasMessage(
            "MLflow at "
                + mlflow.url()
                + "/ refused the credentials (HTTP 401): set MLFLOW_TRACKING_TOKEN or"
                + " MLFLOW_TRACKING_USERNAME/PASSWORD (listing the registered models; sent user"
                + " 'admin' with the password from MLFLOW_TRACKING_PASSWORD)")
        .hasNoCause();
  }

  @Test
  void noCredentialsAreRefusedSayingNoneWereSent() {
    assertThatThrownBy(() -> registry(Map.of()).version(MODEL, "1"))
        .isInstanceOf(ModelRegistryException.class)
        .hasMessageStartingWith(
            "MLflow at "
                + mlflow.url()
                + "/ refused the credentials (HTTP 401): set MLFLOW_TRACKING_TOKEN or"
                + " MLFLOW_TRACKING_USERNAME/PASSWORD")
        .hasMessageEndingWith("; sent no credentials)");
  }

  @Test
  void aTokenThatBasicAuthDoesNotTakeIsRefusedWithoutShowingIt() {
    String token = "Token-Secret-7718";

    assertThatThrownBy(() -> registry(Map.of("MLFLOW_TRACKING_TOKEN", token)).models())
        .hasMessageContaining("refused the credentials (HTTP 401)")
        .hasMessageEndingWith("; sent a token from MLFLOW_TRACKING_TOKEN)")
        .hasMessageNotContaining(token);
  }

  @Test
  void aUserWithoutPermissionIsRefusedWith403() throws Exception {
    String version = admin().createVersion(MODEL, "s3://models/fw-auth/3", "", "").version();
    String password = "Reader-Password-2290";
    mlflow.createUser("reader", password);
    ModelRegistry reader =
        registry(
            Map.of("MLFLOW_TRACKING_USERNAME", "reader", "MLFLOW_TRACKING_PASSWORD", password));

    assertThat(reader.version(MODEL, version).version()).as("READ by default").isEqualTo(version);
    assertThatThrownBy(() -> reader.setTag(MODEL, version, "featurewatch.status", "drift"))
        .isInstanceOfSatisfying(
            ModelRegistryException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("refused the credentials (HTTP 403)")
        .hasMessageContaining("setting tag 'featurewatch.status' of fw-auth v" + version)
        .hasMessageNotContaining(password);
  }
}
