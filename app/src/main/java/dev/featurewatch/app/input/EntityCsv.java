package dev.featurewatch.app.input;

import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.offline.arrow.OfflineFormat;
import dev.featurewatch.store.offline.file.CsvParser;
import dev.featurewatch.store.offline.join.EntityRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The entity rows of {@code featurewatch historical} from a CSV file (RFC 4180: quoted fields may
 * hold commas, quotes and line breaks): a header, then one column per join key and {@code
 * event_timestamp} as an ISO-8601 instant ({@code 2026-11-20T10:00:00Z}). Columns are found by
 * name; other columns are ignored. Rows are streamed into the join's primitive columns, so ten
 * million rows do not become ten million objects.
 */
public final class EntityCsv {

  private EntityCsv() {}

  /**
   * Reads {@code file}.
   *
   * @throws InputException naming the file, line and column of a bad value, or a missing column
   */
  public static EntityRows read(Path file, List<Field> joinKeys) {
    EntityRows.Builder builder = EntityRows.builder(joinKeys);
    try (CsvParser parser = new CsvParser(file, Files.newInputStream(file))) {
      if (!parser.next()) {
        throw new InputException(file + ": empty, expected a header line");
      }
      List<String> names = new ArrayList<>(parser.fieldCount());
      for (int i = 0; i < parser.fieldCount(); i++) {
        names.add(parser.text(i).strip());
      }
      int timestampColumn = column(file, names, OfflineFormat.EVENT_TIMESTAMP);
      int[] keyColumns = new int[joinKeys.size()];
      for (int k = 0; k < keyColumns.length; k++) {
        keyColumns[k] = column(file, names, joinKeys.get(k).name());
      }
      Object[] keys = new Object[keyColumns.length];
      while (parser.next()) {
        String where = file + ":" + parser.line();
        if (parser.fieldCount() != names.size()) {
          throw new InputException(
              where + ": expected " + names.size() + " cells, found " + parser.fieldCount());
        }
        for (int k = 0; k < keys.length; k++) {
          keys[k] = key(where, joinKeys.get(k), parser.text(keyColumns[k]).strip());
        }
        String timestamp = parser.text(timestampColumn).strip();
        try {
          builder.add(Instant.parse(timestamp), keys);
        } catch (DateTimeParseException e) {
          throw new InputException(
              where
                  + ": "
                  + OfflineFormat.EVENT_TIMESTAMP
                  + " must be an ISO-8601 instant like 2026-11-20T10:00:00Z, found '"
                  + timestamp
                  + "'",
              e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read entity rows from " + file, e);
    }
    return builder.build();
  }

  private static Object key(String where, Field joinKey, String cell) {
    if (joinKey.type() == ValueType.STRING) {
      return cell;
    }
    try {
      return Long.parseLong(cell);
    } catch (NumberFormatException e) {
      throw new InputException(
          where + ": " + joinKey.name() + " must be an int64, found '" + cell + "'", e);
    }
  }

  private static int column(Path file, List<String> names, String name) {
    int index = names.indexOf(name);
    if (index < 0) {
      throw new InputException(file + ": header must name column '" + name + "', found " + names);
    }
    return index;
  }
}
