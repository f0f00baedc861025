package dev.featurewatch.modelregistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MLflow's credential variables resolved from an environment given as a map. */
class MlflowCredentialsTest {

  private static final String SECRET = "s3cr3t-Value-42";

  @TempDir Path dir;

  private static MlflowCredentials resolve(Map<String, String> environment) {
    return MlflowCredentials.fromEnvironment(environment::get);
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void noVariablesSendNoCredentials() {
    MlflowCredentials none = resolve(Map.of());

    assertThat(none.authorization()).isEmpty();
    assertThat(none).hasToString("no credentials");
  }

  @Test
  void anEmptyVariableCountsAsUnset() {
    assertThat(
            resolve(
                    Map.of(
                        "MLFLOW_TRACKING_TOKEN", "",
                        "MLFLOW_TRACKING_USERNAME", "",
                        "MLFLOW_TRACKING_PASSWORD_FILE", ""))
                .authorization())
        .isEmpty();
  }

  @Test
  void aTokenIsSentAsBearer() {
    MlflowCredentials token = resolve(Map.of("MLFLOW_TRACKING_TOKEN", SECRET));

    assertThat(token.authorization()).contains("Bearer " + SECRET);
    assertThat(token).hasToString("a token from MLFLOW_TRACKING_TOKEN");
  }

  @Test
  void aUsernameAndPasswordAreSentAsBasicAuth() {
    MlflowCredentials credentials =
        resolve(Map.of("MLFLOW_TRACKING_USERNAME", "alice", "MLFLOW_TRACKING_PASSWORD", SECRET));

    assertThat(credentials.authorization()).contains(basic("alice", SECRET));
    assertThat(credentials)
        .hasToString("user 'alice' with the password from MLFLOW_TRACKING_PASSWORD");
  }

  @Test
  void aTokenFileIsTrimmedAndReadAgainForEveryRequest() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "  " + SECRET + "\n");
    MlflowCredentials token = resolve(Map.of("MLFLOW_TRACKING_TOKEN_FILE", file.toString()));

    assertThat(token.authorization()).contains("Bearer " + SECRET);
    assertThat(token).hasToString("a token from MLFLOW_TRACKING_TOKEN_FILE (" + file + ")");

    Files.writeString(file, "rotated\n");
    assertThat(token.authorization()).contains("Bearer rotated");
  }

  @Test
  void aPasswordFileGivesBasicAuthsPassword() throws Exception {
    Path file = Files.writeString(dir.resolve("password"), SECRET + "\n");

    MlflowCredentials credentials =
        resolve(
            Map.of(
                "MLFLOW_TRACKING_USERNAME",
                "alice",
                "MLFLOW_TRACKING_PASSWORD_FILE",
                file.toString()));

    assertThat(credentials.authorization()).contains(basic("alice", SECRET));
  }

  @Test
  void aTokenAndBasicAuthTogetherAreRefusedNamingTheVariables() {
    assertThatThrownBy(
            () ->
                resolve(
                    Map.of(
                        "MLFLOW_TRACKING_TOKEN", SECRET,
                        "MLFLOW_TRACKING_USERNAME", "alice",
                        "MLFLOW_TRACKING_PASSWORD_FILE", "/run/secrets/mlflow")))
        .isInstanceOfSatisfying(
            ModelRegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(ModelRegistryException.Kind.REFUSED))
        .hasMessage(
            "MLflow credentials: both a token (MLFLOW_TRACKING_TOKEN) and basic auth"
                + " (MLFLOW_TRACKING_USERNAME, MLFLOW_TRACKING_PASSWORD_FILE) are set; set one of"
                + " them");
  }

  @Test
  void aVariableAndItsFileTogetherAreRefused() {
    assertThatThrownBy(
            () ->
                resolve(
                    Map.of(
                        "MLFLOW_TRACKING_TOKEN",
                        SECRET,
                        "MLFLOW_TRACKING_TOKEN_FILE",
                        "/run/secrets/token")))
        .hasMessage(
            "MLflow credentials: MLFLOW_TRACKING_TOKEN and MLFLOW_TRACKING_TOKEN_FILE are both"
                + " set; set one");
  }

  @Test
  void halfOfBasicAuthIsRefused() {
    assertThatThrownBy(() -> resolve(Map.of("MLFLOW_TRACKING_USERNAME", "alice")))
        .hasMessage(
            "MLflow credentials: MLFLOW_TRACKING_USERNAME is set without MLFLOW_TRACKING_PASSWORD"
                + " or MLFLOW_TRACKING_PASSWORD_FILE");
    assertThatThrownBy(() -> resolve(Map.of("MLFLOW_TRACKING_PASSWORD", SECRET)))
        .hasMessage(
            "MLflow credentials: MLFLOW_TRACKING_PASSWORD is set without"
                + " MLFLOW_TRACKING_USERNAME");
  }

  @Test
  void aUsernameWithAColonIsRefused() {
    assertThatThrownBy(
            () ->
                resolve(
                    Map.of("MLFLOW_TRACKING_USERNAME", "a:b", "MLFLOW_TRACKING_PASSWORD", SECRET)))
        .hasMessage(
            "MLflow credentials: MLFLOW_TRACKING_USERNAME must not contain ':' (basic auth"
                + " separates the password with it), found 'a:b'");
  }

  @Test
  void aMissingFileIsRefusedNamingIt() {
    Path missing = dir.resolve("no-such-token");

    assertThatThrownBy(() -> resolve(Map.of("MLFLOW_TRACKING_TOKEN_FILE", missing.toString())))
        .isInstanceOfSatisfying(
            ModelRegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(ModelRegistryException.Kind.REFUSED))
        .hasMessage(
            "MLflow credentials: MLFLOW_TRACKING_TOKEN_FILE names "
                + missing
                + ", which does not exist");
  }

  @Test
  void anEmptyFileIsRefused() throws Exception {
    Path empty = Files.writeString(dir.resolve("password"), " \n");

    assertThatThrownBy(
            () ->
                resolve(
                    Map.of(
                        "MLFLOW_TRACKING_USERNAME",
                        "alice",
                        "MLFLOW_TRACKING_PASSWORD_FILE",
                        empty.toString())))
        .hasMessage(
            "MLflow credentials: MLFLOW_TRACKING_PASSWORD_FILE names "
                + empty
                + ", which is empty");
  }

  @Test
  void aFileGoneAfterwardsFailsTheRequestNamingIt() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), SECRET);
    MlflowCredentials token = resolve(Map.of("MLFLOW_TRACKING_TOKEN_FILE", file.toString()));
    Files.delete(file);

    assertThatThrownBy(token::authorization)
        .hasMessage(
            "MLflow credentials: MLFLOW_TRACKING_TOKEN_FILE names "
                + file
                + ", which does not exist");
  }

  @Test
  void aUrlWithCredentialsIsRefusedWithoutShowingThem() {
    assertThatThrownBy(
            () ->
                new MlflowModelRegistry(
                    URI.create("http://alice:" + SECRET + "@mlflow:5000"),
                    Duration.ofSeconds(1),
                    resolve(Map.of())))
        .isInstanceOfSatisfying(
            ModelRegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(ModelRegistryException.Kind.REFUSED))
        .hasMessage(
            "MLflow at http://mlflow:5000: the URL holds credentials (user:password@), which"
                + " featurewatch does not send: remove them and set MLFLOW_TRACKING_USERNAME and"
                + " MLFLOW_TRACKING_PASSWORD (or MLFLOW_TRACKING_PASSWORD_FILE), or"
                + " MLFLOW_TRACKING_TOKEN");
    assertThatThrownBy(() -> ModelRegistries.check("https://alice:" + SECRET + "@mlflow"))
        .hasMessageNotContaining(SECRET)
        .hasMessageNotContaining("alice");
  }
}
