package dev.featurewatch.app.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a dataset file, CSV with a header, Arrow IPC or Parquet, told apart by their first bytes; a
 * file named {@code .parquet} or {@code .pq} must be Parquet.
 */
public final class Tables {

  private Tables() {}

  /**
   * Reads the whole file.
   *
   * @throws InputException naming the file, and the line where it applies, if it can't be used
   */
  public static Table read(Path file, ColumnTypes types) {
    if (Files.isDirectory(file)) {
      throw new InputException(
          file + ": is a directory, expected a CSV, Arrow IPC or Parquet file");
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(8);
    } catch (NoSuchFileException e) {
      throw new InputException(file + ": no such file");
    } catch (IOException e) {
      throw new InputException(file + ": cannot be read: " + e.getMessage(), e);
    }
    if (ParquetReader.looksLikeParquet(head) || ParquetReader.namedParquet(file)) {
      if (head.length > 0 && !ParquetReader.looksLikeParquet(head)) {
        // else a CSV reader would read the file's bytes as a header line
        throw new InputException(
            file + ": not a Parquet file: it does not start with PAR1, as its name says it would");
      }
      return ParquetReader.read(file, types);
    }
    if (head.length == 0) {
      throw new InputException(file + ": the file is empty, expected a header line");
    }
    return ArrowReader.looksLikeArrow(head)
        ? ArrowReader.read(file, head, types)
        : CsvReader.read(file, types);
  }
}
