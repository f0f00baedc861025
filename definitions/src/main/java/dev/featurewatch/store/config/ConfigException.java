package dev.featurewatch.store.config;

import dev.featurewatch.store.repo.Problem;

/**
 * A {@code featurewatch.yaml} that breaks a rule: the message is {@code file:line: key: rule, found
 * value}. An {@link IllegalArgumentException}, since it is bad input.
 */
public final class ConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final transient Problem problem;

  ConfigException(Problem problem) {
    super(problem.toString());
    this.problem = problem;
  }

  /** What is wrong, and where. */
  public Problem problem() {
    return problem;
  }
}
