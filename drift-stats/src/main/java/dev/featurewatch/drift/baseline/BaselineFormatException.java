package dev.featurewatch.drift.baseline;

import java.io.IOException;

/**
 * A baseline file that cannot be read: not JSON, another format, a newer version, or a field that
 * is missing, of the wrong type, inconsistent or unknown. The message names the JSON path (like
 * {@code features.age.bin_counts}), the rule and the value found.
 */
public final class BaselineFormatException extends IOException {

  private final String jsonPath;

  BaselineFormatException(String jsonPath, String problem) {
    this(jsonPath, problem, null);
  }

  BaselineFormatException(String jsonPath, String problem, Throwable cause) {
    super((jsonPath.isEmpty() ? "" : jsonPath + ": ") + problem, cause);
    this.jsonPath = jsonPath;
  }

  private BaselineFormatException(String file, BaselineFormatException e) {
    super(file + ": " + e.getMessage(), e.getCause());
    this.jsonPath = e.jsonPath;
  }

  /** The same problem, with the file it was found in. */
  BaselineFormatException inFile(String file) {
    return new BaselineFormatException(file, this);
  }

  /** Where in the document the problem is, like {@code features.age.bin_counts}; empty for all. */
  public String jsonPath() {
    return jsonPath;
  }
}
