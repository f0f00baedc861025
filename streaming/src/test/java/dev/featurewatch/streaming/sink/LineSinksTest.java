package dev.featurewatch.streaming.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class LineSinksTest {

  /**
   * A result's element carries its window's event time; as the record's timestamp, a broker with
   * time-based retention deleted the results of windows older than {@code retention.ms} (a replayed
   * day, the demo's fixed dates) at its next check, soon after they were committed.
   */
  @Test
  void aLineIsStampedWhenWrittenNotWithItsEventTime() {
    long eventTime = 1_793_610_000_000L; // 2026-11-02T09:00:00Z
    ProducerRecord<byte[], byte[]> record =
        new LineSinks.StampedWhenWritten("results").serialize("{\"a\":1}", null, eventTime);

    assertThat(record.timestamp()).as("left to the producer's clock").isNull();
    assertThat(record.topic()).isEqualTo("results");
    assertThat(record.partition()).isNull();
    assertThat(record.key()).isNull();
    assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
  }
}
