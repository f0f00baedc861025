package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.OnlineValue;
import dev.featurewatch.store.online.factory.OnlineStores;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The example repository's trips on its Kafka topic, and the windows its {@code driver_trip_stats}
 * view must write, computed here from the trips (one-hour windows every five minutes), for the
 * pipeline tests that run it for real: a day of trips can be shifted to make the next day.
 */
final class ExampleTrips {

  static final String VIEW = "driver_trip_stats";
  static final String TOPIC = "driver-trips";

  /** A driver whose trips only move the watermark on; its windows are not compared. */
  private static final long CLOCK_DRIVER = 9_999;

  private static final Duration WINDOW = Duration.ofHours(1);
  private static final Duration SLIDE = Duration.ofMinutes(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private ExampleTrips() {}

  /** The example's trips, {@code shift} later, with new trip ids for a shifted copy. */
  static List<JsonNode> trips(Path repo, Duration shift) throws IOException {
    List<JsonNode> trips = new ArrayList<>();
    for (String line : Files.readAllLines(repo.resolve("data/driver_trips.jsonl"))) {
      ObjectNode trip = (ObjectNode) json(line);
      Instant time = Instant.parse(trip.get("event_timestamp").asText()).plus(shift);
      trip.put("event_timestamp", time.toString());
      trip.put("trip_id", trip.get("trip_id").asText() + "+" + shift.toDays());
      trips.add(trip);
    }
    return trips;
  }

  /**
   * The trips as messages keyed by driver, then a trip of the clock driver eight hours after the
   * last in each of the topic's two partitions, so the watermark passes every window of the others.
   */
  static List<ProducerRecord<String, String>> messages(List<JsonNode> trips, String tag) {
    List<ProducerRecord<String, String>> records = new ArrayList<>();
    for (JsonNode trip : trips) {
      records.add(new ProducerRecord<>(TOPIC, trip.get("driver_id").asText(), trip.toString()));
    }
    Instant last =
        trips.stream()
            .map(t -> Instant.parse(t.get("event_timestamp").asText()))
            .max(Instant::compareTo)
            .orElseThrow();
    for (int partition = 0; partition < 2; partition++) {
      ObjectNode clock = JSON.createObjectNode();
      clock.put("trip_id", "clock-" + partition + "+" + tag);
      clock.put("driver_id", CLOCK_DRIVER);
      clock.put("customer_id", "c-0000");
      clock.put("event_timestamp", last.plus(Duration.ofHours(8)).toString());
      clock.put("fare", 1.0);
      clock.put("distance_km", 1.0);
      clock.put("city", "Lisbon");
      records.add(new ProducerRecord<>(TOPIC, partition, null, clock.toString()));
    }
    return records;
  }

  /**
   * Every window the view must write, by {@code driver end}: each trip lies in the twelve one-hour
   * windows ending at the next twelve five-minute marks; after a driver's last non-empty window
   * comes one empty window (count 0), which clears its online values.
   */
  static Map<String, FeatureRow> expectedWindows(FeatureView view, List<JsonNode> trips) {
    Map<Long, TreeMap<Instant, List<JsonNode>>> byDriver = new HashMap<>();
    long slide = SLIDE.toMillis();
    for (JsonNode trip : trips) {
      Instant time = Instant.parse(trip.get("event_timestamp").asText());
      long firstEnd = Math.floorDiv(time.toEpochMilli(), slide) * slide + slide;
      for (long end = firstEnd; end < firstEnd + WINDOW.toMillis(); end += slide) {
        byDriver
            .computeIfAbsent(trip.get("driver_id").asLong(), d -> new TreeMap<>())
            .computeIfAbsent(Instant.ofEpochMilli(end), e -> new ArrayList<>())
            .add(trip);
      }
    }
    Map<String, FeatureRow> windows = new TreeMap<>();
    byDriver.forEach(
        (driver, ends) -> {
          for (Map.Entry<Instant, List<JsonNode>> window : ends.entrySet()) {
            windows.put(
                driver + " " + window.getKey(),
                row(view, driver, window.getKey(), window.getValue()));
            Instant next = window.getKey().plus(SLIDE);
            if (!ends.containsKey(next)) {
              windows.put(driver + " " + next, row(view, driver, next, List.of()));
            }
          }
        });
    return windows;
  }

  /** A window's count and maximum fare; the other features are not compared. */
  private static FeatureRow row(FeatureView view, long driver, Instant end, List<JsonNode> in) {
    Object[] values = new Object[view.features().size()];
    values[view.indexOf("trips_1h")] = (long) in.size();
    values[view.indexOf("fare_max_1h")] =
        in.isEmpty()
            ? null
            : in.stream().mapToDouble(t -> t.get("fare").asDouble()).max().orElseThrow();
    return new FeatureRow(
        VIEW, EntityKey.of("driver_id", driver), end, null, Arrays.asList(values));
  }

  /** The rows of the offline store in {@code dir} but the clock driver's; none without a store. */
  static List<FeatureRow> offlineRows(Path dir, FeatureView view) throws IOException {
    if (!Files.isDirectory(dir.resolve(VIEW))) {
      return List.of();
    }
    try (OfflineStore offline = new OfflineStore(dir)) {
      return offline.readSorted(view, null, null).stream()
          .filter(r -> !r.key().values().get(0).equals(CLOCK_DRIVER))
          .toList();
    }
  }

  /** The offline store in {@code dir} holds every expected window exactly once, with its values. */
  static void assertOffline(Path dir, FeatureView view, Map<String, FeatureRow> expected)
      throws IOException {
    List<FeatureRow> rows = offlineRows(dir, view);
    List<String> written =
        rows.stream().map(r -> r.key().values().get(0) + " " + r.eventTime()).toList();
    assertThat(written).as("every window exactly once").doesNotHaveDuplicates();
    assertThat(new TreeSet<>(written)).isEqualTo(expected.keySet());
    for (FeatureRow row : rows) {
      assertCompared(
          view, row.values(), expected.get(row.key().values().get(0) + " " + row.eventTime()));
    }
  }

  /** The online store at {@code location} holds each driver's last expected window. */
  static void assertOnlineHoldsEachDriversLastWindow(
      String location, FeatureView view, Map<String, FeatureRow> expected) {
    Map<Object, FeatureRow> last =
        expected.values().stream()
            .collect(
                Collectors.toMap(
                    r -> r.key().values().get(0),
                    r -> r,
                    (a, b) -> a.eventTime().isAfter(b.eventTime()) ? a : b));
    try (OnlineStore online = OnlineStores.open(location)) {
      for (FeatureRow want : last.values()) {
        // read as of the window's end: within the view's two-hour TTL
        OnlineValue value = online.read(view, List.of(want.key()), want.eventTime()).get(0);
        assertThat(value.eventTime()).as(want.key().toString()).isEqualTo(want.eventTime());
        assertCompared(view, value.values(), want);
      }
    }
  }

  private static void assertCompared(FeatureView view, List<Object> values, FeatureRow want) {
    for (String feature : List.of("trips_1h", "fare_max_1h")) {
      int i = view.indexOf(feature);
      assertThat(values.get(i))
          .as(want.key() + " " + want.eventTime() + " " + feature)
          .isEqualTo(want.values().get(i));
    }
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + text, e);
    }
  }
}
