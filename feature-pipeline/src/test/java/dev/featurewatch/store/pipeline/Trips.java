package dev.featurewatch.store.pipeline;

import dev.featurewatch.store.row.FeatureRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Trip events for the pipeline's tests, and the reference computation their windowed rows are
 * checked against: plain loops over the events, sharing no code with the pipeline. Rows are
 * compared as text, {@code "view driver hh:mm [values]"} with the time from {@link #T0} and doubles
 * rounded to 9 digits.
 */
public final class Trips {

  public static final long MINUTE = 60_000;
  public static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  /** One trip. */
  public record Trip(long driver, long timeMillis, String tripId, double fare, String city) {
    public String json() {
      return StreamViews.trip(driver, timeMillis, tripId, fare, city);
    }
  }

  /**
   * {@code n} trips over four hours from {@link #T0} for five drivers, in an order at most {@code
   * late} out of order (by time plus a random delay below it), times in whole seconds so that equal
   * times happen.
   */
  public static List<Trip> random(Random random, int n, Duration late) {
    List<Trip> trips = new ArrayList<>();
    String[] cities = {"Lisbon", "Porto", "Braga", "Faro"};
    for (int i = 0; i < n; i++) {
      long time = T0.toEpochMilli() + (long) (random.nextDouble() * 4 * 60 * MINUTE);
      time -= time % 1_000;
      trips.add(
          new Trip(
              1 + random.nextInt(5),
              time,
              "t" + i,
              Math.round(random.nextDouble() * 5_000) / 100.0,
              cities[random.nextInt(cities.length)]));
    }
    List<long[]> delivery = new ArrayList<>();
    for (int i = 0; i < trips.size(); i++) {
      long delay = (long) (random.nextDouble() * late.toMillis());
      delivery.add(new long[] {trips.get(i).timeMillis + delay, i});
    }
    delivery.sort((a, b) -> Long.compare(a[0], b[0]));
    List<Trip> delivered = new ArrayList<>();
    delivery.forEach(d -> delivered.add(trips.get((int) d[1])));
    return Collections.unmodifiableList(delivered);
  }

  /**
   * The rows of {@link StreamViews#windowed} (count, mean and max of the fare, last city) over
   * windows of {@code size} every {@code slide} minutes, computed directly: per driver, a row at
   * every window end whose window holds trips, or whose previous window did (the empty row that
   * says the trips have left the window).
   */
  public static List<String> windowRows(String view, List<Trip> trips, long size, long slide) {
    List<String> rows = new ArrayList<>();
    TreeMap<Long, List<Trip>> byDriver = new TreeMap<>();
    trips.forEach(t -> byDriver.computeIfAbsent(t.driver, d -> new ArrayList<>()).add(t));
    long slideMillis = slide * MINUTE;
    long sizeMillis = size * MINUTE;
    byDriver.forEach(
        (driver, own) -> {
          long first = own.stream().mapToLong(Trip::timeMillis).min().orElseThrow();
          long last = own.stream().mapToLong(Trip::timeMillis).max().orElseThrow();
          for (long end = Math.floorDiv(first, slideMillis) * slideMillis;
              end <= last + sizeMillis + slideMillis;
              end += slideMillis) {
            List<Trip> in = between(own, end - sizeMillis, end);
            List<Trip> before = between(own, end - sizeMillis - slideMillis, end - slideMillis);
            if (!in.isEmpty() || !before.isEmpty()) {
              rows.add(windowRow(view, driver, end, in));
            }
          }
        });
    return rows;
  }

  private static List<Trip> between(List<Trip> trips, long from, long to) {
    return trips.stream()
        .filter(t -> t.timeMillis >= from && t.timeMillis < to)
        .collect(Collectors.toList());
  }

  private static String windowRow(String view, long driver, long endMillis, List<Trip> in) {
    String head = view + " " + driver + " " + clock(endMillis) + " ";
    if (in.isEmpty()) {
      return head + "[0, null, null, null]";
    }
    double sum = 0;
    double max = Double.NEGATIVE_INFINITY;
    Trip latest = in.get(0);
    for (Trip t : in) {
      sum += t.fare;
      max = Math.max(max, t.fare);
      // the latest time wins; among equal times, the one delivered last
      if (t.timeMillis >= latest.timeMillis) {
        latest = t;
      }
    }
    return head
        + "["
        + in.size()
        + ", "
        + round(sum / in.size())
        + ", "
        + round(max)
        + ", "
        + latest.city
        + "]";
  }

  /** A row as text, for comparing with the reference. */
  public static String text(FeatureRow row) {
    return row.view()
        + " "
        + row.key().values().get(0)
        + " "
        + clock(row.eventTime().toEpochMilli())
        + " "
        + row.values().stream()
            .map(v -> v instanceof Double d ? round(d) : String.valueOf(v))
            .collect(Collectors.joining(", ", "[", "]"));
  }

  private static String round(double d) {
    return String.format(Locale.ROOT, "%.9f", d).replaceAll("0+$", "").replaceAll("\\.$", ".0");
  }

  /** Time since T0 as hh:mm, days included as more hours. */
  public static String clock(long millis) {
    long minutes = Math.floorDiv(millis - T0.toEpochMilli(), MINUTE);
    return String.format(
        Locale.ROOT, "%02d:%02d", Math.floorDiv(minutes, 60), Math.floorMod(minutes, 60));
  }

  /** {@link #T0} plus {@code minutes}, in epoch milliseconds. */
  public static long at(long minutes) {
    return T0.toEpochMilli() + minutes * MINUTE;
  }

  private Trips() {}
}
