package dev.featurewatch.monitoring.serde;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.monitoring.window.WindowProfile;
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

/**
 * The open windows in state. A window is mutable: a copy, which the heap state backend takes of an
 * entry a snapshot still reads, goes through the bytes.
 */
@Internal
public final class WindowProfileSerializer extends RecordSerializer<WindowProfile> {

  private static final long serialVersionUID = 1L;

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public WindowProfile copy(WindowProfile from) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      from.writeTo(new DataOutputStream(bytes));
      return WindowProfile.readFrom(
          new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public WindowProfile createInstance() {
    return null;
  }

  @Override
  public void serialize(WindowProfile value, DataOutputView out) throws IOException {
    value.writeTo(out);
  }

  @Override
  public WindowProfile deserialize(DataInputView in) throws IOException {
    return WindowProfile.readFrom(in);
  }

  @Override
  public TypeSerializerSnapshot<WindowProfile> snapshotConfiguration() {
    return new Snapshot();
  }

  /** No configuration: the format is fixed (and versioned inside, by the accumulators' codec). */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<WindowProfile> {
    public Snapshot() {
      super(WindowProfileSerializer::new);
    }
  }
}
