package dev.featurewatch.app.repo;

import dev.featurewatch.app.input.InputException;
import dev.featurewatch.streaming.metrics.MetricsEndpoint;
import picocli.CommandLine.Option;

/**
 * Flink's own metrics of an embedded job (checkpoints, restarts, the Kafka sources' pending
 * records), served for Prometheus by Flink's reporter, as a Flink cluster serves them.
 */
final class FlinkMetricsOption {

  @Option(
      names = "--flink-metrics-port",
      paramLabel = "PORT[-PORT]",
      description =
          "Serve Flink's own metrics (checkpoints, Kafka lag, ...) at http://localhost:PORT/"
              + " (default: none).")
  private String ports;

  /** The port or range asked for, checked; null when none. */
  String ports() {
    if (ports != null) {
      try {
        MetricsEndpoint.range(ports);
      } catch (IllegalArgumentException e) {
        throw new InputException(
            "--flink-metrics-port must be a port or a range FROM-TO of ports, found '"
                + ports
                + "'");
      }
    }
    return ports;
  }
}
