package dev.featurewatch.modelregistry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The credentials sent to an MLflow tracking server, from the environment variables MLflow's own
 * clients read, each declared here once:
 *
 * <ul>
 *   <li>{@code MLFLOW_TRACKING_TOKEN}: sent as {@code Authorization: Bearer <token>};
 *   <li>{@code MLFLOW_TRACKING_USERNAME} and {@code MLFLOW_TRACKING_PASSWORD}: HTTP basic auth, as
 *       {@code mlflow server --app-name basic-auth} checks it.
 * </ul>
 *
 * <p>A secret may come from a file instead, for secrets mounted as files (Kubernetes): {@code
 * MLFLOW_TRACKING_TOKEN_FILE}, {@code MLFLOW_TRACKING_PASSWORD_FILE}, the file's text trimmed. The
 * file is read when the credentials are resolved (a missing or empty one is an error then) and
 * again for every request, so a rotated secret is sent without a restart. An empty variable counts
 * as unset, as in MLflow's clients. Unlike them (which prefer basic auth silently), a token and
 * basic auth set together are an error, as are a variable and its {@code _FILE} together.
 *
 * <p>They are read in the process that talks to MLflow: on a Flink cluster the task managers' own
 * environment, so no secret travels in a job graph. No message of this class holds a secret.
 */
final class MlflowCredentials {

  static final String TOKEN = "MLFLOW_TRACKING_TOKEN";
  static final String USERNAME = "MLFLOW_TRACKING_USERNAME";
  static final String PASSWORD = "MLFLOW_TRACKING_PASSWORD";
  // the suffix of the variable naming a file that holds a secret
  static final String FILE = "_FILE";

  /** What to do about credentials MLflow refused, for the messages saying so. */
  static final String HOW_TO_SET = "set " + TOKEN + " or " + USERNAME + "/PASSWORD";

  private static final MlflowCredentials NONE = new MlflowCredentials(null, null, null);

  // "Bearer" or "Basic"; null (and so the others) when none are set
  private final String scheme;
  private final String username;
  private final Secret secret;

  private MlflowCredentials(String scheme, String username, Secret secret) {
    this.scheme = scheme;
    this.username = username;
    this.secret = secret;
  }

  /** The credentials this process's environment sets. */
  static MlflowCredentials fromEnvironment() {
    return fromEnvironment(System::getenv);
  }

  /**
   * The credentials {@code environment} sets, their files read once to check them.
   *
   * @throws ModelRegistryException {@code REFUSED}: the variables contradict each other, or a file
   *     cannot be read or is empty
   */
  static MlflowCredentials fromEnvironment(Function<String, String> environment) {
    Secret token = secret(TOKEN, environment);
    String username = value(USERNAME, environment);
    Secret password = secret(PASSWORD, environment);
    if (token != null && (username != null || password != null)) {
      List<String> basic = new ArrayList<>();
      if (username != null) {
        basic.add(USERNAME);
      }
      if (password != null) {
        basic.add(password.variable());
      }
      throw refused(
          "MLflow credentials: both a token ("
              + token.variable()
              + ") and basic auth ("
              + String.join(", ", basic)
              + ") are set; set one of them");
    }
    MlflowCredentials credentials;
    if (token != null) {
      credentials = new MlflowCredentials("Bearer", null, token);
    } else if (username == null && password == null) {
      return NONE;
    } else if (password == null) {
      throw refused(
          "MLflow credentials: "
              + USERNAME
              + " is set without "
              + PASSWORD
              + " or "
              + PASSWORD
              + FILE);
    } else if (username == null) {
      throw refused("MLflow credentials: " + password.variable() + " is set without " + USERNAME);
    } else if (username.indexOf(':') >= 0) {
      throw refused(
          "MLflow credentials: "
              + USERNAME
              + " must not contain ':' (basic auth separates the password with it), found '"
              + username
              + "'");
    } else {
      credentials = new MlflowCredentials("Basic", username, password);
    }
    credentials.secret.read();
    return credentials;
  }

  /**
   * The {@code Authorization} header's value, its secret's file read again; empty when no
   * credentials are set.
   *
   * @throws ModelRegistryException {@code REFUSED}: the secret's file cannot be read now
   */
  Optional<String> authorization() {
    if (scheme == null) {
      return Optional.empty();
    }
    String value = secret.read();
    if (username != null) {
      value =
          Base64.getEncoder()
              .encodeToString((username + ":" + value).getBytes(StandardCharsets.UTF_8));
    }
    return Optional.of(scheme + " " + value);
  }

  /** What is sent, for messages: where the secret comes from, never the secret. */
  @Override
  public String toString() {
    if (scheme == null) {
      return "no credentials";
    }
    return username == null
        ? "a token from " + secret
        : "user '" + username + "' with the password from " + secret;
  }

  /** A variable's value; null when it is not set or empty. */
  private static String value(String variable, Function<String, String> environment) {
    String value = environment.apply(variable);
    return value == null || value.isEmpty() ? null : value;
  }

  /** The secret of {@code variable} or of its {@code _FILE}; null when neither is set. */
  private static Secret secret(String variable, Function<String, String> environment) {
    String value = value(variable, environment);
    String file = value(variable + FILE, environment);
    if (value != null && file != null) {
      throw refused(
          "MLflow credentials: " + variable + " and " + variable + FILE + " are both set; set one");
    }
    if (value != null) {
      return new Secret(variable, value, null);
    }
    return file == null ? null : new Secret(variable + FILE, null, Path.of(file));
  }

  private static ModelRegistryException refused(String message) {
    return new ModelRegistryException(ModelRegistryException.Kind.REFUSED, message);
  }

  /**
   * A secret as a variable gives it: its {@code value}, or the {@code file} holding it.
   *
   * @param variable the variable it comes from, for messages
   */
  private record Secret(String variable, String value, Path file) {

    String read() {
      if (file == null) {
        return value;
      }
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (NoSuchFileException e) {
        throw refused(
            "MLflow credentials: " + variable + " names " + file + ", which does not exist");
      } catch (IOException e) {
        throw refused("MLflow credentials: " + variable + ": cannot read " + file + ": " + e);
      }
      if (text.isEmpty()) {
        throw refused("MLflow credentials: " + variable + " names " + file + ", which is empty");
      }
      return text;
    }

    // a record's own toString would show the value
    @Override
    public String toString() {
      return file == null ? variable : variable + " (" + file + ")";
    }
  }
}
