package dev.featurewatch.store.registry;

/** An apply refused because it would break readers of the current version; force accepts it. */
public final class BreakingChangeException extends RegistryException {

  private static final long serialVersionUID = 1L;

  private final transient RepositoryDiff diff;

  BreakingChangeException(RepositoryDiff diff) {
    super(message(diff));
    this.diff = diff;
  }

  /** The refused diff; {@link RepositoryDiff#breakingChanges()} lists what breaks. */
  public RepositoryDiff diff() {
    return diff;
  }

  private static String message(RepositoryDiff diff) {
    int n = diff.breakingChanges().size();
    StringBuilder text =
        new StringBuilder("refusing ")
            .append(n)
            .append(n == 1 ? " breaking change" : " breaking changes")
            .append(" (apply with force to accept):");
    diff.breakingChanges().forEach(change -> text.append("\n  ").append(change));
    return text.toString();
  }
}
