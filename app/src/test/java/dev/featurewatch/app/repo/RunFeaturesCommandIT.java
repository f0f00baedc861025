package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurewatch.app.Cli;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.row.FeatureRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code featurewatch run features --replay} on the example repository: the trips file through the
 * embedded pipeline into the stores, checked against counts and maxima computed directly from the
 * file.
 */
class RunFeaturesCommandIT {

  @TempDir Path repo;

  @Test
  void theExampleTripsReplayIntoHourlyWindowsEveryFiveMinutes() throws IOException {
    ExampleRepository.copyTo(repo);
    assertThat(Cli.run("apply", "--repo", repo.toString()).exitCode()).isZero();

    Cli run = Cli.run("run", "features", "--repo", repo.toString(), "--replay", "--no-serve");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("running 1 stream feature view: [driver_trip_stats]", "done:");
    FeatureRepository definitions = ExampleRepository.read();
    FeatureView view = definitions.featureView("driver_trip_stats").orElseThrow();
    List<JsonNode> trips = trips();
    List<FeatureRow> rows;
    try (OfflineStore offline = new OfflineStore(repo.resolve(".featurewatch/offline"))) {
      rows = offline.readSorted(view, null, null);
    }
    assertThat(rows).isNotEmpty();
    for (FeatureRow row : rows) {
      long driver = (Long) row.key().values().get(0);
      Instant end = row.eventTime();
      Instant start = end.minus(Duration.ofHours(1));
      List<JsonNode> in = new ArrayList<>();
      for (JsonNode trip : trips) {
        Instant time = Instant.parse(trip.get("event_timestamp").asText());
        if (trip.get("driver_id").asLong() == driver
            && !time.isBefore(start)
            && time.isBefore(end)) {
          in.add(trip);
        }
      }
      assertThat(row.values().get(view.indexOf("trips_1h")))
          .as(row.toString())
          .isEqualTo((long) in.size());
      Object max = row.values().get(view.indexOf("fare_max_1h"));
      if (in.isEmpty()) {
        assertThat(max).isNull();
      } else {
        assertThat(max)
            .isEqualTo(in.stream().mapToDouble(t -> t.get("fare").asDouble()).max().orElseThrow());
      }
    }
  }

  private List<JsonNode> trips() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> trips = new ArrayList<>();
    for (String line : Files.readAllLines(repo.resolve("data/driver_trips.jsonl"))) {
      trips.add(json.readTree(line));
    }
    return trips;
  }
}
