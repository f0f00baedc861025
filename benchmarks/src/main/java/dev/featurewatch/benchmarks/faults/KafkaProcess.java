package dev.featurewatch.benchmarks.faults;

import dev.featurewatch.testing.RedisServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker process ({@code kafka.Kafka}, broker and KRaft controller in one node) from
 * this JVM's class path, with its log on disk and fixed ports, so it can be stopped and started
 * again as an operator restarts a broker: same address, same data. The in-JVM {@code KafkaFixture}
 * cannot do that (its ports and data go with it).
 */
final class KafkaProcess implements Restartable {

  private static final Duration READY = Duration.ofSeconds(60);

  private final Path dir;
  private final int port;
  private Process process;

  private KafkaProcess(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** Formats a node's storage in {@code dir} and starts it on two free loopback ports. */
  static KafkaProcess start(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    int port = RedisServer.freePort();
    int controller = RedisServer.freePort();
    Files.write(
        dir.resolve("server.properties"),
        List.of(
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@127.0.0.1:" + controller,
            "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
            "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "inter.broker.listener.name=PLAINTEXT",
            "log.dirs=" + dir.resolve("data"),
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "group.initial.rebalance.delay.ms=0"));
    Process format =
        java(
                "kafka.tools.StorageTool",
                "format",
                "-t",
                Uuid.randomUuid().toString(),
                "-c",
                dir.resolve("server.properties").toString())
            .redirectOutput(dir.resolve("format.log").toFile())
            .start();
    if (format.waitFor() != 0) {
      throw new IOException("formatting Kafka's storage failed; see " + dir.resolve("format.log"));
    }
    KafkaProcess kafka = new KafkaProcess(dir, port);
    kafka.restart();
    return kafka;
  }

  private static ProcessBuilder java(String main, String... arguments) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms512m",
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                main));
    command.addAll(List.of(arguments));
    return new ProcessBuilder(command).redirectErrorStream(true);
  }

  String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** Starts the broker (again), on the same ports and data, and waits until it listens. */
  @Override
  public void restart() throws IOException, InterruptedException {
    stop();
    process =
        java("kafka.Kafka", dir.resolve("server.properties").toString())
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("kafka.log").toFile()))
            .start();
    long deadline = System.nanoTime() + READY.toNanos();
    while (!listens()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IOException("Kafka did not listen within " + READY + "; see " + dir);
      }
      Thread.sleep(50);
    }
  }

  /** Stops the broker as an operator does (SIGTERM: a controlled shutdown) and waits for it. */
  @Override
  public void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  private boolean listens() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
