package dev.featurewatch.streaming.time;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import dev.featurewatch.annotation.Internal;
import dev.featurewatch.store.row.JsonFeatureValues;
import java.io.IOException;
import java.time.Instant;
import org.apache.flink.api.common.eventtime.TimestampAssigner;

/**
 * The event time of a raw JSON event, read at the source so that watermarks follow each Kafka
 * partition: the top-level timestamp field, as epoch milliseconds or ISO-8601 text (as {@link
 * EventReader} reads it), found in one pass that skips every other field. An event without a usable
 * time gets {@link #UNKNOWN}, which moves no watermark; the reader then sends it to the dead
 * letters with the reason.
 */
@Internal
public final class RawEventTime implements TimestampAssigner<String> {

  /** The time of an event whose time cannot be read. */
  public static final long UNKNOWN = Long.MIN_VALUE;

  private static final JsonFactory JSON = new JsonFactory();

  private final String field;

  /**
   * @param field the source's timestamp field
   */
  public RawEventTime(String field) {
    this.field = field;
  }

  @Override
  public long extractTimestamp(String event, long recordTimestamp) {
    try (JsonParser parser = JSON.createParser(event)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return UNKNOWN;
      }
      // a repeated field counts the last time, as the reader takes it
      long time = UNKNOWN;
      for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
        JsonToken token = parser.nextToken();
        if (name.equals(field)) {
          time = time(parser, token);
        } else {
          parser.skipChildren();
        }
      }
      return time;
    } catch (IOException invalidJson) {
      return UNKNOWN;
    }
  }

  /**
   * The time at the parser, in milliseconds, when the reader would accept it: it keeps
   * microseconds, so a time it refuses for overflowing them must not move the watermark either.
   */
  private long time(JsonParser parser, JsonToken token) throws IOException {
    try {
      if (token == JsonToken.VALUE_NUMBER_INT) {
        long millis = parser.getLongValue();
        Math.multiplyExact(millis, 1_000L);
        return millis;
      }
      if (token == JsonToken.VALUE_STRING) {
        Instant time = JsonFeatureValues.timestamp(parser.getText(), field);
        Math.addExact(
            Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1_000);
        return time.toEpochMilli();
      }
    } catch (InputCoercionException | IllegalArgumentException | ArithmeticException unusable) {
      return UNKNOWN;
    }
    parser.skipChildren();
    return UNKNOWN;
  }
}
