package dev.featurewatch.benchmarks.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code featurewatch serve} in a process of its own, as it runs in production: started on a free
 * port, ready once {@code GET /health} answers 200, stopped with SIGTERM (the command's shutdown
 * hook closes the stores).
 */
final class ServerProcess implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  private final Process process;
  private final int port;

  /**
   * @param featurewatch the {@code featurewatch} launcher script
   * @param storeOptions {@code --online} and its value, then any store tuning options
   * @param javaOptions extra JVM options for the server ({@code FEATUREWATCH_JAVA_OPTS}), may be
   *     empty
   * @param log where the server's output goes
   */
  ServerProcess(
      Path featurewatch, Path repo, List<String> storeOptions, String javaOptions, Path log)
      throws IOException, InterruptedException {
    port = freePort();
    List<String> command = new ArrayList<>();
    command.add(featurewatch.toString());
    command.add("serve");
    command.add("--repo");
    command.add(repo.toString());
    command.addAll(storeOptions);
    command.add("--port");
    command.add(Integer.toString(port));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    if (!javaOptions.isEmpty()) {
      builder.environment().put("FEATUREWATCH_JAVA_OPTS", javaOptions);
    }
    process = builder.start();
    try {
      awaitReady(log);
    } catch (IOException | InterruptedException | RuntimeException e) {
      close();
      throw e;
    }
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port);
  }

  long pid() {
    return process.pid();
  }

  private void awaitReady(Path log) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest health =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "featurewatch serve exited with " + process.exitValue() + "; see " + log);
      }
      try {
        if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "featurewatch serve did not answer /health within " + READY_TIMEOUT + "; see " + log);
      }
      Thread.sleep(200);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port", e);
    }
  }

  /** Stops the server: SIGTERM, then SIGKILL after 30 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
