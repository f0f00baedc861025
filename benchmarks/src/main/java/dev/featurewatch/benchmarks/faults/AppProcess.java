package dev.featurewatch.benchmarks.faults;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * A {@code featurewatch} command in its own JVM, as users run it: the packaged command of {@code
 * app/target} (built by {@code -pl app,benchmarks -am package}), started directly rather than
 * through the launcher script, which would rebuild the app when a source is newer than its jar.
 * Everything it prints is appended to a log file; it is ready once it prints a line matching a
 * pattern. Stopped as a service manager does (SIGTERM) or as a crash does (SIGKILL).
 */
final class AppProcess implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

  private final Process process;
  private final String name;

  private AppProcess(Process process, String name) {
    this.process = process;
    this.name = name;
  }

  /**
   * Starts {@code featurewatch <arguments>} from {@code app} (the app module's folder), its output
   * appended to {@code log}, and returns once it printed a line matching {@code ready}.
   */
  static AppProcess start(Path app, Path log, Pattern ready, List<String> arguments)
      throws IOException, InterruptedException {
    return start(app, log, ready, arguments, true);
  }

  private static AppProcess start(
      Path app, Path log, Pattern ready, List<String> arguments, boolean awaitReady)
      throws IOException, InterruptedException {
    Path target = app.resolve("target");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx768m");
    command.addAll(List.of(Files.readString(target.resolve("jvm.options")).trim().split("\\s+")));
    command.addAll(
        List.of(
            "-cp",
            target.resolve("featurewatch-app.jar") + ":" + target.resolve("lib") + "/*",
            "dev.featurewatch.app.Main"));
    command.addAll(arguments);
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    String name =
        "featurewatch " + String.join(" ", arguments.subList(0, Math.min(2, arguments.size())));
    CompletableFuture<Void> started = new CompletableFuture<>();
    Thread drain = new Thread(() -> copy(process, log, ready, started), name + " output");
    drain.setDaemon(true);
    drain.start();
    AppProcess running = new AppProcess(process, name);
    if (!awaitReady) {
      return running;
    }
    try {
      started.get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      running.kill();
      throw new IllegalStateException(name + " did not start; see " + log, e);
    }
    return running;
  }

  /**
   * Runs {@code featurewatch <arguments>} to its end, its output appended to {@code log}.
   *
   * @throws IllegalStateException when it fails or runs over 3 minutes
   */
  static void run(Path app, Path log, List<String> arguments)
      throws IOException, InterruptedException {
    AppProcess process = start(app, log, Pattern.compile("$^"), arguments, false);
    if (!process.process.waitFor(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.kill();
      throw new IllegalStateException("featurewatch " + arguments + " ran over 3 minutes");
    }
    if (process.process.exitValue() != 0) {
      throw new IllegalStateException(
          "featurewatch "
              + arguments
              + " exited with "
              + process.process.exitValue()
              + "; see "
              + log);
    }
  }

  private static void copy(
      Process process, Path log, Pattern ready, CompletableFuture<Void> started) {
    try (BufferedReader out =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer file =
            Files.newBufferedWriter(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      for (String line; (line = out.readLine()) != null; ) {
        file.write(line);
        file.write('\n');
        file.flush();
        if (!started.isDone() && ready.matcher(line).find()) {
          started.complete(null);
        }
      }
    } catch (IOException ended) {
      // the process is gone
    }
    started.completeExceptionally(new IllegalStateException("ended before it was ready"));
  }

  long pid() {
    return process.pid();
  }

  /** Kills it at once (SIGKILL): no shutdown hook runs, nothing is closed or flushed. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " still runs 30 s after SIGKILL");
    }
  }

  /** Stops it as a service manager does (SIGTERM), then SIGKILL after 60 s; its exit code. */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      kill();
    }
    return process.exitValue();
  }

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
}
