package dev.featurewatch.store.offline.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntityRowsTest {

  private static final List<Field> KEYS =
      List.of(Field.of("driver_id", ValueType.INT64), Field.of("customer_id", ValueType.STRING));

  @TempDir Path dir;

  @Test
  void csvColumnsAreFoundByNameAndExtraColumnsIgnored() throws Exception {
    Path csv = dir.resolve("entities.csv");
    Files.writeString(
        csv,
        """
        event_timestamp,label,customer_id,driver_id
        2026-11-20T10:00:00Z,1,c1,1001
        2026-11-20T09:00:00.000001Z,0,c2,1002

        2026-11-20T10:00:00Z,1,c1,1001
        """);

    EntityRows rows = EntityRows.readCsv(csv, KEYS);

    assertThat(rows.size()).isEqualTo(3);
    assertThat(rows.key(1, 0)).isEqualTo(1002L);
    assertThat(rows.key(1, 1)).isEqualTo("c2");
    assertThat(rows.key(2, 1)).isEqualTo("c1");
    assertThat(rows.timestampMicros(1))
        .isEqualTo(Instant.parse("2026-11-20T09:00:00Z").toEpochMilli() * 1000 + 1);
  }

  @Test
  void aBadCellNamesFileLineAndColumn() throws Exception {
    Path csv = dir.resolve("entities.csv");
    Files.writeString(
        csv, "driver_id,customer_id,event_timestamp\n1,c1,2026-11-20T10:00:00Z\nx,c1,2026-11-20\n");

    assertThatThrownBy(() -> EntityRows.readCsv(csv, KEYS))
        .hasMessage(csv + ":3: driver_id must be an int64, found 'x'");
  }

  @Test
  void aMissingColumnIsNamed() throws Exception {
    Path csv = dir.resolve("entities.csv");
    Files.writeString(csv, "driver_id,event_timestamp\n1,2026-11-20T10:00:00Z\n");

    assertThatThrownBy(() -> EntityRows.readCsv(csv, KEYS))
        .hasMessage(
            csv + ": header must name column 'customer_id', found [driver_id, event_timestamp]");
  }

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
