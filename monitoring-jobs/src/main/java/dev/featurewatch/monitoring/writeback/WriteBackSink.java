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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Writes each model version's monitoring results back to the model registry as tags ({@link
 * MonitoringTags}), as each monitor's {@code write_back} policy says, without ever holding the
 * stream up ({@link TagWriter}). Results of the {@code all} series only.
 *
 * <p>What each version's tags should show, and the tags last due to be written, are checkpointed
 * ({@link VersionTags}), so the tags end as a run without failure leaves them: a restored job
 * writes the tags last due again (tags still waiting when the job was killed are written then) and
 * judges later windows against them, as the job without failure did, and a window that ends no
 * later than the last one of its kind changes nothing, so the results replayed after a restore
 * never move the tags back. Between a kill and the restart the registry may lag; tags waiting when
 * the job is stopped for good are written within a few seconds or not at all.
 */
@Internal
public final class WriteBackSink
    implements Sink<MonitorOutput>, SupportsWriterState<MonitorOutput, VersionTags> {

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
  public StatefulSinkWriter<MonitorOutput, VersionTags> createWriter(WriterInitContext context) {
    return restoreWriter(context, List.of());
  }

  @Override
  public StatefulSinkWriter<MonitorOutput, VersionTags> restoreWriter(
      WriterInitContext context, Collection<VersionTags> restored) {
    ModelRegistry client = ModelRegistries.open(registry);
    Map<String, TagWriter> writers = new HashMap<>();
    policies.forEach(
        (monitor, policy) ->
            writers.put(
                monitor,
                new TagWriter(client, policy.onChange(), policy.interval(), Clock.systemUTC())));
    // per model and version
    Map<List<String>, VersionTags> versions = new LinkedHashMap<>();
    for (VersionTags tags : restored) {
      versions.put(List.of(tags.model(), tags.version()), tags);
      TagWriter writer = writers.get(tags.monitor());
      if (writer != null && !tags.due().isEmpty()) {
        // a monitor no longer run leaves its tags as they are
        writer.restore(tags.model(), tags.version(), tags.due());
      }
    }
    return new StatefulSinkWriter<>() {
      @Override
      public void write(MonitorOutput output, Context context) {
        if (!Series.ALL.equals(output.segment())) {
          return;
        }
        List<String> key = List.of(output.model(), output.modelVersion());
        VersionTags before =
            versions.getOrDefault(
                key,
                new VersionTags(
                    output.monitor(),
                    output.model(),
                    output.modelVersion(),
                    Map.of(),
                    Map.of(),
                    false,
                    Map.of()));
        VersionTags after;
        if (output instanceof MonitoringResult result && before.newerDrift(result.windowEnd())) {
          after =
              new VersionTags(
                  output.monitor(),
                  output.model(),
                  output.modelVersion(),
                  MonitoringTags.of(result),
                  before.performance(),
                  before.degraded(),
                  Map.of());
        } else if (output instanceof PerformanceResult result
            && result.complete()
            && before.newerPerformance(result.windowEnd())) {
          after =
              new VersionTags(
                  output.monitor(),
                  output.model(),
                  output.modelVersion(),
                  before.drift(),
                  MonitoringTags.ofPerformance(result),
                  result.degraded(),
                  Map.of());
        } else {
          // performance so far (the next complete window says it), or a window already written:
          // replayed after a restore
          return;
        }
        versions.put(key, after);
        writers.get(output.monitor()).offer(output.model(), output.modelVersion(), after.tags());
      }

      @Override
      public List<VersionTags> snapshotState(long checkpointId) {
        List<VersionTags> state = new ArrayList<>();
        for (VersionTags tags : versions.values()) {
          TagWriter writer = writers.get(tags.monitor());
          state.add(writer == null ? tags : tags.withDue(writer.due(tags.model(), tags.version())));
        }
        return state;
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

  @Override
  public SimpleVersionedSerializer<VersionTags> getWriterStateSerializer() {
    return new VersionTags.Serializer();
  }
}
