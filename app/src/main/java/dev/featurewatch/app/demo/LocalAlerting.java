package dev.featurewatch.app.demo;

import dev.featurewatch.alerting.ShippedFiles;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus and Alertmanager, the installed programs, run beside the demo with featurewatch's own
 * rules and routing ({@link ShippedFiles}): Prometheus scrapes the demo's metrics every 5 seconds
 * and evaluates the rules as often, Alertmanager routes the alerts, the model alerts to the demo's
 * receiver. Both listen on loopback only, on 9090 and 9093 when free; their data and logs stay
 * under the demo's folder.
 */
public final class LocalAlerting implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final List<Process> processes;
  private final URI prometheus;
  private final URI alertmanager;

  private LocalAlerting(List<Process> processes, URI prometheus, URI alertmanager) {
    this.processes = processes;
    this.prometheus = prometheus;
    this.alertmanager = alertmanager;
  }

  /**
   * The programs on the {@code PATH}: Prometheus's {@code prometheus}, Alertmanager's {@code
   * alertmanager} or, as Debian names it, {@code prometheus-alertmanager}; empty when either is
   * missing.
   */
  public static Optional<Path[]> installed() {
    Optional<Path> prometheus = onPath("prometheus");
    Optional<Path> alertmanager =
        onPath("alertmanager").or(() -> onPath("prometheus-alertmanager"));
    return prometheus.isPresent() && alertmanager.isPresent()
        ? Optional.of(new Path[] {prometheus.get(), alertmanager.get()})
        : Optional.empty();
  }

  /**
   * Starts both and waits until they answer.
   *
   * @param programs Prometheus's and Alertmanager's executables, as {@link #installed} finds them
   * @param dir where their configuration, data and logs go
   * @param metricsPort the demo's metrics, at {@code http://127.0.0.1:PORT/metrics}
   * @param receiverUrl featurewatch's alert receiver, {@code http://HOST:PORT}
   */
  public static LocalAlerting start(Path[] programs, Path dir, int metricsPort, String receiverUrl)
      throws IOException, InterruptedException {
    int prometheusPort = portOr(9090);
    int alertmanagerPort = portOr(9093);
    Path rules = Files.createDirectories(dir.resolve("rules"));
    ShippedFiles.copyRules(rules);
    Files.writeString(
        dir.resolve("prometheus.yml"),
        """
        # written by featurewatch demo --with-prometheus; the rules are featurewatch's own
        global:
          scrape_interval: 5s
          evaluation_interval: 5s
        rule_files:
          - rules/*.yml
        alerting:
          alertmanagers:
            - static_configs:
                - targets: ['127.0.0.1:%d']
        scrape_configs:
          - job_name: featurewatch
            static_configs:
              - targets: ['127.0.0.1:%d']
        """
            .formatted(alertmanagerPort, metricsPort));
    ShippedFiles.writeAlertmanagerConfig(dir.resolve("alertmanager.yml"), receiverUrl);
    List<Process> processes = new ArrayList<>();
    LocalAlerting started =
        new LocalAlerting(
            processes,
            URI.create("http://localhost:" + prometheusPort),
            URI.create("http://localhost:" + alertmanagerPort));
    try {
      processes.add(
          launch(
              dir,
              "prometheus",
              programs[0].toString(),
              "--config.file=" + dir.resolve("prometheus.yml"),
              "--storage.tsdb.path=" + dir.resolve("prometheus-data"),
              "--web.listen-address=127.0.0.1:" + prometheusPort));
      processes.add(
          launch(
              dir,
              "alertmanager",
              programs[1].toString(),
              "--config.file=" + dir.resolve("alertmanager.yml"),
              "--storage.path=" + dir.resolve("alertmanager-data"),
              "--web.listen-address=127.0.0.1:" + alertmanagerPort,
              // no gossip cluster: it would bind 0.0.0.0:9094
              "--cluster.listen-address="));
      awaitReady(started.prometheus, dir.resolve("prometheus.log"));
      awaitReady(started.alertmanager, dir.resolve("alertmanager.log"));
      return started;
    } catch (IOException | InterruptedException | RuntimeException e) {
      started.close();
      throw e;
    }
  }

  /** Prometheus's web UI and API. */
  public URI prometheus() {
    return prometheus;
  }

  /** Alertmanager's web UI and API. */
  public URI alertmanager() {
    return alertmanager;
  }

  /** Stops both; idempotent. */
  @Override
  public void close() {
    for (Process process : processes) {
      process.destroy();
    }
    for (Process process : processes) {
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static Process launch(Path dir, String name, String... command) throws IOException {
    File log = dir.resolve(name + ".log").toFile();
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
        .start();
  }

  private static void awaitReady(URI server, Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<Void> ready =
            HTTP.send(
                HttpRequest.newBuilder(server.resolve("/-/ready")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IOException(server + " did not get ready within 30 s; its log: " + log);
  }

  private static Optional<Path> onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** {@code preferred} when it is free, else a free port. */
  private static int portOr(int preferred) {
    for (int port : new int[] {preferred, 0}) {
      try (ServerSocket socket = new ServerSocket(port)) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // try the next
      }
    }
    throw new UncheckedIOException(new IOException("no free port"));
  }
}
