package dev.featurewatch.store.online;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The store could not be reached or failed (I/O, connection, timeout): a serving layer answers 503
 * and retries later. Bad arguments are {@link IllegalArgumentException}s instead.
 */
public class OnlineStoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public OnlineStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The failure inside the wrappers that futures add ({@link CompletionException}, {@link
   * ExecutionException}), for callers of the stores' asynchronous methods.
   */
  public static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
