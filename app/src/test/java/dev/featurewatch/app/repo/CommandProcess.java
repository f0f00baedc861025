package dev.featurewatch.app.repo;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
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
 * A {@code featurewatch} command as users run it: its own JVM, started from the packaged command
 * ({@code app/target}, built by the {@code package} phase before the integration tests), and
 * stopped as a service manager would (SIGTERM) or as a crash would (SIGKILL).
 *
 * <pre>{@code
 * try (CommandProcess run = CommandProcess.start(Map.of(), Pattern.compile("running"), "run", ...)) {
 *   run.kill();
 * }
 * }</pre>
 */
final class CommandProcess implements AutoCloseable {

  private static final Path TARGET = Paths.get("").toAbsolutePath().resolve("target");

  private final Process process;
  private final Matcher ready;
  private final String name;
  // everything printed, kept for a failure message; appended to by the reading thread
  private final StringBuffer printed;

  /** Everything the command printed so far. */
  String printed() {
    return printed.toString();
  }

  private CommandProcess(Process process, Matcher ready, String name, StringBuffer printed) {
    this.process = process;
    this.ready = ready;
    this.name = name;
    this.printed = printed;
  }

  /**
   * Starts {@code featurewatch <arguments>} with these extra environment variables and returns once
   * it prints a line in which {@code ready} is found. All it prints is kept ({@link #output}).
   *
   * @throws AssertionError when the command ends first, with all it printed
   */
  static CommandProcess start(Map<String, String> environment, Pattern ready, String... arguments)
      throws IOException {
    Process process = launch(environment, arguments);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuffer printed = new StringBuffer();
    String name = "featurewatch " + arguments[0];
    // readLine blocks until the command prints its next line or ends
    for (String line; (line = out.readLine()) != null; ) {
      printed.append(line).append('\n');
      Matcher matcher = ready.matcher(line);
      if (matcher.find()) {
        keepReading(out, printed, name);
        return new CommandProcess(process, matcher, name, printed);
      }
    }
    throw new AssertionError(name + " ended before printing /" + ready + "/:\n" + printed);
  }

  /** A command run to its end: its exit code and all it printed, standard error included. */
  record Ended(int exitCode, String printed) {}

  /**
   * Runs {@code featurewatch <arguments>} with these extra environment variables to its end.
   *
   * @throws AssertionError when it does not end within 60 s
   */
  static Ended run(Map<String, String> environment, String... arguments)
      throws IOException, InterruptedException {
    Process process = launch(environment, arguments);
    // read before waiting: a command that prints more than the pipe holds would block otherwise
    String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("featurewatch " + arguments[0] + " ran over 60 s: " + printed);
    }
    return new Ended(process.exitValue(), printed);
  }

  private static Process launch(Map<String, String> environment, String... arguments)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of(Files.readString(TARGET.resolve("jvm.options")).trim().split("\\s+")));
    // the test JVM's temporary folder, so what a killed command leaves there is cleaned with it
    command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
    command.addAll(
        List.of(
            "-cp",
            TARGET.resolve("featurewatch-app.jar") + ":" + TARGET.resolve("lib") + "/*",
            "dev.featurewatch.app.Main"));
    command.addAll(List.of(arguments));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(environment);
    return builder.start();
  }

  /** The match of the ready pattern, for what the line said (a port, a path). */
  Matcher ready() {
    return ready;
  }

  /**
   * Stops the command as a service manager does (SIGTERM) and answers its exit code.
   *
   * @throws AssertionError when it does not stop within 30 s
   */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError(name + " did not stop within 30 s of SIGTERM");
    }
    return process.exitValue();
  }

  /** Kills the command at once (SIGKILL): no shutdown hook runs, nothing is closed or flushed. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError(name + " still runs 30 s after SIGKILL");
    }
  }

  /** Kills the command if it still runs; idempotent. */
  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** What the command printed so far, for a failure message. */
  String output() {
    return printed.toString();
  }

  /** Keeps what the command prints from now on, so that it never blocks on a full pipe. */
  private static void keepReading(BufferedReader out, StringBuffer printed, String name) {
    Thread drain =
        new Thread(
            () -> {
              try {
                for (String line; (line = out.readLine()) != null; ) {
                  printed.append(line).append('\n');
                }
              } catch (IOException ended) {
                // the process is gone
              }
            },
            name + " output");
    drain.setDaemon(true);
    drain.start();
  }
}
