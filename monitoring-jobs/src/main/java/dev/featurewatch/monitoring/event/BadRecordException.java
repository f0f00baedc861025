package dev.featurewatch.monitoring.event;

import java.util.Objects;

/** An event that cannot be used, with the reason and a message naming the field, rule and value. */
public final class BadRecordException extends Exception {

  private static final long serialVersionUID = 1L;

  private final Reason reason;

  public BadRecordException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
