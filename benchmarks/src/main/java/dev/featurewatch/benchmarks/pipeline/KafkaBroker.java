package dev.featurewatch.benchmarks.pipeline;

import dev.featurewatch.testing.KafkaFixture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A one-node Kafka broker (KRaft) in a JVM of its own, so that its heap, garbage collection and
 * threads are not the pipeline's, as on a real deployment; it still shares this machine's two
 * cores. The parent starts it with {@link #start}, which returns once the child printed its
 * address; the child stops when its standard input closes, that is when the parent exits or closes
 * it.
 */
public final class KafkaBroker implements AutoCloseable {

  private static final String READY = "kafka-broker ";

  private final Process process;
  private final String bootstrapServers;

  private KafkaBroker(Process process, String bootstrapServers) {
    this.process = process;
    this.bootstrapServers = bootstrapServers;
  }

  /** Starts a broker process with this JVM's class path; its output goes to {@code log}. */
  public static KafkaBroker start(Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xms1g", "-Xmx1g", "-cp", System.getProperty("java.class.path")));
    command.add(KafkaBroker.class.getName());
    Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    // Kafka's storage formatting prints to standard output too: skip to the address
    String line = out.readLine();
    while (line != null && !line.startsWith(READY)) {
      line = out.readLine();
    }
    if (line == null) {
      process.destroyForcibly();
      throw new IllegalStateException("the Kafka broker did not start; see " + log);
    }
    Thread drain =
        new Thread(
            () -> {
              try {
                out.transferTo(Writer.nullWriter());
              } catch (IOException ended) {
                // the broker exited
              }
            },
            "kafka broker output");
    drain.setDaemon(true);
    drain.start();
    return new KafkaBroker(process, line.substring(READY.length()).strip());
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public void close() {
    try {
      // end of input: the child stops its broker, which deletes its data, and exits
      process.getOutputStream().close();
    } catch (IOException e) {
      process.destroy();
    }
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The child: starts the broker, prints its address, runs until standard input closes. */
  public static void main(String[] args) throws IOException {
    try (KafkaFixture kafka = new KafkaFixture().start()) {
      System.out.println(READY + kafka.bootstrapServers());
      System.out.flush();
      while (System.in.read() >= 0) {
        // nothing to read: the parent holds the pipe open while it needs the broker
      }
    }
  }
}
