package dev.featurewatch.store.repo;

import java.util.Objects;

/**
 * One thing wrong in a feature repository, printed {@code file:line: path: message}, e.g. {@code
 * drivers.yaml:14: feature_views[1].schema[2].type: unknown value type 'float': expected one of
 * int64, double, string, bool, timestamp, list<double>}. List indices in paths count from 0.
 *
 * @param file the YAML file, relative to the repository, with {@code /} separators
 * @param line the 1-based line of the offending key or value, 0 when unknown
 * @param path where in the file, like {@code feature_views[1].ttl}; empty for the whole file
 * @param message the rule, then the value found
 */
public record Problem(String file, int line, String path, String message) {

  public Problem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return file
        + (line > 0 ? ":" + line : "")
        + ": "
        + (path.isEmpty() ? "" : path + ": ")
        + message;
  }
}
