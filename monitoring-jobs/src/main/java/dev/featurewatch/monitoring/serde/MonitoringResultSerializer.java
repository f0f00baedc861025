package dev.featurewatch.monitoring.serde;

import dev.featurewatch.monitoring.result.MonitoringResult;
import dev.featurewatch.monitoring.result.ResultJson;
import dev.featurewatch.store.pipeline.serde.RecordSerializer;
import dev.featurewatch.store.pipeline.serde.TaggedValues;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Monitoring results on their way to the sinks, as their JSON: one per window, so compactness
 * matters less than having one format.
 */
public final class MonitoringResultSerializer extends RecordSerializer<MonitoringResult> {

  private static final long serialVersionUID = 1L;

  @Override
  public MonitoringResult createInstance() {
    return new MonitoringResult(
        "",
        "",
        "",
        "",
        Instant.EPOCH,
        Instant.EPOCH,
        MonitoringResult.ClosedBy.TIME,
        0,
        "",
        MonitoringResult.Status.OK,
        List.of(),
        null,
        Map.of(),
        List.of());
  }

  @Override
  public void serialize(MonitoringResult value, DataOutputView out) throws IOException {
    TaggedValues.writeString(out, ResultJson.toJson(value));
  }

  @Override
  public MonitoringResult deserialize(DataInputView in) throws IOException {
    return ResultJson.fromJson(TaggedValues.readString(in));
  }

  @Override
  public TypeSerializerSnapshot<MonitoringResult> snapshotConfiguration() {
    return new Snapshot();
  }

  /** No configuration: the format is fixed. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<MonitoringResult> {
    public Snapshot() {
      super(MonitoringResultSerializer::new);
    }
  }
}
