package dev.featurewatch.store.online;

/**
 * The store could not be reached or failed (I/O, connection, timeout): a serving layer answers 503
 * and retries later. Bad arguments are {@link IllegalArgumentException}s instead.
 */
public class OnlineStoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public OnlineStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
