package dev.featurewatch.store.pipeline.serde;

import dev.featurewatch.store.pipeline.aggregate.PaneAggregate;
import dev.featurewatch.store.pipeline.event.ViewEvent;
import dev.featurewatch.store.row.FeatureRow;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The Flink types of the pipeline's records, each with its own compact serializer: without them
 * Flink would fall back to Kryo, slower and not safe to evolve across savepoints.
 */
public final class Types {

  /** Parsed events on their way to aggregation. */
  public static final TypeInformation<ViewEvent> VIEW_EVENT =
      new Info<>(ViewEvent.class, new ViewEventSerializer());

  /** Feature rows on their way to the stores. */
  public static final TypeInformation<FeatureRow> FEATURE_ROW =
      new Info<>(FeatureRow.class, new FeatureRowSerializer());

  /** The per-pane aggregates kept in state. */
  public static final TypeInformation<PaneAggregate[]> PANES =
      new Info<>(PaneAggregate[].class, new PanesSerializer());

  private static final class Info<T> extends TypeInformation<T> {

    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final TypeSerializer<T> serializer;

    Info(Class<T> type, TypeSerializer<T> serializer) {
      this.type = type;
      this.serializer = serializer;
    }

    @Override
    public boolean isBasicType() {
      return false;
    }

    @Override
    public boolean isTupleType() {
      return false;
    }

    @Override
    public int getArity() {
      return 1;
    }

    @Override
    public int getTotalFields() {
      return 1;
    }

    @Override
    public Class<T> getTypeClass() {
      return type;
    }

    @Override
    public boolean isKeyType() {
      return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
      return serializer.duplicate();
    }

    @Override
    public String toString() {
      return type.getSimpleName();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Info<?> info && info.type.equals(type);
    }

    @Override
    public int hashCode() {
      return Objects.hash(type);
    }

    @Override
    public boolean canEqual(Object other) {
      return other instanceof Info<?>;
    }
  }

  private Types() {}
}
