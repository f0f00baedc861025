package dev.featurewatch.monitoring.event;

import dev.featurewatch.annotation.Internal;
import java.util.Objects;

/** An event that cannot be used, with the reason and a message naming the field, rule and value. */
@Internal
public final class BadRecordException extends Exception {

  private static final long serialVersionUID = 1L;

  private final Reason reason;
  private final String model;

  public BadRecordException(Reason reason, String message) {
    this(reason, message, null);
  }

  /**
   * @param model the event's model, when it could be read: a reader of another model's monitor
   *     leaves such an event to that monitor
   */
  public BadRecordException(Reason reason, String message, String model) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.model = model;
  }

  public Reason reason() {
    return reason;
  }

  /** The event's model, if it could be read. */
  public java.util.Optional<String> model() {
    return java.util.Optional.ofNullable(model);
  }
}
