package dev.featurewatch.app.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a dataset file, CSV with a header or Arrow IPC, told apart by their first bytes. */
public final class Tables {

  private Tables() {}

  /**
   * Reads the whole file.
   *
   * @throws InputException naming the file, and the line where it applies, if it can't be used
   */
  public static Table read(Path file, ColumnTypes types) {
    if (Files.isDirectory(file)) {
      throw new InputException(file + ": is a directory, expected a CSV or Arrow IPC file");
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(8);
    } catch (NoSuchFileException e) {
      throw new InputException(file + ": no such file");
    } catch (IOException e) {
      throw new InputException(file + ": cannot be read: " + e.getMessage(), e);
    }
    if (head.length == 0) {
      throw new InputException(file + ": the file is empty, expected a header line");
    }
    return ArrowReader.looksLikeArrow(head)
        ? ArrowReader.read(file, head, types)
        : CsvReader.read(file, types);
  }
}
