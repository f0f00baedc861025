package dev.featurewatch.benchmarks.pipeline;

import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Trip events of the example's {@code driver_trips} source, as the trips topic would carry them:
 * about 150 bytes of JSON each, ISO-8601 event times, a random driver among {@code drivers}, a
 * customer among 10,000, three cities. Deterministic for a seed.
 */
public final class TripEvents {

  private static final String[] CITIES = {"Lisbon", "Porto", "Faro"};

  private final SplittableRandom random;
  private final int drivers;
  private long next;

  public TripEvents(long seed, int drivers) {
    this.random = new SplittableRandom(seed);
    this.drivers = drivers;
  }

  /** The driver of the next event, to key its message by. */
  public long nextDriver() {
    return 1_000_000L + random.nextInt(drivers);
  }

  /** One trip of {@code driver} at {@code time}. */
  public String trip(long driver, Instant time) {
    double fare = 4 + random.nextDouble() * 40;
    double distance = 0.5 + random.nextDouble() * 25;
    return "{\"trip_id\":\"t-"
        + next++
        + "\",\"driver_id\":"
        + driver
        + ",\"customer_id\":\"c-"
        + random.nextInt(10_000)
        + "\",\"event_timestamp\":\""
        + time
        + "\",\"fare\":"
        + Math.round(fare * 100) / 100.0
        + ",\"distance_km\":"
        + Math.round(distance * 10) / 10.0
        + ",\"city\":\""
        + CITIES[random.nextInt(CITIES.length)]
        + "\"}";
  }

  /** A uniform jitter in {@code [0, boundMillis)}, for out-of-order event times. */
  public long jitterMillis(long boundMillis) {
    return random.nextLong(boundMillis);
  }
}
