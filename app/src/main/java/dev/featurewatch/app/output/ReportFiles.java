package dev.featurewatch.app.output;

import dev.featurewatch.app.input.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The files that report commands write with {@code --out}. */
public final class ReportFiles {

  private ReportFiles() {}

  /**
   * Writes a report to {@code file} whole or not at all: into a hidden file beside it, then moved
   * over it, so a reader never sees half a page.
   */
  public static void write(Path file, String text) {
    Path target = file.toAbsolutePath();
    Path hidden = target.resolveSibling("." + target.getFileName() + ".tmp");
    try {
      Files.writeString(hidden, text, StandardCharsets.UTF_8);
      Files.move(
          hidden, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(hidden);
      } catch (IOException ignored) {
        // the write failed already; that is the error to report
      }
      throw new InputException("--out " + file + ": cannot write the report: " + e.getMessage(), e);
    }
  }
}
