package dev.featurewatch.benchmarks.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurewatch.benchmarks.pipeline.TripEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A steady stream of the example's trips on its Kafka topic, at {@code rate} events a second of
 * real time, on an event clock that runs {@link #SPEED} times as fast (so the {@code
 * driver_trip_stats} view's five-minute slide closes a window every 5 s), each event up to 10 s
 * (event time) late, within the view's 30 s out-of-orderness. Keyed by driver on the topic's
 * partitions, sent by an idempotent producer with {@code acks=all} that retries for 5 minutes, so a
 * broker that goes away delays events but loses none.
 *
 * <p>Only events the broker acknowledged count: {@link #expectedWindows} computes, from them and
 * independently of the pipeline, every window the view must write (as {@code RunFeaturesCrashIT}'s
 * {@code ExampleTrips} does): each trip is in the twelve one-hour windows ending at the next twelve
 * five-minute marks, and a driver's last non-empty window is followed by an empty one (count 0).
 */
final class TripStream implements AutoCloseable {

  static final String TOPIC = "driver-trips";
  static final long SPEED = 60;

  /** Trips of this driver only move the watermark on at the end; its windows are not compared. */
  static final long CLOCK_DRIVER = 9_999;

  private static final Duration WINDOW = Duration.ofHours(1);
  private static final Duration SLIDE = Duration.ofMinutes(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An acknowledged trip: the fields the compared features come from. */
  record Trip(long driver, Instant time, double fare) {}

  /** A window's compared features: its trip count and largest fare (null when empty). */
  record Window(long trips, Double fareMax) {}

  private final KafkaProducer<String, String> producer;
  private final int rate;
  private final TripEvents events;
  private final Instant start;
  private final long startNanos;
  private final ConcurrentLinkedQueue<Trip> acknowledged = new ConcurrentLinkedQueue<>();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final Thread sender;
  private volatile boolean stopped;
  private volatile Instant last;

  TripStream(String bootstrapServers, int rate, int drivers, Instant start) {
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                300_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                300_000,
                ProducerConfig.LINGER_MS_CONFIG,
                5),
            new StringSerializer(),
            new StringSerializer());
    this.rate = rate;
    this.events = new TripEvents(20261207L, drivers);
    this.start = start;
    this.startNanos = System.nanoTime();
    this.last = start;
    this.sender = new Thread(this::send, "trip stream");
    sender.setDaemon(true);
    sender.start();
  }

  /** The event clock at {@code nanoTime}: {@link #SPEED} times real time from the start. */
  Instant eventTime(long nanoTime) {
    return start.plusNanos((nanoTime - startNanos) * SPEED);
  }

  private void send() {
    long period = 1_000_000_000L / rate;
    for (long i = 0; !stopped; i++) {
      long due = startNanos + i * period;
      OpenLoopRequests.parkUntil(due);
      long driver = events.nextDriver();
      Instant time = eventTime(due).minusMillis(events.jitterMillis(10_000));
      String trip = events.trip(driver, time);
      double fare = json(trip).get("fare").asDouble();
      last = time;
      sent.incrementAndGet();
      producer.send(
          new ProducerRecord<>(TOPIC, Long.toString(driver), trip),
          (metadata, failure) -> {
            if (failure == null) {
              acknowledged.add(new Trip(driver, time, fare));
            } else {
              failed.incrementAndGet();
            }
          });
    }
  }

  /**
   * Stops the stream, then sends a trip of the clock driver eight hours (event time) after the last
   * to each of the topic's two partitions, so the watermark passes every window of the others, and
   * waits until the broker has everything.
   */
  void finish() throws InterruptedException {
    stopped = true;
    sender.join();
    Instant clock = last.plus(Duration.ofHours(8));
    for (int partition = 0; partition < 2; partition++) {
      producer.send(new ProducerRecord<>(TOPIC, partition, null, events.trip(CLOCK_DRIVER, clock)));
    }
    producer.flush();
  }

  long sent() {
    return sent.get();
  }

  long acknowledged() {
    return acknowledged.size();
  }

  long failed() {
    return failed.get();
  }

  /** Every window the view must write from the acknowledged trips, by {@code "driver end"}. */
  Map<String, Window> expectedWindows() {
    Map<Long, TreeMap<Instant, List<Trip>>> byDriver = new HashMap<>();
    long slide = SLIDE.toMillis();
    for (Trip trip : acknowledged) {
      long firstEnd = Math.floorDiv(trip.time().toEpochMilli(), slide) * slide + slide;
      for (long end = firstEnd; end < firstEnd + WINDOW.toMillis(); end += slide) {
        byDriver
            .computeIfAbsent(trip.driver(), d -> new TreeMap<>())
            .computeIfAbsent(Instant.ofEpochMilli(end), e -> new ArrayList<>())
            .add(trip);
      }
    }
    Map<String, Window> windows = new TreeMap<>();
    byDriver.forEach(
        (driver, ends) -> {
          for (Map.Entry<Instant, List<Trip>> window : ends.entrySet()) {
            List<Trip> in = window.getValue();
            windows.put(
                driver + " " + window.getKey(),
                new Window(in.size(), in.stream().mapToDouble(Trip::fare).max().orElseThrow()));
            Instant next = window.getKey().plus(SLIDE);
            if (!ends.containsKey(next)) {
              windows.put(driver + " " + next, new Window(0, null));
            }
          }
        });
    return windows;
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    stopped = true;
    producer.close(Duration.ofSeconds(30));
  }
}
