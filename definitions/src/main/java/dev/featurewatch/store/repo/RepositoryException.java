package dev.featurewatch.store.repo;

import java.util.List;

/**
 * A feature repository that cannot be used, with every problem found in it (not just the first).
 */
public final class RepositoryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  RepositoryException(String repository, List<Problem> problems) {
    super(message(repository, problems));
    this.problems = List.copyOf(problems);
  }

  /** The problems, ordered by file, then line. */
  public List<Problem> problems() {
    return problems;
  }

  private static String message(String repository, List<Problem> problems) {
    StringBuilder text =
        new StringBuilder()
            .append(problems.size())
            .append(problems.size() == 1 ? " problem" : " problems")
            .append(" in feature repository ")
            .append(repository)
            .append(':');
    for (Problem problem : problems) {
      text.append("\n  ").append(problem);
    }
    return text.toString();
  }
}
