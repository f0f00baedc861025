package dev.featurewatch.app.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.offline.join.EntityRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntityCsvTest {

  private static final List<Field> KEYS =
      List.of(Field.of("driver_id", ValueType.INT64), Field.of("customer_id", ValueType.STRING));

  @TempDir Path dir;

  private Path csv(String text) throws Exception {
    Path csv = dir.resolve("entities.csv");
    Files.writeString(csv, text);
    return csv;
  }

  @Test
  void columnsAreFoundByNameAndExtraColumnsIgnored() throws Exception {
    EntityRows rows =
        EntityCsv.read(
            csv(
                """
                event_timestamp,label,customer_id,driver_id
                2026-11-20T10:00:00Z,1,c1,1001
                2026-11-20T09:00:00.000001Z,0,c2,1002

                2026-11-20T10:00:00Z,1,c1,1001
                """),
            KEYS);

    assertThat(rows.size()).isEqualTo(3);
    assertThat(rows.key(1, 0)).isEqualTo(1002L);
    assertThat(rows.key(1, 1)).isEqualTo("c2");
    assertThat(rows.key(2, 1)).isEqualTo("c1");
    assertThat(rows.timestampMicros(1))
        .isEqualTo(Instant.parse("2026-11-20T09:00:00Z").toEpochMilli() * 1000 + 1);
  }

  @Test
  void quotedFieldsMayHoldCommasQuotesAndLineBreaks() throws Exception {
    EntityRows rows =
        EntityCsv.read(
            csv(
                "driver_id,customer_id,note,event_timestamp\n"
                    + "1,\"Smith, Ann\",\"said \"\"hi\"\"\nthen left\",2026-11-20T10:00:00Z\n"
                    + "2,\"c2\",,\"2026-11-20T11:00:00Z\"\n"),
            KEYS);

    assertThat(rows.size()).isEqualTo(2);
    assertThat(rows.key(0, 1)).isEqualTo("Smith, Ann");
    assertThat(rows.key(1, 1)).isEqualTo("c2");
    assertThat(rows.timestampMicros(1))
        .isEqualTo(Instant.parse("2026-11-20T11:00:00Z").toEpochMilli() * 1000);
  }

  @Test
  void aBadCellNamesFileLineAndColumn() throws Exception {
    Path csv = csv("driver_id,customer_id,event_timestamp\n1,c1,2026-11-20T10:00:00Z\nx,c1,t\n");

    assertThatThrownBy(() -> EntityCsv.read(csv, KEYS))
        .isInstanceOf(InputException.class)
        .hasMessage(csv + ":3: driver_id must be an int64, found 'x'");
  }

  @Test
  void aBadTimestampAndARaggedRowAreNamed() throws Exception {
    Path badTime = csv("driver_id,customer_id,event_timestamp\n1,c1,2026-11-20\n");
    assertThatThrownBy(() -> EntityCsv.read(badTime, KEYS))
        .hasMessage(
            badTime
                + ":2: event_timestamp must be an ISO-8601 instant like 2026-11-20T10:00:00Z,"
                + " found '2026-11-20'");
    Path ragged = csv("driver_id,customer_id,event_timestamp\n1,c1\n");
    assertThatThrownBy(() -> EntityCsv.read(ragged, KEYS))
        .hasMessage(ragged + ":2: expected 3 cells, found 2");
  }

  @Test
  void aMissingColumnIsNamed() throws Exception {
    Path csv = csv("driver_id,event_timestamp\n1,2026-11-20T10:00:00Z\n");

    assertThatThrownBy(() -> EntityCsv.read(csv, KEYS))
        .hasMessage(
            csv + ": header must name column 'customer_id', found [driver_id, event_timestamp]");
  }
}
