package dev.featurewatch.store.pipeline.serde;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.store.pipeline.event.ViewEvent;
import dev.featurewatch.streaming.serde.RecordSerializer;
import dev.featurewatch.streaming.serde.TaggedValues;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** {@link ViewEvent}s between the parsing and the aggregating operators: key, time, values. */
@Internal
public final class ViewEventSerializer extends RecordSerializer<ViewEvent> {

  private static final long serialVersionUID = 1L;

  @Override
  public ViewEvent createInstance() {
    return new ViewEvent("", 0, List.of());
  }

  @Override
  public void serialize(ViewEvent event, DataOutputView out) throws IOException {
    TaggedValues.writeString(out, event.keyId());
    out.writeLong(event.timeMicros());
    TaggedValues.writeAll(out, event.values());
  }

  @Override
  public ViewEvent deserialize(DataInputView in) throws IOException {
    String keyId = TaggedValues.readString(in);
    long time = in.readLong();
    List<Object> values = TaggedValues.readAll(in);
    return new ViewEvent(keyId, time, values);
  }

  @Override
  public TypeSerializerSnapshot<ViewEvent> snapshotConfiguration() {
    return new Snapshot();
  }

  /** No configuration: the format is fixed. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<ViewEvent> {
    public Snapshot() {
      super(ViewEventSerializer::new);
    }
  }
}
