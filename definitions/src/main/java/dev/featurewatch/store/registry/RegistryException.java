package dev.featurewatch.store.registry;

/** A registry that cannot be read or written as asked: a malformed stored version, for example. */
public class RegistryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public RegistryException(String message) {
    super(message);
  }

  public RegistryException(String message, Throwable cause) {
    super(message, cause);
  }
}
