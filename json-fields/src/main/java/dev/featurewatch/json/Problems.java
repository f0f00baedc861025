package dev.featurewatch.json;

import dev.featurewatch.annotation.Internal;

/**
 * Makes the caller's exception for a problem found while reading JSON, so that each reader keeps
 * its own exception type: a baseline file's {@code BaselineFormatException}, a request's {@code
 * RequestException}, or {@code IllegalArgumentException}.
 *
 * <pre>{@code
 * Problems<BaselineFormatException> problems = BaselineFormatException::new;
 * Problems<IllegalArgumentException> plain = (path, rule) -> new IllegalArgumentException(path + ": " + rule);
 * }</pre>
 *
 * @param <E> the exception the reader throws; an unchecked one needs no {@code throws} at the
 *     caller
 */
@Internal
@FunctionalInterface
public interface Problems<E extends Exception> {

  /**
   * The exception for a problem.
   *
   * @param path where in the document, like {@code features.age.bin_counts[3]}; empty for the whole
   *     document
   * @param rule the rule broken and the value found, like {@code must be an integer >= 0, found -1}
   */
  E at(String path, String rule);
}
