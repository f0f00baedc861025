package dev.featurewatch.store.pipeline.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.store.definition.Aggregation;
import dev.featurewatch.store.pipeline.aggregate.PaneAggregate;
import dev.featurewatch.store.pipeline.event.ViewEvent;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class SerializersTest {

  private static final List<Object> EVERY_TYPE =
      Arrays.asList(
          null,
          42L,
          -0.5,
          "Zürich ✓",
          true,
          Instant.parse("2026-11-01T08:00:00.123456789Z"),
          List.of(1.0, 2.5));

  @Test
  void featureRowsOfEveryValueTypeComeBackEqual() throws IOException {
    FeatureRow row =
        new FeatureRow(
            "v",
            EntityKey.of(Map.of("a", "x", "b", 7L)),
            Instant.parse("2026-11-01T08:00:00Z"),
            Instant.parse("2026-11-01T08:00:01Z"),
            EVERY_TYPE);

    assertThat(roundTrip(Types.FEATURE_ROW.createSerializer(new SerializerConfigImpl()), row))
        .isEqualTo(row);
  }

  @Test
  void viewEventsComeBackEqual() throws IOException {
    ViewEvent event = new ViewEvent("1001", 1_700_000_000_000_123L, EVERY_TYPE);

    assertThat(roundTrip(Types.VIEW_EVENT.createSerializer(new SerializerConfigImpl()), event))
        .isEqualTo(event);
  }

  @Test
  void panesComeBackWithTheSameResultsAndCopiesAreIndependent() throws IOException {
    Set<Aggregation> all = EnumSet.allOf(Aggregation.class);
    PaneAggregate numbers = PaneAggregate.of(all);
    for (long i = 1; i <= 50; i++) {
      numbers.add((double) (i % 7), i);
    }
    PaneAggregate words = PaneAggregate.of(EnumSet.of(Aggregation.LAST, Aggregation.COUNT));
    words.add("late", 5);
    words.add("early", 1);
    PaneAggregate[] panes = {numbers, words, PaneAggregate.of(all)};
    TypeSerializer<PaneAggregate[]> serializer =
        Types.PANES.createSerializer(new SerializerConfigImpl());

    PaneAggregate[] back = roundTrip(serializer, panes);
    PaneAggregate[] copy = serializer.copy(panes);
    copy[0].add(1000.0, 99);

    for (Aggregation aggregation : all) {
      assertThat(back[0].result(aggregation))
          .as(aggregation.id())
          .isEqualTo(numbers.result(aggregation));
      assertThat(back[2].result(aggregation)).isEqualTo(panes[2].result(aggregation));
    }
    assertThat(back[1].result(Aggregation.LAST)).isEqualTo("late");
    assertThat(back[1].count()).isEqualTo(2);
    assertThat(numbers.result(Aggregation.MAX)).isEqualTo(6.0);
    assertThat(copy[0].result(Aggregation.MAX)).isEqualTo(1000.0);
  }

  private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(value, out);
    T back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    // and through the snapshot a restore would use
    TypeSerializer<T> restored = serializer.snapshotConfiguration().restoreSerializer();
    assertThat(restored.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())))
        .usingRecursiveComparison()
        .isEqualTo(back);
    return back;
  }
}
