package dev.featurewatch.app.repo;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code featurewatch serve} as users run it: its own JVM, started from the packaged command
 * ({@code app/target}, built by the {@code package} phase before the integration tests).
 *
 * <pre>{@code
 * try (ServeProcess server = ServeProcess.start(repo, Map.of(), "--port", "0")) {
 *   URI health = server.url().resolve("/health");
 * }
 * }</pre>
 */
final class ServeProcess implements AutoCloseable {

  private static final Path TARGET = Paths.get("").toAbsolutePath().resolve("target");
  private static final Pattern SERVING = Pattern.compile("on http://0\\.0\\.0\\.0:(\\d+) ");

  private final Process process;
  private final int port;

  private ServeProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts {@code featurewatch serve --repo <repo> <options>} with these extra environment
   * variables and returns once it prints the port it serves on.
   *
   * @throws AssertionError when the command ends without serving, with all it printed
   */
  static ServeProcess start(Path repo, Map<String, String> environment, String... options)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of(Files.readString(TARGET.resolve("jvm.options")).trim().split("\\s+")));
    command.addAll(
        List.of(
            "-cp",
            TARGET.resolve("featurewatch-app.jar") + ":" + TARGET.resolve("lib") + "/*",
            "dev.featurewatch.app.Main",
            "serve",
            "--repo",
            repo.toString()));
    command.addAll(List.of(options));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(environment);
    Process process = builder.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder printed = new StringBuilder();
    // readLine blocks until the server prints its next line or the process ends
    for (String line; (line = out.readLine()) != null; ) {
      printed.append(line).append('\n');
      Matcher serving = SERVING.matcher(line);
      if (serving.find()) {
        return new ServeProcess(process, Integer.parseInt(serving.group(1)));
      }
    }
    throw new AssertionError("featurewatch serve ended without serving:\n" + printed);
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
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("featurewatch serve did not stop within 30 s of SIGTERM");
    }
    return process.exitValue();
  }

  /** Kills the server if it still runs; idempotent. */
  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
