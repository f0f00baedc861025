package dev.featurewatch.modelregistry;

/** A registry call that failed, with what kind of failure it was (see {@link ModelRegistry}). */
public final class ModelRegistryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** No such model, version or alias. */
    NOT_FOUND,
    /** The registry cannot be reached, or failed on its side: worth retrying later. */
    UNAVAILABLE,
    /**
     * The registry refused the call (bad name, bad value, credentials refused or set wrongly):
     * retrying changes nothing.
     */
    REFUSED
  }

  private final Kind kind;

  public ModelRegistryException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public ModelRegistryException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** Whether trying again later may succeed. */
  public boolean retryable() {
    return kind == Kind.UNAVAILABLE;
  }
}
