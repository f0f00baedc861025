package dev.featurewatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * An MLflow tracking server of a test's own with MLflow's basic authentication ({@code mlflow
 * server --app-name basic-auth}), on a free loopback port, its stores in a directory: the shared
 * one ({@link TestServices#mlflowUrl()}) takes no credentials. It is MLflow of the test virtualenv
 * ({@link TestServices#python()}); its basic-auth app needs Flask-WTF ({@code
 * scripts/requirements-test.txt}). A server that does not answer within a minute fails the test
 * with its log.
 *
 * <pre>{@code
 * try (MlflowAuthServer mlflow = MlflowAuthServer.start(dir)) {
 *   mlflow.url(); mlflow.adminPassword(); mlflow.createUser("reader", "...");
 * }
 * }</pre>
 *
 * <p>Its admin is {@link #ADMIN}; other users it makes may read everything and change nothing
 * ({@code default_permission = READ}).
 */
public final class MlflowAuthServer implements AutoCloseable {

  /** The admin user's name. */
  public static final String ADMIN = "admin";

  private static final Duration READY = Duration.ofSeconds(60);

  private final Process process;
  private final URI url;
  private final String adminPassword;
  private final Path log;

  private MlflowAuthServer(Process process, URI url, String adminPassword, Path log) {
    this.process = process;
    this.url = url;
    this.adminPassword = adminPassword;
    this.log = log;
  }

  /** Starts a server with a new admin password, keeping its databases and log in {@code dir}. */
  public static MlflowAuthServer start(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path config = dir.resolve("basic_auth.ini");
    Files.writeString(
        config,
        "[mlflow]\n"
            + "default_permission = READ\n"
            + "database_uri = sqlite:///"
            + dir.toAbsolutePath().resolve("auth.db")
            + "\n"
            + "admin_username = "
            + ADMIN
            + "\n"
            + "authorization_function = mlflow.server.auth:authenticate_request_basic_auth\n");
    int port = freePort();
    String password = "Admin-" + UUID.randomUUID();
    Path log = dir.resolve("mlflow.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                TestServices.python().resolveSibling("mlflow").toString(),
                "server",
                "--app-name",
                "basic-auth",
                "--backend-store-uri",
                "sqlite:///" + dir.toAbsolutePath().resolve("mlflow.db"),
                "--artifacts-destination",
                dir.toAbsolutePath().resolve("artifacts").toString(),
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--workers",
                "1")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("MLFLOW_AUTH_CONFIG_PATH", config.toString());
    builder.environment().put("MLFLOW_AUTH_ADMIN_PASSWORD", password);
    // the basic-auth app's CSRF protection needs a fixed key
    builder.environment().put("MLFLOW_FLASK_SERVER_SECRET_KEY", UUID.randomUUID().toString());
    // as scripts/test-services.sh: no job runner for the registry API
    builder.environment().put("MLFLOW_SERVER_ENABLE_JOB_EXECUTION", "false");
    MlflowAuthServer server =
        new MlflowAuthServer(
            builder.start(), URI.create("http://127.0.0.1:" + port), password, log);
    server.awaitReady();
    return server;
  }

  /** {@code http://127.0.0.1:PORT}. */
  public URI url() {
    return url;
  }

  /** The admin's password, new for each server. */
  public String adminPassword() {
    return adminPassword;
  }

  /** What the server logged so far. */
  public String log() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  /** Creates a user as the admin: it may read everything and change nothing. */
  public void createUser(String username, String password)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(url.resolve("/api/2.0/mlflow/users/create"))
                    .header("Content-Type", "application/json")
                    .header(
                        "Authorization",
                        "Basic "
                            + Base64.getEncoder()
                                .encodeToString(
                                    (ADMIN + ":" + adminPassword).getBytes(StandardCharsets.UTF_8)))
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"username\": \""
                                + username
                                + "\", \"password\": \""
                                + password
                                + "\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "MLflow did not create user " + username + ": HTTP " + response.statusCode());
    }
  }

  /** Ends the server and the workers it started, and waits for them. */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (process.waitFor(20, TimeUnit.SECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private void awaitReady() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest health =
        HttpRequest.newBuilder(url.resolve("/health")).timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + READY.toNanos();
    while (true) {
      try {
        if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      if (!process.isAlive() || System.nanoTime() > deadline) {
        close();
        throw new IllegalStateException(
            "MLflow with basic auth on "
                + url
                + " did not answer within "
                + READY
                + " (does the test virtualenv have scripts/requirements-test.txt's Flask-WTF?);"
                + " its log:\n"
                + log());
      }
      Thread.sleep(200);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
