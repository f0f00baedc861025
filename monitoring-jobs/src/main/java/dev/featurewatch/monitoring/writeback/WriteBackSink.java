package dev.featurewatch.monitoring.writeback;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.modelregistry.ModelRegistries;
import dev.featurewatch.modelregistry.ModelRegistry;
import dev.featurewatch.monitoring.result.MonitorOutput;
import dev.featurewatch.monitoring.result.MonitoringResult;
import dev.featurewatch.monitoring.result.PerformanceResult;
import dev.featurewatch.monitoring.window.Series;
import dev.featurewatch.store.definition.ModelMonitor;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes each model version's monitoring results back to the model registry as tags ({@link
 * MonitoringTags}), as each monitor's {@code write_back} policy says, without ever holding the
 * stream up ({@link TagWriter}). Results of the {@code all} series only; at most once: tags that
 * wait when the job stops are written within a few seconds or not at all (the next window's replace
 * them).
 */
@Internal
public final class WriteBackSink implements Sink<MonitorOutput> {

  private static final long serialVersionUID = 1L;

  /** How long a stopping job waits for tags still to be written. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final String registry;
  private final Map<String, ModelMonitor.WriteBack> policies = new HashMap<>();

  /**
   * @param registry the model registry's location, as {@link ModelRegistries#open} takes it
   */
  public WriteBackSink(String registry, List<ModelMonitor> monitors) {
    this.registry = registry;
    monitors.forEach(m -> policies.put(m.name(), m.writeBack()));
  }

  @Override
  public SinkWriter<MonitorOutput> createWriter(WriterInitContext context) {
    ModelRegistry client = ModelRegistries.open(registry);
    Map<String, TagWriter> writers = new HashMap<>();
    policies.forEach(
        (monitor, policy) ->
            writers.put(
                monitor,
                new TagWriter(client, policy.onChange(), policy.interval(), Clock.systemUTC())));
    // per model version: the last drift tags, the last complete performance's, and whether it
    // was degraded
    Map<List<String>, Map<String, String>> drift = new HashMap<>();
    Map<List<String>, Map<String, String>> performance = new HashMap<>();
    Map<List<String>, Boolean> degraded = new HashMap<>();
    return new SinkWriter<>() {
      @Override
      public void write(MonitorOutput output, Context context) {
        if (!Series.ALL.equals(output.segment())) {
          return;
        }
        List<String> version = List.of(output.model(), output.modelVersion());
        if (output instanceof MonitoringResult result) {
          drift.put(version, MonitoringTags.of(result));
        } else if (output instanceof PerformanceResult result && result.complete()) {
          performance.put(version, MonitoringTags.ofPerformance(result));
          degraded.put(version, result.degraded());
        } else {
          return; // performance so far: the next complete window says it
        }
        Map<String, String> tags = new LinkedHashMap<>(drift.getOrDefault(version, Map.of()));
        tags.putAll(performance.getOrDefault(version, Map.of()));
        if (degraded.getOrDefault(version, false)) {
          tags.put(MonitoringTags.STATUS, MonitoringTags.DEGRADED);
        }
        writers.get(output.monitor()).offer(output.model(), output.modelVersion(), tags);
      }

      @Override
      public void flush(boolean endOfInput) {
        if (endOfInput) {
          closeAll(); // a replay ends here: what it found should reach the registry
        }
      }

      @Override
      public void close() {
        closeAll();
      }

      /** Closes every writer, each given its time even when the task is being cancelled. */
      private void closeAll() {
        boolean interrupted = false;
        for (TagWriter writer : writers.values()) {
          try {
            writer.close(CLOSE_TIMEOUT);
          } catch (InterruptedException e) {
            interrupted = true; // its thread is stopped all the same; tags are best effort
          }
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    };
  }
}
