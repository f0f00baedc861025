package dev.featurewatch.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A one-node Kafka cluster (KRaft, broker and controller in one process) inside the test JVM.
 * Starts in a few seconds and needs no installed Kafka.
 *
 * <p>As a JUnit 5 extension, one broker per test class, started before the first test and stopped
 * after the last:
 *
 * <pre>{@code
 * @RegisterExtension static final KafkaFixture kafka = new KafkaFixture();
 *
 * @Test
 * void roundTrip() {
 *   kafka.createTopic("predictions", 2);
 *   var producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()), ...);
 * }
 * }</pre>
 *
 * <p>Outside JUnit, {@code try (KafkaFixture kafka = new KafkaFixture().start()) { ... }}.
 *
 * <p>This is the only class that touches {@code KafkaClusterTestKit}, an internal Kafka test API
 * that changes between Kafka versions: keep it that way so an upgrade is fixed in one place. The
 * broker is configured for tests (replication factor 1 for internal topics, no delay before the
 * first consumer group rebalance), not for durability.
 */
public final class KafkaFixture implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  private KafkaClusterTestKit cluster;
  // The test class whose beforeAll started the broker; nested classes must not stop it.
  private String startedBy;

  /**
   * Formats and starts the broker and waits until it accepts clients. Does nothing if it already
   * runs.
   *
   * @return this fixture
   */
  public synchronized KafkaFixture start() {
    if (cluster != null) {
      return this;
    }
    KafkaClusterTestKit started = null;
    try {
      TestKitNodes nodes =
          new TestKitNodes.Builder()
              .setCombined(true)
              .setNumBrokerNodes(1)
              .setNumControllerNodes(1)
              .build();
      started =
          new KafkaClusterTestKit.Builder(nodes)
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("offsets.topic.num.partitions", "1")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              .build();
      started.format();
      started.startup();
      started.waitForReadyBrokers();
      cluster = started;
      return this;
    } catch (Exception e) {
      closeQuietly(started, e);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("the in-JVM Kafka broker did not start", e);
    }
  }

  /**
   * The {@code host:port} list for the {@code bootstrap.servers} client setting.
   *
   * @throws IllegalStateException if the broker is not started
   */
  public synchronized String bootstrapServers() {
    if (cluster == null) {
      throw new IllegalStateException(
          "the Kafka broker is not started: register the fixture with"
              + " @RegisterExtension static KafkaFixture kafka = new KafkaFixture(),"
              + " or call start()");
    }
    return cluster.bootstrapServers();
  }

  /**
   * Creates a topic with replication factor 1 and waits until the broker confirms it.
   *
   * @param name the topic name
   * @param partitions the number of partitions, at least 1
   */
  public void createTopic(String name, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
    }
    try (Admin admin =
        Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
          .all()
          .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "could not create topic '" + name + "' with " + partitions + " partitions", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic '" + name + "'", e);
    }
  }

  /** Sends {@code records} in order and waits until the broker has them all. */
  public void send(List<ProducerRecord<String, String>> records) {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      records.forEach(producer::send);
      producer.flush();
    }
  }

  /**
   * Every committed message value of {@code topic} from the beginning ({@code read_committed}, as
   * readers of featurewatch's exactly-once topics must read), once at least {@code count} arrived.
   *
   * @throws AssertionError fewer than {@code count} within {@code timeout}
   */
  public List<String> readValues(String topic, int count, Duration timeout) {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        committedReader(
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.GROUP_ID_CONFIG,
            "fixture-reader-" + UUID.randomUUID())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (values.size() < count) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "topic '"
                  + topic
                  + "' has "
                  + values.size()
                  + " of "
                  + count
                  + " messages: "
                  + values);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
      }
    }
    return values;
  }

  /**
   * Every message value of {@code topic} committed by now ({@code read_committed}: up to each
   * partition's last stable offset), partition by partition.
   */
  public List<String> readCommitted(String topic) {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        committedReader(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false")) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("topic '" + topic + "' not read to " + ends + " in time");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
      }
    }
    return values;
  }

  /** A consumer of committed messages only, with {@code settings} as key, value, key, .... */
  private KafkaConsumer<String, String> committedReader(String... settings) {
    Map<String, Object> config = new java.util.HashMap<>();
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    for (int i = 0; i < settings.length; i += 2) {
      config.put(settings[i], settings[i + 1]);
    }
    return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
  }

  /** Stops the broker and deletes its data. Does nothing if it does not run. */
  @Override
  public synchronized void close() {
    KafkaClusterTestKit running = cluster;
    cluster = null;
    startedBy = null;
    if (running == null) {
      return;
    }
    try {
      running.close();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("the in-JVM Kafka broker did not stop cleanly", e);
    }
  }

  @Override
  public synchronized void beforeAll(ExtensionContext context) {
    if (cluster == null) {
      start();
      startedBy = context.getUniqueId();
    }
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    if (context.getUniqueId().equals(startedBy)) {
      close();
    }
  }

  private static void closeQuietly(KafkaClusterTestKit cluster, Exception failure) {
    if (cluster == null) {
      return;
    }
    try {
      cluster.close();
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }
}
