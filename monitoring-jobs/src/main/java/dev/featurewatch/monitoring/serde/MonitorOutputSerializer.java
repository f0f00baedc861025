package dev.featurewatch.monitoring.serde;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.monitoring.result.MonitorOutput;
import dev.featurewatch.monitoring.result.ResultJson;
import dev.featurewatch.streaming.serde.RecordSerializer;
import dev.featurewatch.streaming.serde.TaggedValues;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.GenericTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Monitoring results on their way to the sinks, as their JSON: a few per window, so compactness
 * matters less than having one format.
 *
 * @param <T> the results' type: drift, performance, or either
 */
@Internal
public final class MonitorOutputSerializer<T extends MonitorOutput> extends RecordSerializer<T> {

  private static final long serialVersionUID = 1L;

  private final Class<T> type;

  public MonitorOutputSerializer(Class<T> type) {
    this.type = type;
  }

  @Override
  public MonitorOutputSerializer<T> duplicate() {
    return this;
  }

  @Override
  public T createInstance() {
    return null;
  }

  @Override
  public void serialize(T value, DataOutputView out) throws IOException {
    TaggedValues.writeString(out, ResultJson.toJson(value));
  }

  @Override
  public T deserialize(DataInputView in) throws IOException {
    return type.cast(ResultJson.fromJson(TaggedValues.readString(in)));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MonitorOutputSerializer<?> s && s.type.equals(type);
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }

  @Override
  public TypeSerializerSnapshot<T> snapshotConfiguration() {
    return new Snapshot<>(type);
  }

  /** The results' type is the configuration. */
  public static final class Snapshot<T extends MonitorOutput>
      extends GenericTypeSerializerSnapshot<T, MonitorOutputSerializer<T>> {

    public Snapshot() {}

    Snapshot(Class<T> type) {
      super(type);
    }

    @Override
    protected TypeSerializer<T> createSerializer(Class<T> type) {
      return new MonitorOutputSerializer<>(type);
    }

    @Override
    protected Class<T> getTypeClass(MonitorOutputSerializer<T> serializer) {
      return serializer.type;
    }

    @Override
    protected Class<?> serializerClass() {
      return MonitorOutputSerializer.class;
    }
  }
}
