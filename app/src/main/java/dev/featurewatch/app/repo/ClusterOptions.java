package dev.featurewatch.app.repo;

import dev.featurewatch.app.input.InputException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * What {@code submit features} and {@code submit monitors} share: where the cluster and the job jar
 * are, the job's parallelism and savepoint, and the submission itself, over Flink's REST API or as
 * the equivalent {@code flink run} command.
 */
final class ClusterOptions {

  /** Each task manager's metrics endpoint, unless --metrics-port says otherwise. */
  static final String DEFAULT_METRICS_PORTS = "9250-9259";

  @Option(
      names = "--flink",
      defaultValue = "http://localhost:8081",
      paramLabel = "URL",
      description = "The JobManager's REST address (default: http://localhost:8081).")
  private String flink;

  @Option(
      names = "--jar",
      paramLabel = "FILE",
      description = "The job jar (default: featurewatch-jobs.jar beside the featurewatch jar).")
  private Path jar;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      description = "Subtasks per operator (default: the cluster's parallelism.default).")
  private Integer parallelism;

  @Option(
      names = "--metrics-port",
      defaultValue = DEFAULT_METRICS_PORTS,
      paramLabel = "PORT|FROM-TO",
      description =
          "Each task manager serves the job's metrics at /metrics on the first free port of this"
              + " range (default: "
              + DEFAULT_METRICS_PORTS
              + "; 'off' for none).")
  private String metricsPorts;

  @Option(
      names = {"--from-savepoint", "-s"},
      paramLabel = "PATH",
      description = "Start from this savepoint or retained checkpoint (an upgrade, a restart).")
  private String savepoint;

  @Option(
      names = "--allow-non-restored-state",
      description =
          "With --from-savepoint: start even if the state of a removed part is not restored.")
  private boolean allowNonRestoredState;

  @Option(
      names = "--print",
      description = "Print the 'flink run' command that submits the same job, and submit nothing.")
  private boolean print;

  /** The metrics ports for the job's arguments: empty for none. */
  String metricsPorts() {
    return "off".equals(metricsPorts) ? "" : metricsPorts;
  }

  /**
   * @throws InputException a parallelism below 1
   */
  void check() {
    if (parallelism != null && parallelism < 1) {
      throw new InputException("--parallelism must be at least 1, found " + parallelism);
    }
  }

  /**
   * Submits the job jar's {@code entryClass} with {@code args}, or prints the {@code flink run}
   * command that would.
   *
   * @param what the job's name and what it runs, for the message
   * @return the job's id, or empty when printed
   */
  String submit(PrintWriter out, String entryClass, List<String> args, String what) {
    Path jobJar = jar != null ? jar : defaultJar();
    if (!Files.isRegularFile(jobJar)) {
      throw new InputException(
          "--jar " + jobJar + ": no such file; build it with ./mvnw package -pl jobs -am");
    }
    if (print) {
      out.println(String.join(" ", flinkRun(jobJar, entryClass, args)));
      return "";
    }
    URI base = restAddress();
    FlinkRest rest = new FlinkRest(base);
    String jarId = rest.upload(jobJar);
    String jobId;
    try {
      jobId = rest.run(jarId, entryClass, args, parallelism, savepoint, allowNonRestoredState);
    } finally {
      rest.delete(jarId);
    }
    out.printf(
        "submitted job %s (%s)%n  web UI: %s%n",
        jobId, what, base.resolve("/#/job/running/" + jobId + "/overview"));
    out.flush();
    return jobId;
  }

  /** {@code flink run} with the same options and arguments. */
  private List<String> flinkRun(Path jobJar, String entryClass, List<String> args) {
    List<String> command = new ArrayList<>(List.of("flink", "run", "--detached"));
    if (parallelism != null) {
      command.addAll(List.of("--parallelism", parallelism.toString()));
    }
    if (savepoint != null) {
      command.addAll(List.of("--fromSavepoint", savepoint));
      if (allowNonRestoredState) {
        command.add("--allowNonRestoredState");
      }
    }
    command.addAll(List.of("--class", entryClass));
    command.add(jobJar.toAbsolutePath().normalize().toString());
    command.addAll(args);
    return command;
  }

  private URI restAddress() {
    try {
      URI uri = new URI(flink);
      if (uri.getHost() == null || !uri.getScheme().startsWith("http")) {
        throw new URISyntaxException(flink, "expected http://HOST:PORT");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new InputException("--flink " + flink + ": not an http(s)://HOST:PORT address", e);
    }
  }

  /** featurewatch-jobs.jar in the directory of the featurewatch jar (or of its classes). */
  private static Path defaultJar() {
    try {
      Path code =
          Path.of(ClusterOptions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return code.getParent().resolve("featurewatch-jobs.jar");
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the featurewatch jar", e);
    }
  }
}
