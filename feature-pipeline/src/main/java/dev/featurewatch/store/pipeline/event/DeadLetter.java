package dev.featurewatch.store.pipeline.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.annotation.Internal;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Objects;

/**
 * An event the pipeline did not use, as written to the dead-letter topic or file: the fields of
 * DESIGN.md ({@code reason}, {@code source}, {@code raw}, {@code at}) and, to act on it, the {@code
 * feature_view} that refused it and a {@code detail} naming the field, the rule and the value.
 *
 * @param reason why, from a fixed list
 * @param source the data source the event came from
 * @param view the stream feature view that could not use it
 * @param detail the message
 * @param raw the event as read (for a late event, as the view read it)
 * @param at when it was refused
 */
@Internal
public record DeadLetter(
    DeadLetterReason reason, String source, String view, String detail, String raw, Instant at) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  public DeadLetter {
    Objects.requireNonNull(reason, "reason");
  }

  /** One line of JSON. */
  public String toJson() {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("reason", reason.id());
    json.put("source", source);
    json.put("feature_view", view);
    json.put("detail", detail);
    json.put("raw", raw);
    json.put("at", at.toString());
    try {
      return MAPPER.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
