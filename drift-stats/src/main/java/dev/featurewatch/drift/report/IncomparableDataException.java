package dev.featurewatch.drift.report;

/**
 * The data cannot be compared as asked: the two sides have different features, a feature changed
 * type, or the method chosen does not fit a feature. The user's to fix (other data, another
 * method), unlike other argument errors, which are bugs of the caller.
 */
public final class IncomparableDataException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  IncomparableDataException(String message) {
    super(message);
  }
}
