package dev.featurewatch.store.pipeline.serde;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.store.pipeline.aggregate.PaneAggregate;
import dev.featurewatch.streaming.serde.RecordSerializer;
import dev.featurewatch.streaming.serde.TaggedValues;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The state of one key and pane: one {@link PaneAggregate} per event field a view aggregates.
 * Mutable, so copies are deep: the heap state backend copies while a snapshot is written.
 */
@Internal
public final class PanesSerializer extends RecordSerializer<PaneAggregate[]> {

  private static final long serialVersionUID = 1L;

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public PaneAggregate[] createInstance() {
    return new PaneAggregate[0];
  }

  @Override
  public PaneAggregate[] copy(PaneAggregate[] from) {
    PaneAggregate[] copy = new PaneAggregate[from.length];
    for (int i = 0; i < from.length; i++) {
      copy[i] = from[i].copy();
    }
    return copy;
  }

  @Override
  public void serialize(PaneAggregate[] panes, DataOutputView out) throws IOException {
    out.writeInt(panes.length);
    for (PaneAggregate pane : panes) {
      pane.write(out, TaggedValues::write);
    }
  }

  @Override
  public PaneAggregate[] deserialize(DataInputView in) throws IOException {
    PaneAggregate[] panes = new PaneAggregate[in.readInt()];
    for (int i = 0; i < panes.length; i++) {
      panes[i] = PaneAggregate.read(in, TaggedValues::read);
    }
    return panes;
  }

  @Override
  public TypeSerializerSnapshot<PaneAggregate[]> snapshotConfiguration() {
    return new Snapshot();
  }

  /** No configuration: each pane writes which aggregations it holds. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<PaneAggregate[]> {
    public Snapshot() {
      super(PanesSerializer::new);
    }
  }
}
