package dev.featurewatch.streaming.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RawEventTimeTest {

  private static final RawEventTime TIME = new RawEventTime("ts");

  private static long time(String event) {
    return TIME.extractTimestamp(event, 42);
  }

  @Test
  void theTimestampFieldIsReadAsTheEventReaderReadsIt() {
    assertThat(time("{\"a\": {\"ts\": 1}, \"ts\": 1700000000123, \"b\": [2]}"))
        .isEqualTo(1_700_000_000_123L);
    assertThat(time("{\"ts\": \"2026-11-01T08:00:01.5Z\"}"))
        .isEqualTo(Instant.parse("2026-11-01T08:00:01.5Z").toEpochMilli());
    assertThat(time("{\"ts\": \"2026-11-01 09:00:01+01:00\"}"))
        .isEqualTo(Instant.parse("2026-11-01T08:00:01Z").toEpochMilli());
    // a repeated field counts the last time, also after one that cannot be read
    assertThat(time("{\"ts\": 1, \"ts\": 2}")).isEqualTo(2);
    assertThat(time("{\"ts\": \"soon\", \"ts\": 3}")).isEqualTo(3);
  }

  @Test
  void anEventWithoutAUsableTimeMovesNoWatermark() {
    assertThat(time("{\"x\": 1}")).isEqualTo(RawEventTime.UNKNOWN);
    assertThat(time("{\"ts\": \"yesterday\"}")).isEqualTo(RawEventTime.UNKNOWN);
    assertThat(time("{\"ts\": true}")).isEqualTo(RawEventTime.UNKNOWN);
    assertThat(time("{\"ts\": 1.5}")).isEqualTo(RawEventTime.UNKNOWN);
    assertThat(time("{\"ts\": 1, \"ts\": null}")).isEqualTo(RawEventTime.UNKNOWN);
    // the reader keeps microseconds and refuses this one, so it must not move the watermark
    assertThat(time("{\"ts\": 9223372036854776}")).isEqualTo(RawEventTime.UNKNOWN);
    assertThat(time("{\"ts\": 99999999999999999999}")).isEqualTo(RawEventTime.UNKNOWN);
    assertThat(time("{\"ts\": \"+300000-01-01T00:00:00Z\"}")).isEqualTo(RawEventTime.UNKNOWN);
    assertThat(time("not json")).isEqualTo(RawEventTime.UNKNOWN);
    assertThat(time("[1]")).isEqualTo(RawEventTime.UNKNOWN);
    assertThat(time("")).isEqualTo(RawEventTime.UNKNOWN);
    assertThat(time("{\"ts\": 5, \"x\": [1,")).isEqualTo(RawEventTime.UNKNOWN);
  }
}
