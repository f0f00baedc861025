package dev.featurewatch.store.registry;

/** Another apply stored a version between reading the current one and storing the next. */
public final class ConcurrentApplyException extends RegistryException {

  private static final long serialVersionUID = 1L;

  ConcurrentApplyException(long expected, long found) {
    super(
        "the registry changed during apply: expected version "
            + expected
            + " to be current, found "
            + found
            + "; review the new diff and apply again");
  }
}
