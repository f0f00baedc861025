package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.testing.MlflowAuthServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that talk to MLflow, as processes given MLflow's credential variables, against an
 * MLflow with basic authentication ({@link MlflowAuthServer}): the right credentials work, and a
 * refusal or a contradiction is one line naming the variables, never a stack trace, and never the
 * secret, in what the command prints (its log included) nor in what the alert receiver answers.
 */
class MlflowAuthCommandsIT {

  private static final String MODEL = "fw-auth-cli";
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

  private static Map<String, String> admin() {
    return Map.of(
        "MLFLOW_TRACKING_USERNAME",
        MlflowAuthServer.ADMIN,
        "MLFLOW_TRACKING_PASSWORD",
        mlflow.adminPassword());
  }

  private static CommandProcess.Ended models(Map<String, String> environment, String... arguments)
      throws Exception {
    String[] command = new String[arguments.length + 3];
    command[0] = "models";
    System.arraycopy(arguments, 0, command, 1, arguments.length);
    command[arguments.length + 1] = "--model-registry";
    command[arguments.length + 2] = mlflow.url().toString();
    return CommandProcess.run(environment, command);
  }

  @Test
  void modelsRegistersAndListsWithTheCredentials() throws Exception {
    CommandProcess.Ended register =
        models(admin(), "register", MODEL, "--source", "s3://models/" + MODEL);
    assertThat(register.exitCode()).as(register.printed()).isZero();

    CommandProcess.Ended list = models(admin(), "list", MODEL);
    assertThat(list.exitCode()).as(list.printed()).isZero();
    assertThat(list.printed()).contains(MODEL + " ");
    assertThat(list.printed()).doesNotContain(mlflow.adminPassword());
  }

  @Test
  void aWrongPasswordIsOneLineWithoutTheSecret() throws Exception {
    CommandProcess.Ended list =
        models(
            Map.of(
                "MLFLOW_TRACKING_USERNAME",
                MlflowAuthServer.ADMIN,
                "MLFLOW_TRACKING_PASSWORD",
                WRONG),
            "list");

    assertThat(list.exitCode()).as(list.printed()).isEqualTo(2);
    assertThat(list.printed())
        .isEqualTo(
            "featurewatch: MLflow at "
                + mlflow.url()
                + "/ refused the credentials (HTTP 401): set MLFLOW_TRACKING_TOKEN or"
                + " MLFLOW_TRACKING_USERNAME/PASSWORD (listing the registered models; sent user"
                + " 'admin' with the password from MLFLOW_TRACKING_PASSWORD)\n");
  }

  @Test
  void aTokenWithBasicAuthIsRefusedNamingTheVariables() throws Exception {
    CommandProcess.Ended list =
        models(
            Map.of(
                "MLFLOW_TRACKING_TOKEN",
                WRONG,
                "MLFLOW_TRACKING_USERNAME",
                MlflowAuthServer.ADMIN,
                "MLFLOW_TRACKING_PASSWORD",
                mlflow.adminPassword()),
            "list");

    assertThat(list.exitCode()).as(list.printed()).isEqualTo(2);
    assertThat(list.printed())
        .isEqualTo(
            "featurewatch: MLflow credentials: both a token (MLFLOW_TRACKING_TOKEN) and basic"
                + " auth (MLFLOW_TRACKING_USERNAME, MLFLOW_TRACKING_PASSWORD) are set; set one of"
                + " them\n");
  }

  @Test
  void aMissingPasswordFileIsRefusedNamingIt() throws Exception {
    Path missing = dir.resolve("no-such-password");

    CommandProcess.Ended list =
        models(
            Map.of(
                "MLFLOW_TRACKING_USERNAME",
                MlflowAuthServer.ADMIN,
                "MLFLOW_TRACKING_PASSWORD_FILE",
                missing.toString()),
            "list");

    assertThat(list.exitCode()).as(list.printed()).isEqualTo(2);
    assertThat(list.printed())
        .isEqualTo(
            "featurewatch: MLflow credentials: MLFLOW_TRACKING_PASSWORD_FILE names "
                + missing
                + ", which does not exist\n");
  }

  @Test
  void theAlertReceiverWritesWithTheCredentialsAndAnswersARefusalWithoutTheSecret()
      throws Exception {
    String version =
        models(admin(), "register", "fw-auth-alerts", "--source", "s3://models/alerts")
            .printed()
            .strip();
    Path right = Files.writeString(dir.resolve("right"), mlflow.adminPassword() + "\n");
    Path wrong = Files.writeString(dir.resolve("wrong"), WRONG + "\n");

    HttpResponse<String> written = notify("fw-auth-alerts", version, right);
    assertThat(written.statusCode()).as(written.body()).isEqualTo(200);
    assertThat(written.body()).contains("\"written\":1");

    HttpResponse<String> refused = notify("fw-auth-alerts", version, wrong);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    assertThat(refused.body())
        .contains("refused the credentials (HTTP 401)")
        .contains("sent user 'admin' with the password from MLFLOW_TRACKING_PASSWORD_FILE (")
        .doesNotContain(WRONG);
  }

  /**
   * Starts {@code alerts receive} as the admin, the password from {@code passwordFile}, posts one
   * firing alert about the version, checks that nothing it printed holds the password, and answers
   * the receiver's response.
   */
  private static HttpResponse<String> notify(String model, String version, Path passwordFile)
      throws Exception {
    String password = Files.readString(passwordFile).strip();
    try (CommandProcess receive =
        CommandProcess.start(
            Map.of(
                "MLFLOW_TRACKING_USERNAME",
                MlflowAuthServer.ADMIN,
                "MLFLOW_TRACKING_PASSWORD_FILE",
                passwordFile.toString()),
            Pattern.compile("at http://127.0.0.1:(\\d+)/alerts"),
            "alerts",
            "receive",
            "--port",
            "0",
            "--model-registry",
            mlflow.url().toString())) {
      HttpResponse<String> response = AlertsReceiveCommandIT.postDrift(receive, model, version);
      assertThat(receive.terminate()).as(receive.output()).isEqualTo(143);
      assertThat(receive.output()).doesNotContain(password).doesNotContain("\tat ");
      return response;
    }
  }
}
