package dev.featurewatch.monitoring.serde;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.monitoring.label.PerformanceWindow;
import dev.featurewatch.streaming.serde.RecordSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** The performance windows in state: mutable, so a copy goes through the bytes. */
@Internal
public final class PerformanceWindowSerializer extends RecordSerializer<PerformanceWindow> {

  private static final long serialVersionUID = 1L;

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public PerformanceWindow copy(PerformanceWindow from) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      from.writeTo(new DataOutputStream(bytes));
      return PerformanceWindow.readFrom(
          new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public PerformanceWindow createInstance() {
    return null;
  }

  @Override
  public void serialize(PerformanceWindow value, DataOutputView out) throws IOException {
    value.writeTo(out);
  }

  @Override
  public PerformanceWindow deserialize(DataInputView in) throws IOException {
    return PerformanceWindow.readFrom(in);
  }

  @Override
  public TypeSerializerSnapshot<PerformanceWindow> snapshotConfiguration() {
    return new Snapshot();
  }

  /** No configuration: the format is fixed. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<PerformanceWindow> {
    public Snapshot() {
      super(PerformanceWindowSerializer::new);
    }
  }
}
