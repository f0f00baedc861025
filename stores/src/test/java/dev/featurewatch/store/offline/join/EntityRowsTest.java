package dev.featurewatch.store.offline.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntityRowsTest {

  private static final List<Field> KEYS =
      List.of(Field.of("driver_id", ValueType.INT64), Field.of("customer_id", ValueType.STRING));

  @Test
  void growsPastItsFirstCapacityAndRejectsNullKeys() {
    EntityRows.Builder builder = EntityRows.builder(KEYS);
    for (int i = 0; i < 5000; i++) {
      builder.addMicros(i, (long) i, "c" + (i % 10));
    }
    assertThatThrownBy(() -> builder.addMicros(0, 1L, null))
        .hasMessage(
            "entity row 5000: join key 'customer_id' must be a non-null string, found null");
    EntityRows rows = builder.build();

    assertThat(rows.size()).isEqualTo(5000);
    assertThat(rows.key(4999, 0)).isEqualTo(4999L);
    assertThat(rows.key(4999, 1)).isEqualTo("c9");
    assertThat(rows.timestampMicros(4999)).isEqualTo(4999L);
    assertThatThrownBy(() -> builder.addMicros(0, 1L, "c1"))
        .isInstanceOf(IllegalStateException.class);
  }
}
