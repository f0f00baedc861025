package dev.featurewatch.app.input;

import java.nio.file.Path;

/**
 * Input that cannot be used as it is. The message names the file and, where it applies, the line
 * and column, the rule broken and the value found, so a person can fix the file.
 */
public final class InputException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }

  static InputException at(Path file, long line, String message) {
    return new InputException(file + ":" + line + ": " + message);
  }
}
