package dev.featurewatch.benchmarks.serving;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal HTTP/1.1 client on one keep-alive socket, cheap enough to share two cores with the
 * server it measures: the caller hands it a complete request (line, headers and body, pre-built),
 * it writes it in one call and reads the response's status line, headers and a {@code
 * Content-Length} body (no chunked encoding, no redirects, no TLS). Not thread-safe: one thread per
 * connection.
 */
final class KeepAliveConnection implements Closeable {

  private static final byte[] CONTENT_LENGTH =
      "content-length:".getBytes(StandardCharsets.US_ASCII);
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
  private static final int READ_TIMEOUT_MILLIS = 30_000;

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  // Response bytes read but not consumed yet: [start, end).
  private final byte[] buffer = new byte[64 << 10];
  private int start;
  private int end;
  private byte[] body = new byte[0];
  private int bodyLength;

  KeepAliveConnection(InetSocketAddress address) throws IOException {
    socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(address, CONNECT_TIMEOUT_MILLIS);
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      out = socket.getOutputStream();
      in = socket.getInputStream();
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Sends {@code request[0, length)} and reads the whole response.
   *
   * @param keepBody whether to keep the body for {@link #body()}; otherwise it is read and dropped
   * @return the response's status code
   * @throws IOException when the connection fails or the response is not one this client reads
   */
  int exchange(byte[] request, int length, boolean keepBody) throws IOException {
    out.write(request, 0, length);
    int headerEnd = readHeaders();
    int status = status();
    long contentLength = contentLength(headerEnd);
    start = headerEnd;
    if (contentLength > Integer.MAX_VALUE - 8) {
      throw new IOException("response body too large: " + contentLength);
    }
    int remaining = (int) contentLength;
    bodyLength = keepBody ? remaining : 0;
    if (keepBody && body.length < remaining) {
      body = new byte[remaining];
    }
    int copied = 0;
    while (remaining > 0) {
      if (start == end) {
        fill();
      }
      int n = Math.min(remaining, end - start);
      if (keepBody) {
        System.arraycopy(buffer, start, body, copied, n);
      }
      copied += n;
      start += n;
      remaining -= n;
    }
    return status;
  }

  /** The body of the last response read with {@code keepBody}: {@code [0, bodyLength())}. */
  byte[] body() {
    return body;
  }

  int bodyLength() {
    return bodyLength;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** Reads until the blank line after the headers; returns the index just past it. */
  private int readHeaders() throws IOException {
    if (start == end) {
      start = 0;
      end = 0;
    }
    int scanned = start;
    while (true) {
      for (int i = Math.max(scanned, start + 3); i < end; i++) {
        if (buffer[i] == '\n'
            && buffer[i - 1] == '\r'
            && buffer[i - 2] == '\n'
            && buffer[i - 3] == '\r') {
          return i + 1;
        }
      }
      scanned = end;
      if (end == buffer.length) {
        if (start == 0) {
          throw new IOException("response headers longer than " + buffer.length + " bytes");
        }
        compact();
        scanned = end;
      }
      int n = in.read(buffer, end, buffer.length - end);
      if (n < 0) {
        throw new EOFException("the server closed the connection");
      }
      end += n;
    }
  }

  /** Moves the unread bytes to the front of the buffer. */
  private void compact() {
    System.arraycopy(buffer, start, buffer, 0, end - start);
    end -= start;
    start = 0;
  }

  /** Reads more bytes into an empty buffer. */
  private void fill() throws IOException {
    start = 0;
    end = in.read(buffer, 0, buffer.length);
    if (end < 0) {
      end = 0;
      throw new EOFException("the server closed the connection within a response body");
    }
  }

  /** The code in the status line at {@code start}: {@code HTTP/1.1 200 OK}. */
  private int status() throws IOException {
    int i = start + 9;
    if (end - start < 12 || buffer[start] != 'H' || buffer[i - 1] != ' ') {
      throw new IOException("not an HTTP/1.1 status line: " + line(start));
    }
    return (buffer[i] - '0') * 100 + (buffer[i + 1] - '0') * 10 + (buffer[i + 2] - '0');
  }

  private long contentLength(int headerEnd) throws IOException {
    for (int line = indexAfterNewline(start);
        line < headerEnd - 2;
        line = indexAfterNewline(line)) {
      if (startsWithIgnoreCase(line, CONTENT_LENGTH)) {
        long value = 0;
        for (int i = line + CONTENT_LENGTH.length; buffer[i] != '\r'; i++) {
          if (buffer[i] >= '0' && buffer[i] <= '9') {
            value = value * 10 + (buffer[i] - '0');
          }
        }
        return value;
      }
    }
    throw new IOException("a response without Content-Length: " + line(start));
  }

  private int indexAfterNewline(int from) {
    int i = from;
    while (buffer[i] != '\n') {
      i++;
    }
    return i + 1;
  }

  private boolean startsWithIgnoreCase(int at, byte[] lowerCase) {
    for (int i = 0; i < lowerCase.length; i++) {
      int b = buffer[at + i];
      if (b >= 'A' && b <= 'Z') {
        b += 'a' - 'A';
      }
      if (b != lowerCase[i]) {
        return false;
      }
    }
    return true;
  }

  private String line(int from) {
    int to = from;
    while (to < end && buffer[to] != '\r') {
      to++;
    }
    return new String(
        Arrays.copyOfRange(buffer, from, Math.min(to, from + 80)), StandardCharsets.US_ASCII);
  }
}
