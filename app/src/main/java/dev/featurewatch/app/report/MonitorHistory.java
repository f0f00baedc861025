package dev.featurewatch.app.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.app.input.InputException;
import dev.featurewatch.monitoring.result.MonitorOutput;
import dev.featurewatch.monitoring.result.PerformanceResult;
import dev.featurewatch.monitoring.result.ResultJson;
import dev.featurewatch.web.HtmlPage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A monitor's results over time, as the monitoring job wrote them: read from its results directory
 * (the job's JSON-lines files; hidden files, which Flink's file sink has not committed yet, are
 * left out) or its results topic (read committed, from the start to the current end), then turned
 * into the data of the history page ({@code history-report.js}) and of the console's model health.
 *
 * <pre>{@code
 * List<MonitorOutput> outputs = MonitorHistory.read("kafka:featurewatch-monitoring-results", "localhost:9092");
 * ObjectNode page = MonitorHistory.json(outputs, "loans", from, to);
 * }</pre>
 */
public final class MonitorHistory {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);

  private MonitorHistory() {}

  /**
   * Every result of {@code results}: a directory, or {@code kafka:TOPIC} on {@code brokers}.
   *
   * @throws InputException a directory that does not exist, a topic that cannot be read, or a line
   *     that is not a result (naming the file and line)
   */
  public static List<MonitorOutput> read(String results, String brokers) {
    if (results.startsWith("kafka:")) {
      return readTopic(results.substring("kafka:".length()), brokers);
    }
    return readDirectory(Path.of(results));
  }

  private static List<MonitorOutput> readDirectory(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new InputException(
          "--results " + directory + ": no such directory (the monitoring job's results)");
    }
    List<Path> files;
    try (Stream<Path> all = Files.walk(directory)) {
      files =
          all.filter(Files::isRegularFile)
              .filter(file -> !hidden(directory, file))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
    List<MonitorOutput> outputs = new ArrayList<>();
    for (Path file : files) {
      try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        int number = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          number++;
          if (!line.isBlank()) {
            outputs.add(parse(line, file + ":" + number));
          }
        }
      } catch (IOException e) {
        throw new InputException(file + ": cannot read: " + e.getMessage(), e);
      }
    }
    return outputs;
  }

  /** Flink's file sink writes in-progress parts as hidden files, committed ones visible. */
  private static boolean hidden(Path root, Path file) {
    for (Path part : root.relativize(file)) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static List<MonitorOutput> readTopic(String topic, String brokers) {
    if (brokers == null || brokers.isBlank()) {
      throw new InputException(
          "--results kafka:"
              + topic
              + " needs Kafka's brokers: give --kafka HOST:PORT or streaming.kafka in"
              + " featurewatch.yaml");
    }
    Map<String, Object> config = new HashMap<>();
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, brokers);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis());
    List<MonitorOutput> outputs = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      var found = consumer.partitionsFor(topic, KAFKA_TIMEOUT);
      if (found == null || found.isEmpty()) {
        throw new InputException("--results kafka:" + topic + ": no such topic on " + brokers);
      }
      List<TopicPartition> partitions =
          found.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, KAFKA_TIMEOUT);
      long deadline = System.nanoTime() + KAFKA_TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new InputException(
              "--results kafka:" + topic + ": not read to its end within " + KAFKA_TIMEOUT);
        }
        for (var record : consumer.poll(Duration.ofMillis(200))) {
          outputs.add(
              parse(
                  record.value(),
                  "kafka:"
                      + topic
                      + " partition "
                      + record.partition()
                      + " offset "
                      + record.offset()));
        }
      }
    } catch (KafkaException e) {
      throw new InputException(
          "--results kafka:" + topic + ": cannot read it from " + brokers + ": " + e.getMessage(),
          e);
    }
    return outputs;
  }

  private static MonitorOutput parse(String line, String where) {
    try {
      return ResultJson.fromJson(line);
    } catch (IllegalArgumentException e) {
      throw new InputException(where + ": " + e.getMessage(), e);
    }
  }

  /**
   * The page data of {@code monitor}'s windows ending in {@code (from, to]} (either may be null for
   * no bound): {@code drift}, its drift results in window order, and {@code performance}, each
   * series' window's last performance (the complete one once there is one).
   */
  public static ObjectNode json(
      List<MonitorOutput> outputs, String monitor, Instant from, Instant to) {
    Map<String, MonitorOutput> performance = new LinkedHashMap<>();
    List<MonitorOutput> drift = new ArrayList<>();
    for (MonitorOutput output : outputs) {
      if (!output.monitor().equals(monitor)
          || (from != null && !output.windowEnd().isAfter(from))
          || (to != null && output.windowEnd().isAfter(to))) {
        continue;
      }
      if (output instanceof PerformanceResult result) {
        String key =
            String.join(
                "\u0000",
                result.model(),
                result.modelVersion(),
                result.segment(),
                result.windowEnd().toString());
        // a window reports its performance as labels arrive; the last (complete) one stands
        MonitorOutput kept = performance.get(key);
        if (kept == null || !((PerformanceResult) kept).complete() || result.complete()) {
          performance.put(key, result);
        }
      } else {
        drift.add(output);
      }
    }
    Comparator<MonitorOutput> byWindow = Comparator.comparing(MonitorOutput::windowEnd);
    ObjectNode page = MAPPER.createObjectNode();
    page.put("monitor", monitor);
    page.put("from", from == null ? null : from.toString());
    page.put("to", to == null ? null : to.toString());
    page.set("drift", lines(drift.stream().sorted(byWindow).toList()));
    page.set("performance", lines(performance.values().stream().sorted(byWindow).toList()));
    return page;
  }

  /**
   * The history page of {@code monitor}'s windows ending in {@code (from, to]}: {@link #json} with
   * where the results came from, drawn by {@code history-report.js}.
   */
  public static String page(
      List<MonitorOutput> outputs, String monitor, Instant from, Instant to, String source) {
    ObjectNode page = json(outputs, monitor, from, to);
    page.put("source", source);
    page.put("generated_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    return HtmlPage.render(
        "Monitoring history: " + monitor, HtmlPage.HISTORY_REPORT, page.toString());
  }

  /** The monitors that wrote any of {@code outputs}, in name order. */
  public static List<String> monitors(List<MonitorOutput> outputs) {
    return outputs.stream().map(MonitorOutput::monitor).distinct().sorted().toList();
  }

  private static ArrayNode lines(List<MonitorOutput> outputs) {
    ArrayNode array = MAPPER.createArrayNode();
    for (MonitorOutput output : outputs) {
      try {
        array.add(MAPPER.readTree(ResultJson.toJson(output)));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a result's JSON always reads back", e);
      }
    }
    return array;
  }
}
