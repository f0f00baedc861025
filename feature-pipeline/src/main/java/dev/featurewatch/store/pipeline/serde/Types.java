package dev.featurewatch.store.pipeline.serde;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.store.pipeline.aggregate.PaneAggregate;
import dev.featurewatch.store.pipeline.event.ViewEvent;
import dev.featurewatch.store.row.FeatureRow;
import dev.featurewatch.streaming.serde.SerializerTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * The Flink types of the pipeline's records, each with its own compact serializer: without them
 * Flink would fall back to Kryo, slower and not safe to evolve across savepoints.
 */
@Internal
public final class Types {

  /** Parsed events on their way to aggregation. */
  public static final TypeInformation<ViewEvent> VIEW_EVENT =
      new SerializerTypeInfo<>(ViewEvent.class, new ViewEventSerializer());

  /** Feature rows on their way to the stores. */
  public static final TypeInformation<FeatureRow> FEATURE_ROW =
      new SerializerTypeInfo<>(FeatureRow.class, new FeatureRowSerializer());

  /** The per-pane aggregates kept in state. */
  public static final TypeInformation<PaneAggregate[]> PANES =
      new SerializerTypeInfo<>(PaneAggregate[].class, new PanesSerializer());

  private Types() {}
}
