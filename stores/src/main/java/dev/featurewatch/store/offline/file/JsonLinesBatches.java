package dev.featurewatch.store.offline.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurewatch.json.JsonChecks;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.row.JsonFeatureValues;
import dev.featurewatch.store.row.Times;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A JSON lines file source: one JSON object per line, blank lines skipped. A missing or null field
 * is a null; values are read as the streaming pipeline reads events ({@link JsonFeatureValues}),
 * timestamps as ISO-8601 text or, as the source's {@code timestamp_format} says, epoch numbers.
 */
final class JsonLinesBatches extends RowBatches {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final BufferedReader lines;
  private long line;
  // the fields seen in some line: one never seen is a missing column, not a column of nulls
  private boolean[] seen;

  private JsonLinesBatches(Path file, SourceLayout layout, BufferAllocator allocator)
      throws IOException {
    super(file, layout, allocator);
    this.lines = Files.newBufferedReader(file, StandardCharsets.UTF_8);
  }

  static JsonLinesBatches open(Path file, SourceLayout layout, BufferAllocator allocator) {
    try {
      if (Files.size(file) == 0) {
        throw new FileDataException(file + ": the file is empty (0 bytes)");
      }
      return new JsonLinesBatches(file, layout, allocator);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot be read", e);
    }
  }

  @Override
  boolean readRow(Object[] values) {
    String text;
    try {
      do {
        text = lines.readLine();
        line++;
      } while (text != null && text.isBlank());
    } catch (IOException e) {
      throw new UncheckedIOException(file() + ": cannot be read", e);
    }
    if (seen == null) {
      seen = new boolean[values.length];
    }
    if (text == null) {
      checkEveryFieldSeen();
      return false;
    }
    JsonNode object;
    try {
      object = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new FileDataException(where() + ": not valid JSON: " + e.getOriginalMessage());
    }
    if (!object.isObject()) {
      throw new FileDataException(
          where() + ": must be a JSON object, found " + JsonChecks.describe(object));
    }
    int keys = layout().joinKeys().size();
    for (int c = 0; c < values.length; c++) {
      String name = sourceColumn(c);
      JsonNode node = name.isEmpty() ? null : object.get(name);
      seen[c] |= node != null;
      if (node == null || node.isNull()) {
        values[c] = null;
        continue;
      }
      String where = where() + ": field '" + name + "' (" + layout().role(name) + ")";
      try {
        if (type(c) == ValueType.TIMESTAMP) {
          long micros =
              node.isIntegralNumber() && node.canConvertToLong()
                  ? Timestamps.fromEpoch(node.longValue(), layout().timestampFormat(), where)
                  : node.isTextual()
                      ? Timestamps.fromText(node.textValue(), layout().timestampFormat(), where)
                      : fail(where, node);
          values[c] = c < keys + 2 ? (Object) micros : Times.instant(micros);
        } else {
          values[c] = JsonFeatureValues.read(node, type(c), where);
        }
      } catch (FileDataException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw new FileDataException(e.getMessage(), e);
      }
    }
    return true;
  }

  private void checkEveryFieldSeen() {
    boolean anyLine = line > 1;
    for (int c = 0; anyLine && c < seen.length; c++) {
      String name = sourceColumn(c);
      boolean optional =
          name.isEmpty()
              || (c >= layout().joinKeys().size() + 2 && layout().missingFeaturesAreNull());
      if (!seen[c] && !optional) {
        throw FileDataException.column(
            file(),
            name,
            "missing: the " + layout().role(name) + " is a field of no line of the file");
      }
    }
  }

  private static long fail(String where, JsonNode node) {
    throw new FileDataException(
        where + ": must be a timestamp, found " + JsonChecks.describe(node));
  }

  @Override
  String where() {
    return file() + ":" + line;
  }

  @Override
  public void close() {
    try {
      lines.close();
    } catch (IOException e) {
      throw new UncheckedIOException(file() + ": cannot be closed", e);
    } finally {
      super.close();
    }
  }
}
