package dev.featurewatch.app.repo;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code featurewatch serve} as users run it ({@link CommandProcess}), once it serves.
 *
 * <pre>{@code
 * try (ServeProcess server = ServeProcess.start(repo, Map.of(), "--port", "0")) {
 *   URI health = server.url().resolve("/health");
 * }
 * }</pre>
 */
final class ServeProcess implements AutoCloseable {

  private static final Pattern SERVING = Pattern.compile("on https?://0\\.0\\.0\\.0:(\\d+) ");

  private final CommandProcess process;
  private final int port;

  private ServeProcess(CommandProcess process) {
    this.process = process;
    this.port = Integer.parseInt(process.ready().group(1));
  }

  /**
   * Starts {@code featurewatch serve --repo <repo> <options>} with these extra environment
   * variables and returns once it prints the port it serves on.
   *
   * @throws AssertionError when the command ends without serving, with all it printed
   */
  static ServeProcess start(Path repo, Map<String, String> environment, String... options)
      throws IOException {
    List<String> arguments = new ArrayList<>(List.of("serve", "--repo", repo.toString()));
    arguments.addAll(List.of(options));
    return new ServeProcess(
        CommandProcess.start(environment, SERVING, arguments.toArray(String[]::new)));
  }

  /**
   * Starts {@code featurewatch serve} on a free port with the registry {@code <repo>/registry} and
   * the online store {@code online} (a RocksDB directory or {@code redis://HOST:PORT}).
   */
  static ServeProcess start(Path repo, String online) throws IOException {
    return start(
        repo,
        Map.of(),
        "--port",
        "0",
        "--registry",
        repo.resolve("registry").toString(),
        "--online",
        online);
  }

  /** Everything the server printed so far, its ready line included. */
  String printed() {
    return process.printed();
  }

  /** The port served on. */
  int port() {
    return port;
  }

  /** The server's address on the loopback interface, {@code http://127.0.0.1:PORT}. */
  URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /**
   * Stops the server as a service manager does (SIGTERM) and answers its exit code.
   *
   * @throws AssertionError when it does not stop within 30 s
   */
  int terminate() throws InterruptedException {
    return process.terminate();
  }

  /** Kills the server if it still runs; idempotent. */
  @Override
  public void close() {
    process.close();
  }
}
