package dev.featurewatch.benchmarks.faults;

import dev.featurewatch.testing.RedisServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * An MLflow tracking server of the benchmark's own, launched as {@code scripts/test-services.sh}
 * launches the test one (SQLite backend store, one worker, no job execution), on a fixed loopback
 * port so it can be stopped and started again on the same address and store.
 */
final class MlflowProcess implements Restartable {

  private static final Duration READY = Duration.ofSeconds(120);

  private final Path mlflow;
  private final Path dir;
  private final int port;
  private Process process;

  private MlflowProcess(Path mlflow, Path dir, int port) {
    this.mlflow = mlflow;
    this.dir = dir;
    this.port = port;
  }

  /** Starts {@code mlflow server} (the executable of the test virtualenv) with its data in dir. */
  static MlflowProcess start(Path mlflow, Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir.resolve("artifacts"));
    MlflowProcess server = new MlflowProcess(mlflow, dir, RedisServer.freePort());
    server.restart();
    return server;
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Starts the server (again) on the same port and store; waits until {@code /health} is 200. */
  @Override
  public void restart() throws IOException, InterruptedException {
    stop();
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    mlflow.toString(),
                    "server",
                    "--backend-store-uri",
                    "sqlite:///" + dir.resolve("mlflow.db"),
                    "--default-artifact-root",
                    dir.resolve("artifacts").toString(),
                    "--artifacts-destination",
                    dir.resolve("proxied-artifacts").toString(),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    Integer.toString(port),
                    "--workers",
                    "1"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mlflow.log").toFile()));
    builder.environment().put("MLFLOW_SERVER_ENABLE_JOB_EXECUTION", "false");
    process = builder.start();
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest health =
        HttpRequest.newBuilder(url().resolve("/health")).timeout(Duration.ofSeconds(2)).build();
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
        throw new IOException("MLflow did not answer within " + READY + "; see " + dir);
      }
      Thread.sleep(200);
    }
  }

  /** Stops the server and its workers (SIGTERM, then SIGKILL after 20 s) and waits for them. */
  @Override
  public void stop() throws InterruptedException {
    if (process == null || !process.isAlive()) {
      return;
    }
    List<ProcessHandle> all =
        Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
    all.forEach(ProcessHandle::destroy);
    for (ProcessHandle handle : all) {
      try {
        handle.onExit().get(20, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        handle.destroyForcibly();
      }
    }
  }
}
