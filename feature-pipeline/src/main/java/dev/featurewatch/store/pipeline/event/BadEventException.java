package dev.featurewatch.store.pipeline.event;

import dev.featurewatch.annotation.Internal;
import java.util.Objects;

/** An event a view cannot use, with the reason and a message naming the field, rule and value. */
@Internal
public final class BadEventException extends Exception {

  private static final long serialVersionUID = 1L;

  private final DeadLetterReason reason;

  BadEventException(DeadLetterReason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public DeadLetterReason reason() {
    return reason;
  }
}
