package dev.featurewatch.monitoring.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.modelregistry.LocalModelRegistry;
import dev.featurewatch.monitoring.Monitors;
import dev.featurewatch.monitoring.result.FeatureResult;
import dev.featurewatch.monitoring.result.MonitorOutput;
import dev.featurewatch.monitoring.result.MonitoringResult;
import dev.featurewatch.monitoring.result.MonitoringResult.ClosedBy;
import dev.featurewatch.monitoring.result.MonitoringResult.Status;
import dev.featurewatch.monitoring.serde.MonitorTypes;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.store.definition.ValueType;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.operators.sink.SinkWriterOperatorFactory;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-back as Flink runs it (its writer operator in a harness), on a local model registry:
 * snapshot, kill, restore.
 */
@SuppressWarnings("try") // the harness's close() declares InterruptedException
class WriteBackSinkTest {

  private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
  private static final Duration FIVE = Duration.ofMinutes(5);
  private static final ModelMonitor MONITOR =
      Monitors.monitor(List.of(Field.of("amount", ValueType.DOUBLE)));

  @TempDir Path models;

  private OneInputStreamOperatorTestHarness<MonitorOutput, ?> harness() throws Exception {
    return new OneInputStreamOperatorTestHarness<>(
        new SinkWriterOperatorFactory<>(new WriteBackSink(models.toString(), List.of(MONITOR))),
        MonitorTypes.MONITOR_OUTPUT.createSerializer(new SerializerConfigImpl()));
  }

  private static MonitoringResult window(int n, Status status) {
    Instant start = T0.plus(FIVE.multipliedBy(n));
    return new MonitoringResult(
        "fraud",
        "fraud",
        "3",
        "all",
        start,
        start.plus(FIVE),
        ClosedBy.TIME,
        1_000,
        "digest",
        Map.of(),
        Map.of(),
        status,
        List.of(FeatureResult.notCompared("amount", "not in the baseline", 0)),
        null,
        null,
        Map.of(),
        List.of());
  }

  private Map<String, String> tags() {
    return new LocalModelRegistry(models).version("fraud", "3").tags();
  }

  @Test
  void aRestoredWriteBackWritesTheTagsAKillLostAndAReplayedOlderWindowChangesNothing()
      throws Exception {
    LocalModelRegistry registry = new LocalModelRegistry(models);
    registry.createVersion("fraud");
    registry.createVersion("fraud");
    registry.createVersion("fraud");
    OperatorSubtaskState checkpoint;
    try (var first = harness()) {
      first.open();
      first.processElement(window(0, Status.OK), 0);
      first.processElement(window(1, Status.INSUFFICIENT_DATA), 0);
      checkpoint = first.snapshot(1, 1);
    }
    assertThat(tags())
        .containsEntry(MonitoringTags.STATUS, "insufficient_data")
        .containsEntry(MonitoringTags.LAST_WINDOW, "2026-11-01T08:10:00Z");
    // as if the kill came before the writer's thread wrote them
    for (String key : tags().keySet()) {
      if (key.startsWith("featurewatch.")) {
        registry.deleteTag("fraud", "3", key);
      }
    }

    try (var restored = harness()) {
      restored.initializeState(checkpoint);
      restored.open();
      // replayed from before the checkpoint: older than the tags it restored
      restored.processElement(window(0, Status.OK), 0);
    }

    assertThat(tags())
        .containsEntry(MonitoringTags.STATUS, "insufficient_data")
        .containsEntry(MonitoringTags.LAST_WINDOW, "2026-11-01T08:10:00Z");
  }

  @Test
  void aRestoredWriteBackJudgesLaterWindowsAsTheRunWithoutFailureDid() throws Exception {
    LocalModelRegistry registry = new LocalModelRegistry(models);
    for (int v = 0; v < 3; v++) {
      registry.createVersion("fraud");
    }
    OperatorSubtaskState checkpoint;
    try (var first = harness()) {
      first.open();
      first.processElement(window(0, Status.OK), 0);
      first.processElement(window(1, Status.OK), 0); // nothing new but the window: not due
      checkpoint = first.snapshot(1, 1);
    }

    try (var restored = harness()) {
      restored.initializeState(checkpoint);
      restored.open();
      restored.processElement(window(2, Status.OK), 0); // not due either
    }

    // as on_change leaves them without a failure: the first window's, the last that changed
    assertThat(tags())
        .containsEntry(MonitoringTags.STATUS, "ok")
        .containsEntry(MonitoringTags.LAST_WINDOW, "2026-11-01T08:05:00Z");
  }

  @Test
  void theStateRoundTripsThroughItsSerializer() throws Exception {
    VersionTags.Serializer serializer = new VersionTags.Serializer();
    VersionTags tags = state();

    assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(tags)))
        .isEqualTo(tags);
  }

  @Test
  void stateOfVersion1ReadsAsIfTheTagsItShowsWereTheLastDue() throws Exception {
    VersionTags tags = state();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF("fraud");
      out.writeUTF("fraud");
      out.writeUTF("3");
      for (Map<String, String> map : List.of(tags.drift(), tags.performance())) {
        out.writeInt(map.size());
        for (Map.Entry<String, String> tag : map.entrySet()) {
          out.writeUTF(tag.getKey());
          out.writeUTF(tag.getValue());
        }
      }
      out.writeBoolean(true);
    }

    VersionTags read = new VersionTags.Serializer().deserialize(1, bytes.toByteArray());

    assertThat(read).isEqualTo(tags.withDue(tags.tags()));
  }

  private static VersionTags state() {
    return new VersionTags(
        "fraud",
        "fraud",
        "3",
        Map.of(MonitoringTags.STATUS, "drift", MonitoringTags.LAST_WINDOW, T0.toString()),
        Map.of(MonitoringTags.PERFORMANCE, "accuracy=0.9"),
        true,
        Map.of(MonitoringTags.STATUS, "drift", MonitoringTags.LAST_WINDOW, "2026-11-01T07:55:00Z"));
  }
}
