package dev.featurewatch.store.pipeline.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.row.EntityKey;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class KeyIdsTest {

  private static final List<Field> COMPOSITE =
      List.of(Field.of("a_store", ValueType.STRING), Field.of("b_item", ValueType.INT64));

  @Test
  void oneInt64KeyIsItsDecimalDigits() {
    assertThat(KeyIds.of(EntityKey.of("driver_id", 1001L))).isEqualTo("1001");
    assertThat(KeyIds.parse("1001", List.of(Field.of("driver_id", ValueType.INT64))))
        .isEqualTo(EntityKey.of("driver_id", 1001L));
  }

  @Property(seed = "20261123")
  void everyCompositeKeyComesBackFromItsId(@ForAll String store, @ForAll long item) {
    EntityKey key = EntityKey.of(Map.of("a_store", store, "b_item", item));

    assertThat(KeyIds.parse(KeyIds.of(key), COMPOSITE)).isEqualTo(key);
  }

  @Test
  void separatorsAndBackslashesInsideStringsAreEscaped() {
    EntityKey tricky = EntityKey.of(Map.of("a_store", "x\u001f\\y\\", "b_item", 7L));

    assertThat(KeyIds.of(tricky)).isEqualTo("x\\\u001f\\\\y\\\\\u001f7");
    assertThat(KeyIds.parse(KeyIds.of(tricky), COMPOSITE)).isEqualTo(tricky);
  }

  @Test
  void anIdOfAnotherShapeIsRefused() {
    assertThatThrownBy(() -> KeyIds.parse("x", COMPOSITE))
        .hasMessageContaining("fewer values than join keys");
    assertThatThrownBy(() -> KeyIds.parse("x\u001f1\u001f2", COMPOSITE))
        .hasMessageContaining("more values than join keys");
  }
}
