package dev.featurewatch.app.report;

import dev.featurewatch.app.input.InputException;
import dev.featurewatch.app.input.Instants;
import dev.featurewatch.app.output.ReportFiles;
import dev.featurewatch.monitoring.result.MonitorOutput;
import dev.featurewatch.store.config.RepositoryConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code featurewatch report}: a monitor's history, as the monitoring job wrote it, as one
 * self-contained page: drift per feature and window, the prediction's drift, performance against
 * training, label coverage, data quality, and the windows where the status changed.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Write a monitor's history from its results as one self-contained HTML page.")
public final class ReportCommand implements Callable<Integer> {

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--repo",
      defaultValue = ".",
      paramLabel = "DIR",
      description = "The feature repository, for its default results and Kafka (default: .).")
  private Path repo;

  @Option(
      names = "--results",
      paramLabel = "DIR|kafka:TOPIC",
      description =
          "The monitoring job's results (default: <repo>/.featurewatch/results, where run"
              + " monitors writes them).")
  private String results;

  @Option(
      names = "--kafka",
      paramLabel = "HOST:PORT,...",
      description =
          "Kafka brokers of a kafka: results topic (default: streaming.kafka in"
              + " <repo>/featurewatch.yaml).")
  private String kafka;

  @Option(
      names = "--monitor",
      paramLabel = "NAME",
      description = "The monitor (default: the only one in the results).")
  private String monitor;

  @Option(
      names = "--from",
      paramLabel = "TIME",
      description = "Only windows ending after TIME (an ISO-8601 instant or a date).")
  private String from;

  @Option(
      names = "--to",
      paramLabel = "TIME",
      description = "Only windows ending at or before TIME.")
  private String to;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write the page to FILE instead of standard output.")
  private Path out;

  @Override
  public Integer call() {
    Instant start = from == null ? null : Instants.parse("--from", from);
    Instant end = to == null ? null : Instants.parse("--to", to);
    if (start != null && end != null && !end.isAfter(start)) {
      throw new InputException("--to must be after --from, found " + from + " and " + to);
    }
    String location = results != null ? results : repo.resolve(".featurewatch/results").toString();
    String brokers =
        kafka != null
            ? kafka
            : location.startsWith("kafka:") ? RepositoryConfig.read(repo).streaming().kafka() : "";
    List<MonitorOutput> outputs = MonitorHistory.read(location, brokers);
    List<String> monitors = MonitorHistory.monitors(outputs);
    String name = monitor != null ? monitor : onlyMonitor(monitors, location);
    if (!monitors.contains(name)) {
      throw new InputException(
          "--monitor " + name + ": no results of it in " + location + "; found " + monitors);
    }
    String html = MonitorHistory.page(outputs, name, start, end, location);
    PrintWriter err = spec.commandLine().getErr();
    if (out == null) {
      spec.commandLine().getOut().print(html);
      spec.commandLine().getOut().flush();
    } else {
      ReportFiles.write(out, html);
      err.printf("featurewatch: wrote the history of monitor %s to %s%n", name, out);
      err.flush();
    }
    return 0;
  }

  private static String onlyMonitor(List<String> monitors, String location) {
    if (monitors.size() == 1) {
      return monitors.get(0);
    }
    throw new InputException(
        monitors.isEmpty()
            ? "--results " + location + ": no results yet"
            : "--monitor: the results in " + location + " hold " + monitors + ": name one");
  }
}
