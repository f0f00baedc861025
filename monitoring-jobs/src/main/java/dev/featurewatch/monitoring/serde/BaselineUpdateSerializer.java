package dev.featurewatch.monitoring.serde;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.monitoring.baseline.BaselineUpdate;
import dev.featurewatch.streaming.serde.RecordSerializer;
import dev.featurewatch.streaming.serde.TaggedValues;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Baseline updates on their way to every window operator. */
@Internal
public final class BaselineUpdateSerializer extends RecordSerializer<BaselineUpdate> {

  private static final long serialVersionUID = 1L;

  @Override
  public BaselineUpdate createInstance() {
    return BaselineUpdate.tick(false);
  }

  @Override
  public void serialize(BaselineUpdate value, DataOutputView out) throws IOException {
    TaggedValues.writeString(out, value.monitor());
    TaggedValues.writeString(out, value.version());
    TaggedValues.writeString(out, value.digest());
    out.writeInt(value.baseline() == null ? -1 : value.baseline().length);
    if (value.baseline() != null) {
      out.write(value.baseline());
    }
    TaggedValues.writeString(out, value.problem());
    out.writeBoolean(value.ready());
  }

  @Override
  public BaselineUpdate deserialize(DataInputView in) throws IOException {
    String monitor = TaggedValues.readString(in);
    String version = TaggedValues.readString(in);
    String digest = TaggedValues.readString(in);
    int length = in.readInt();
    byte[] baseline = null;
    if (length >= 0) {
      baseline = new byte[length];
      in.readFully(baseline);
    }
    return new BaselineUpdate(
        monitor, version, digest, baseline, TaggedValues.readString(in), in.readBoolean());
  }

  @Override
  public TypeSerializerSnapshot<BaselineUpdate> snapshotConfiguration() {
    return new Snapshot();
  }

  /** No configuration: the format is fixed. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<BaselineUpdate> {
    public Snapshot() {
      super(BaselineUpdateSerializer::new);
    }
  }
}
