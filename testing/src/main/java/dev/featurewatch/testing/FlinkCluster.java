package dev.featurewatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A standalone Flink session cluster, one JobManager and one TaskManager, each a real process
 * started from the jars of a Flink distribution's classpath (no Flink tarball needed), on loopback
 * and free ports, as {@code bin/start-cluster.sh} would start them: the TaskManager's memory
 * settings come from Flink's own {@code BashJavaUtils}.
 *
 * <pre>{@code
 * try (FlinkCluster flink = FlinkCluster.start(lib, workDir, 2)) {
 *   URI rest = flink.restUrl(); // http://127.0.0.1:PORT
 * }
 * }</pre>
 *
 * Logs go to {@code <workDir>/log}; a failed start says where.
 */
public final class FlinkCluster implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";

  private final Path lib;
  private final Path conf;
  private final Path logs;
  private final URI rest;
  private final List<String> jvmOptions;
  private final List<Process> processes = new ArrayList<>();

  private FlinkCluster(Path lib, Path work, URI rest, List<String> jvmOptions) {
    this.lib = lib;
    this.conf = work.resolve("conf");
    this.logs = work.resolve("log");
    this.rest = rest;
    this.jvmOptions = jvmOptions;
  }

  /**
   * Starts the cluster and waits until its TaskManager has registered.
   *
   * @param lib a directory of the jars of a Flink distribution's classpath
   * @param work where configuration, logs, uploaded jars and checkpoints go
   * @param slots task slots of the TaskManager
   * @param jvmOptions extra JVM flags of both processes (Java 17's --add-opens list)
   */
  public static FlinkCluster start(Path lib, Path work, int slots, List<String> jvmOptions)
      throws IOException, InterruptedException {
    if (!Files.isDirectory(lib)) {
      throw new IllegalStateException(
          "no Flink classpath at "
              + lib
              + ": build the flink-dist module first (mvnw package -pl flink-dist)");
    }
    int restPort = freePort();
    FlinkCluster cluster =
        new FlinkCluster(
            lib, work, URI.create("http://127.0.0.1:" + restPort), List.copyOf(jvmOptions));
    cluster.configure(work, slots, restPort);
    boolean started = false;
    try {
      cluster.launch("jobmanager", "GET_JM_RESOURCE_PARAMS", Entrypoint.JOB_MANAGER);
      cluster.launch("taskmanager", "GET_TM_RESOURCE_PARAMS", Entrypoint.TASK_MANAGER);
      cluster.awaitTaskManager();
      started = true;
      return cluster;
    } finally {
      if (!started) {
        cluster.close();
      }
    }
  }

  /** The REST endpoint, e.g. {@code http://127.0.0.1:41234}. */
  public URI restUrl() {
    return rest;
  }

  /** The configuration directory, for {@code flink run} ({@code FLINK_CONF_DIR}). */
  public Path confDir() {
    return conf;
  }

  /** The classpath of Flink's processes: every jar of the lib directory. */
  public String classpath() {
    try (Stream<Path> jars = Files.list(lib)) {
      return String.join(
          File.pathSeparator,
          jars.filter(p -> p.toString().endsWith(".jar")).sorted().map(Path::toString).toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JVM flags the cluster's processes run with, for a client process such as the CLI. */
  public List<String> jvmOptions() {
    return jvmOptions;
  }

  /** The REST response of {@code GET path}, parsed. */
  public JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(rest.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "GET " + path + ": HTTP " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** The end of every log, for a failure message. */
  public String logTail() {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.list(logs)) {
      for (Path file : files.sorted().toList()) {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        text.append("==> ").append(file).append('\n');
        lines
            .subList(Math.max(0, lines.size() - 40), lines.size())
            .forEach(l -> text.append(l).append('\n'));
      }
    } catch (IOException e) {
      text.append("(cannot read the logs in ").append(logs).append(": ").append(e).append(')');
    }
    return text.toString();
  }

  /** Stops the TaskManager, then the JobManager. */
  @Override
  public void close() {
    try {
      for (int i = processes.size() - 1; i >= 0; i--) {
        Process process = processes.get(i);
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      // no more waiting: kill what is left, and let the caller see the interrupt
      processes.forEach(Process::destroyForcibly);
      Thread.currentThread().interrupt();
    }
    processes.clear();
  }

  private enum Entrypoint {
    JOB_MANAGER("org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint"),
    TASK_MANAGER("org.apache.flink.runtime.taskexecutor.TaskManagerRunner");

    final String mainClass;

    Entrypoint(String mainClass) {
      this.mainClass = mainClass;
    }
  }

  private void configure(Path work, int slots, int restPort) throws IOException {
    Files.createDirectories(conf);
    Files.createDirectories(logs);
    Path data = work.resolve("data").toAbsolutePath();
    Files.createDirectories(data.resolve("tmp"));
    Files.createDirectories(data.resolve("upload"));
    String config =
        String.join(
            "\n",
            "jobmanager.rpc.address: 127.0.0.1",
            "jobmanager.rpc.port: " + freePort(),
            "jobmanager.bind-host: 127.0.0.1",
            "jobmanager.memory.process.size: 1024m",
            "taskmanager.host: 127.0.0.1",
            "taskmanager.bind-host: 127.0.0.1",
            "taskmanager.numberOfTaskSlots: " + slots,
            "taskmanager.memory.process.size: 1536m",
            "parallelism.default: " + slots,
            "rest.address: 127.0.0.1",
            "rest.bind-address: 127.0.0.1",
            "rest.port: " + restPort,
            "web.upload.dir: " + data.resolve("upload"),
            "io.tmp.dirs: " + data.resolve("tmp"),
            "state.backend.type: hashmap",
            "execution.checkpointing.dir: " + data.resolve("checkpoints").toUri(),
            "execution.checkpointing.savepoint-dir: " + data.resolve("savepoints").toUri(),
            "");
    Files.writeString(conf.resolve("config.yaml"), config, StandardCharsets.UTF_8);
    Files.writeString(
        conf.resolve("log4j.properties"),
        String.join(
            "\n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.file.ref = file",
            "appender.file.type = File",
            "appender.file.name = file",
            "appender.file.fileName = ${sys:log.file}",
            "appender.file.layout.type = PatternLayout",
            "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n",
            ""),
        StandardCharsets.UTF_8);
  }

  /** Asks Flink for a process's memory flags, as its start scripts do, then starts it. */
  private void launch(String name, String resourceCommand, Entrypoint entrypoint)
      throws IOException, InterruptedException {
    List<String> results =
        run(
            List.of(
                "org.apache.flink.runtime.util.bash.BashJavaUtils",
                resourceCommand,
                "--configDir",
                conf.toString()),
            name);
    if (results.size() < 2) {
      throw new IllegalStateException(
          "BashJavaUtils " + resourceCommand + " printed no JVM and dynamic settings: " + results);
    }
    List<String> command = new ArrayList<>(java());
    command.addAll(Arrays.asList(results.get(0).trim().split("\\s+")));
    command.addAll(jvmOptions);
    command.add("-Dlog.file=" + logs.resolve(name + ".log"));
    command.add("-Dlog4j.configurationFile=" + conf.resolve("log4j.properties").toUri());
    command.add("-cp");
    command.add(classpath());
    command.add(entrypoint.mainClass);
    command.add("--configDir");
    command.add(conf.toString());
    String dynamic = results.get(1).trim();
    if (!dynamic.isEmpty()) {
      command.addAll(Arrays.asList(dynamic.split("\\s+")));
    }
    processes.add(
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(logs.resolve(name + ".out").toFile())
            .start());
  }

  /** Runs a Flink utility main and returns its result lines. */
  private List<String> run(List<String> mainAndArgs, String name)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(java());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath());
    command.addAll(mainAndArgs);
    Path out = logs.resolve(name + "-resources.out");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException(
          String.join(" ", mainAndArgs) + " failed, see " + out + ":\n" + Files.readString(out));
    }
    return Files.readAllLines(out, StandardCharsets.UTF_8).stream()
        .filter(l -> l.startsWith(RESULT_PREFIX))
        .map(l -> l.substring(RESULT_PREFIX.length()))
        .toList();
  }

  private void awaitTaskManager() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      for (Process process : processes) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "a Flink process exited with " + process.exitValue() + ":\n" + logTail());
        }
      }
      try {
        JsonNode overview = get("/overview");
        if (overview.path("taskmanagers").asInt() >= 1) {
          return;
        }
        last = overview.toString();
      } catch (ConnectException notYet) {
        last = "REST endpoint not up yet";
      } catch (IOException answered) {
        // up, but not ready: the JobManager answers 503 until its leader election is done
        last = answered.getMessage();
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        "the Flink cluster was not ready within "
            + START_TIMEOUT
            + " ("
            + last
            + "):\n"
            + logTail());
  }

  private static List<String> java() {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
