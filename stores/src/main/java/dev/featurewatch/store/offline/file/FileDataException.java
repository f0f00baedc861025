package dev.featurewatch.store.offline.file;

import java.nio.file.Path;

/**
 * A file that cannot be read as its source says: the message names the file and, where they apply,
 * the line or row, the column, the rule or the type expected, and what was found.
 */
public final class FileDataException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public FileDataException(String message) {
    super(message);
  }

  public FileDataException(String message, Throwable cause) {
    super(message, cause);
  }

  static FileDataException at(Path file, long line, String message) {
    return new FileDataException(file + ":" + line + ": " + message);
  }

  static FileDataException column(Path file, String column, String message) {
    return new FileDataException(file + ": column '" + column + "': " + message);
  }
}
