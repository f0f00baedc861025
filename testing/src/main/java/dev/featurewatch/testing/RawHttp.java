package dev.featurewatch.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 written and read by hand on one connection, for tests of what a client library hides:
 * when an answer comes relative to the request's body, and whether a connection takes the next
 * request after an answer.
 */
public final class RawHttp {

  private final OutputStream out;
  private final InputStream in;

  public RawHttp(Socket socket) throws IOException {
    this.out = socket.getOutputStream();
    this.in = socket.getInputStream();
  }

  /** Writes {@code text} as ASCII and flushes it. */
  public void send(String text) throws IOException {
    send(text.getBytes(StandardCharsets.US_ASCII));
  }

  /** Writes {@code bytes} and flushes them. */
  public void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** The first byte of the next answer, or -1 at the end of the stream: to see one is coming. */
  public int peek() throws IOException {
    return in.read();
  }

  /**
   * The next answer: its status line and its body, joined by a space (the body of {@code
   * Content-Length} bytes).
   *
   * @throws EOFException the connection was closed before the answer's headers ended
   */
  public String answer() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b == -1) {
        throw new EOFException("the connection was closed without an answer, after: " + head);
      }
      head.write(b);
    }
    String headers = head.toString(StandardCharsets.ISO_8859_1);
    int length = headers.toLowerCase(Locale.ROOT).indexOf("\r\ncontent-length: ");
    int end = headers.indexOf("\r\n", length + 2);
    int size = Integer.parseInt(headers.substring(length + 18, end).trim());
    return headers.substring(0, headers.indexOf("\r\n"))
        + " "
        + new String(in.readNBytes(size), StandardCharsets.UTF_8);
  }
}
