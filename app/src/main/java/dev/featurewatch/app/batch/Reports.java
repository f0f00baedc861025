package dev.featurewatch.app.batch;

import dev.featurewatch.app.input.InputException;
import dev.featurewatch.app.input.Table;
import dev.featurewatch.drift.report.Sample;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/** Messages about the input that batch commands print to standard error, and their reports. */
final class Reports {

  private Reports() {}

  /** One line per column with values that could not be read: where the first was, and how many. */
  static void warnInvalid(Table table, PrintWriter err) {
    for (Map.Entry<String, String> e : table.firstInvalid().entrySet()) {
      Sample column = table.columns().get(e.getKey());
      long invalid = column.invalid();
      err.printf(
          "featurewatch: warning: %s (%d invalid %s in this column, left out)%n",
          e.getValue(), invalid, invalid == 1 ? "value" : "values");
    }
    err.flush();
  }

  /**
   * Writes a report to {@code file} whole or not at all: into a hidden file beside it, then moved
   * over it, so a reader never sees half a page.
   */
  static void writeAtomically(Path file, String text) {
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
