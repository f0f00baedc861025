package dev.featurewatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of a test's own, on a free loopback port, for the faults a shared server
 * cannot suffer: frozen ({@code SIGSTOP}, as a stalled host or a long fork is), stopped, and
 * started again on the same port. The binary is the one {@code scripts/test-services.sh} installs;
 * a missing one fails the test.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start(dir)) {
 *   RedisURI uri = RedisURI.create(redis.url());
 *   redis.freeze(); ... redis.thaw();
 *   redis.stop(); ... redis.restart();
 * }
 * }</pre>
 */
public final class RedisServer implements AutoCloseable {

  private static final Duration READY = Duration.ofSeconds(20);

  private final Path directory;
  private final int port;
  private final List<String> arguments;
  private Process process;

  private RedisServer(Path directory, int port, List<String> arguments) {
    this.directory = directory;
    this.port = port;
    this.arguments = arguments;
  }

  /**
   * Starts a Redis in {@code directory} (its log and append-only file live there), with the
   * append-only file on, so a restart keeps what was written.
   */
  public static RedisServer start(Path directory) throws IOException, InterruptedException {
    return start(directory, List.of());
  }

  /**
   * As {@link #start(Path)}, with more of {@code redis-server}'s options (such as {@code
   * --requirepass}, {@code --user} or {@code --tls-port}); the plain port stays open without a
   * password for the readiness check unless an option closes it.
   */
  public static RedisServer start(Path directory, List<String> arguments)
      throws IOException, InterruptedException {
    RedisServer redis =
        new RedisServer(Files.createDirectories(directory), freePort(), List.copyOf(arguments));
    redis.restart();
    return redis;
  }

  /** {@code redis://127.0.0.1:PORT}. */
  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** The port, the same across restarts. */
  public int port() {
    return port;
  }

  /** Stops the process without ending it ({@code SIGSTOP}): connections stay open, unanswered. */
  public void freeze() throws IOException, InterruptedException {
    signal("-STOP");
  }

  /** Lets a frozen process go on ({@code SIGCONT}). */
  public void thaw() throws IOException, InterruptedException {
    signal("-CONT");
  }

  /** Ends the process and waits for it; its port closes. */
  public void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  /** Starts the process (again) on the same port and waits until it answers. */
  public void restart() throws IOException, InterruptedException {
    stop();
    List<String> command =
        new ArrayList<>(
            List.of(
                "redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes",
                "--dir",
                directory.toString()));
    command.addAll(arguments);
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(directory.resolve("redis.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new IOException(
          "cannot start redis-server: install it with scripts/test-services.sh start", e);
    }
    long deadline = System.nanoTime() + READY.toNanos();
    while (!answers()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IOException(
            "redis-server on port "
                + port
                + " did not answer within "
                + READY
                + "; its log: "
                + Files.readString(directory.resolve("redis.log")));
      }
      Thread.sleep(50);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (process != null && process.isAlive()) {
        thaw(); // a frozen process ignores SIGTERM until it runs again
      }
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private boolean answers() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      socket.setSoTimeout(500);
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] answer = socket.getInputStream().readNBytes(7);
      // a server with a password answers -NOAUTH: it is up
      String line = new String(answer, StandardCharsets.US_ASCII);
      return line.equals("+PONG\r\n") || line.startsWith("-NOAUTH");
    } catch (IOException e) {
      return false;
    }
  }

  private void signal(String signal) throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder(List.of("kill", signal, Long.toString(process.pid()))).start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill " + signal + " " + process.pid() + " failed");
    }
  }

  /** A free loopback port, for a second listener such as {@code --tls-port}. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
