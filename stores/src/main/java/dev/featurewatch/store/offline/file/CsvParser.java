package dev.featurewatch.store.offline.file;

import dev.featurewatch.annotation.Internal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A streaming RFC 4180 CSV parser over bytes: comma separated (or another one-byte delimiter),
 * fields optionally quoted with {@code "}, a doubled quote inside a quoted field for a literal one,
 * line breaks inside quoted fields allowed, {@code \n} or {@code \r\n} line ends, a UTF-8 byte
 * order mark ignored, blank lines skipped.
 *
 * <p>Each call to {@link #next()} makes one record's fields available as byte ranges of {@link
 * #buffer()}; they stay valid until the next call. Nothing is allocated per field, which is what
 * lets a million-row file be read in a second or two.
 */
@Internal
public final class CsvParser implements AutoCloseable {

  private static final int INITIAL_BUFFER = 1 << 20;

  private final Path file;
  private final InputStream in;
  private byte[] buf = new byte[INITIAL_BUFFER];
  private int limit;
  private int pos;
  private boolean eof;
  private long physicalLine = 1;
  private long recordLine;
  private int[] starts = new int[64];
  private int[] ends = new int[64];
  private int fields;
  private final byte delimiter;

  /** A parser of comma-separated {@code in}, read from {@code file} (named in errors). */
  public CsvParser(Path file, InputStream in) throws IOException {
    this(file, in, ',');
  }

  /** A parser of {@code in} whose fields are separated by {@code delimiter}, an ASCII character. */
  public CsvParser(Path file, InputStream in, char delimiter) throws IOException {
    if (delimiter > 0x7f || delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
      throw new IllegalArgumentException(
          "a CSV delimiter must be an ASCII character other than a quote or a line end, found '"
              + delimiter
              + "'");
    }
    this.delimiter = (byte) delimiter;
    this.file = file;
    this.in = in;
    fill();
    if (limit >= 3
        && (buf[0] & 0xff) == 0xef
        && (buf[1] & 0xff) == 0xbb
        && (buf[2] & 0xff) == 0xbf) {
      pos = 3;
    }
  }

  /** Reads the next non-blank record; false at the end of the file. */
  public boolean next() throws IOException {
    while (true) {
      int end = findRecordEnd();
      if (end < 0) {
        return false;
      }
      int contentEnd = end;
      if (contentEnd > pos && buf[contentEnd - 1] == '\r') {
        contentEnd--;
      }
      if (contentEnd == pos) {
        // blank line
        pos = Math.min(end + 1, limit);
        continue;
      }
      splitFields(pos, contentEnd);
      pos = Math.min(end + 1, limit);
      return true;
    }
  }

  /** The physical line (1-based) where the current record starts. */
  public long line() {
    return recordLine;
  }

  public int fieldCount() {
    return fields;
  }

  public byte[] buffer() {
    return buf;
  }

  public int start(int field) {
    return starts[field];
  }

  public int end(int field) {
    return ends[field];
  }

  public String text(int field) {
    return new String(buf, starts[field], ends[field] - starts[field], StandardCharsets.UTF_8);
  }

  /**
   * The index of the {@code \n} ending the record that starts at {@link #pos}, or {@link #limit} if
   * the file ends without one; -1 if there is no record left. Refills (moving the buffer) as needed
   * and counts physical lines. A quote opens a quoted field only at the start of a field, as in RFC
   * 4180: elsewhere it is a literal character ({@code 5" screen}), so a stray quote cannot swallow
   * the lines that follow.
   */
  private int findRecordEnd() throws IOException {
    if (pos >= limit && !refill()) {
      return -1;
    }
    recordLine = physicalLine;
    long newlines = 0;
    int state = FIELD_START;
    int i = pos;
    while (true) {
      if (i >= limit) {
        int scanned = i - pos;
        if (!refill()) {
          if (state == QUOTED) {
            throw FileDataException.at(
                file, recordLine, "quoted field is not closed before end of file");
          }
          physicalLine += newlines;
          return limit;
        }
        i = pos + scanned;
        continue;
      }
      byte b = buf[i];
      if (b == '\n') {
        newlines++;
        if (state != QUOTED) {
          physicalLine += newlines;
          return i;
        }
      } else if (b == delimiter && state != QUOTED) {
        state = FIELD_START;
      } else if (b == '"') {
        state =
            switch (state) {
              case FIELD_START -> QUOTED;
              case QUOTED -> QUOTE_IN_QUOTED; // a closing quote, or the first of a doubled one
              case QUOTE_IN_QUOTED -> QUOTED; // a doubled quote: a literal one
              default -> UNQUOTED;
            };
      } else if (state == FIELD_START || (state == QUOTE_IN_QUOTED && b != '\r')) {
        // text after a closing quote is reported by splitFields
        state = UNQUOTED;
      }
      i++;
    }
  }

  // where findRecordEnd is within a record
  private static final int FIELD_START = 0;
  private static final int UNQUOTED = 1;
  private static final int QUOTED = 2;
  private static final int QUOTE_IN_QUOTED = 3;

  /**
   * Splits {@code buf[from, to)} into fields, unquoting in place (unquoted text is never longer).
   */
  private void splitFields(int from, int to) {
    fields = 0;
    int i = from;
    while (true) {
      ensureFieldCapacity();
      if (i < to && buf[i] == '"') {
        int write = i;
        int read = i + 1;
        starts[fields] = write;
        while (true) {
          if (read >= to) {
            throw FileDataException.at(
                file, recordLine, "quoted field " + (fields + 1) + " is not closed");
          }
          if (buf[read] == '"') {
            if (read + 1 < to && buf[read + 1] == '"') {
              buf[write++] = '"';
              read += 2;
            } else {
              read++;
              break;
            }
          } else {
            buf[write++] = buf[read++];
          }
        }
        ends[fields++] = write;
        if (read < to && buf[read] != delimiter) {
          throw FileDataException.at(
              file,
              recordLine,
              "field " + fields + ": unexpected '" + (char) buf[read] + "' after a closing quote");
        }
        i = read;
      } else {
        starts[fields] = i;
        while (i < to && buf[i] != delimiter) {
          i++;
        }
        ends[fields++] = i;
      }
      if (i >= to) {
        return;
      }
      i++; // skip the comma
      if (i == to) {
        // a trailing comma means one more, empty, field
        ensureFieldCapacity();
        starts[fields] = to;
        ends[fields++] = to;
        return;
      }
    }
  }

  private void ensureFieldCapacity() {
    if (fields == starts.length) {
      starts = Arrays.copyOf(starts, fields * 2);
      ends = Arrays.copyOf(ends, fields * 2);
    }
  }

  /** Moves the unread bytes to the front and reads more; false if nothing more could be read. */
  private boolean refill() throws IOException {
    if (eof) {
      return false;
    }
    int unread = limit - pos;
    if (pos == 0 && unread == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    } else {
      System.arraycopy(buf, pos, buf, 0, unread);
    }
    pos = 0;
    limit = unread;
    int before = limit;
    fill();
    return limit > before;
  }

  private void fill() throws IOException {
    while (limit < buf.length) {
      int n = in.read(buf, limit, buf.length - limit);
      if (n < 0) {
        eof = true;
        return;
      }
      limit += n;
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
