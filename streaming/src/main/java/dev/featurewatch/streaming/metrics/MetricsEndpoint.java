package dev.featurewatch.streaming.metrics;

import dev.featurewatch.annotation.Internal;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs' metrics ({@link JobMetrics#registry()}) at {@code http://HOST:PORT/metrics} of a task
 * manager, for Prometheus to scrape, served by client_java's {@link HTTPServer} in the format the
 * scrape's {@code Accept} header asks for (OpenMetrics, the text format, protobuf). Many subtasks,
 * and the restarts of a job, share one task manager JVM and the job's class loader, so the first
 * subtask that opens starts one server for all, and Flink's release of the job's classes stops it.
 * Each job submitted to a cluster has its own class loader, and so its own registry and endpoint.
 * Asked for with the global job parameter {@value #PORTS}: a port, or a range {@code FROM-TO} of
 * which the first free one is taken (several jobs, or task managers, on one host).
 */
@Internal
public final class MetricsEndpoint {

  /** The global job parameter with the port or port range; no endpoint without it. */
  public static final String PORTS = "featurewatch.metrics.port";

  private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);

  private static HTTPServer server;

  /** Starts this JVM's endpoint if the job asks for one and it does not run yet. */
  public static void startIfAsked(RuntimeContext context) {
    String ports = context.getGlobalJobParameters().get(PORTS);
    if (ports == null || ports.isEmpty()) {
      return;
    }
    synchronized (MetricsEndpoint.class) {
      if (server != null) {
        return;
      }
      server = bind(ports);
      if (server == null) {
        // the features matter more than their metrics: run on, and say so
        LOG.warn(
            "no free port for the featurewatch pipeline metrics in {}={}: not served",
            PORTS,
            ports);
        return;
      }
    }
    context.registerUserCodeClassLoaderReleaseHookIfAbsent(
        MetricsEndpoint.class.getName(), MetricsEndpoint::stop);
  }

  /** The port the endpoint listens on, or -1 when it does not run. */
  public static synchronized int port() {
    return server == null ? -1 : server.getPort();
  }

  private static synchronized void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** A started server on the first free port of {@code ports}, or null when all are taken. */
  private static HTTPServer bind(String ports) {
    int[] range = range(ports);
    for (int port = range[0]; port <= range[1]; port++) {
      try {
        HTTPServer http =
            HTTPServer.builder().port(port).registry(JobMetrics.registry()).buildAndStart();
        LOG.info("featurewatch pipeline metrics on port {}, path /metrics", port);
        return http;
      } catch (BindException taken) {
        LOG.debug("metrics port {} is taken", port);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the metrics endpoint on port " + port, e);
      }
    }
    return null;
  }

  /**
   * {@code "9250"} or {@code "9250-9259"} as {from, to}.
   *
   * @throws IllegalArgumentException not a port or a range of ports
   */
  public static int[] range(String ports) {
    String[] parts = ports.split("-", -1);
    try {
      int from = Integer.parseInt(parts[0].strip());
      int to = parts.length == 2 ? Integer.parseInt(parts[1].strip()) : from;
      if (parts.length <= 2 && from >= 0 && from <= to && to <= 65535) {
        return new int[] {from, to};
      }
    } catch (NumberFormatException e) {
      // the message below says what is expected
    }
    throw new IllegalArgumentException(
        PORTS + " must be a port or a range FROM-TO of ports (0 to 65535), found '" + ports + "'");
  }

  private MetricsEndpoint() {}
}
