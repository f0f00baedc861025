package dev.featurewatch.store.pipeline.serde;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import dev.featurewatch.streaming.serde.RecordSerializer;
import dev.featurewatch.streaming.serde.TaggedValues;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** {@link FeatureRow}s from the aggregating operators to the store sinks. */
@Internal
public final class FeatureRowSerializer extends RecordSerializer<FeatureRow> {

  private static final long serialVersionUID = 1L;

  @Override
  public FeatureRow createInstance() {
    return new FeatureRow("", EntityKey.of("", ""), Instant.EPOCH, null, List.of());
  }

  @Override
  public void serialize(FeatureRow row, DataOutputView out) throws IOException {
    TaggedValues.writeString(out, row.view());
    EntityKey key = row.key();
    out.writeInt(key.names().size());
    for (int i = 0; i < key.names().size(); i++) {
      TaggedValues.writeString(out, key.names().get(i));
      TaggedValues.write(out, key.values().get(i));
    }
    TaggedValues.write(out, row.eventTime());
    TaggedValues.write(out, row.createdTime());
    TaggedValues.writeAll(out, row.values());
  }

  @Override
  public FeatureRow deserialize(DataInputView in) throws IOException {
    String view = TaggedValues.readString(in);
    int keys = in.readInt();
    List<String> names = new ArrayList<>(keys);
    List<Object> keyValues = new ArrayList<>(keys);
    for (int i = 0; i < keys; i++) {
      names.add(TaggedValues.readString(in));
      keyValues.add(TaggedValues.read(in));
    }
    Instant eventTime = (Instant) TaggedValues.read(in);
    Instant createdTime = (Instant) TaggedValues.read(in);
    List<Object> values = TaggedValues.readAll(in);
    return new FeatureRow(view, new EntityKey(names, keyValues), eventTime, createdTime, values);
  }

  @Override
  public TypeSerializerSnapshot<FeatureRow> snapshotConfiguration() {
    return new Snapshot();
  }

  /** No configuration: the format is fixed. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<FeatureRow> {
    public Snapshot() {
      super(FeatureRowSerializer::new);
    }
  }
}
