package dev.featurewatch.benchmarks.faults;

import dev.featurewatch.benchmarks.faults.TripStream.Window;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.OnlineValue;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the stores hold against what the trips imply ({@link TripStream#expectedWindows}): windows
 * lost, doubled, unexpected or with other values, in the offline store (every window) and the
 * online store (each driver's last window).
 */
final class FeatureChecks {

  private FeatureChecks() {}

  /** The comparison of one store: the first few differences are kept as examples. */
  record Found(
      String store,
      long expected,
      long written,
      long lost,
      long doubled,
      long unexpected,
      long wrong,
      List<String> examples) {

    @Override
    public String toString() {
      return String.format(
          "%s: %d windows expected, %d rows; lost %d, doubled %d, unexpected %d, other values %d%s",
          store,
          expected,
          written,
          lost,
          doubled,
          unexpected,
          wrong,
          examples.isEmpty() ? "" : " e.g. " + examples);
    }
  }

  /** The offline rows in {@code dir} but the clock driver's, by {@code "driver end"}. */
  static Map<String, List<FeatureRow>> offlineRows(Path dir, FeatureView view) {
    Map<String, List<FeatureRow>> rows = new HashMap<>();
    if (!Files.isDirectory(dir.resolve(view.name()))) {
      return rows;
    }
    try (OfflineStore offline = new OfflineStore(dir)) {
      for (FeatureRow row : offline.readSorted(view, null, null)) {
        Object driver = row.key().values().get(0);
        if (!driver.equals(TripStream.CLOCK_DRIVER)) {
          rows.computeIfAbsent(driver + " " + row.eventTime(), k -> new ArrayList<>()).add(row);
        }
      }
    }
    return rows;
  }

  static Found offline(Path dir, FeatureView view, Map<String, Window> expected) {
    Map<String, List<FeatureRow>> rows = offlineRows(dir, view);
    long written = rows.values().stream().mapToLong(List::size).sum();
    long lost = 0;
    long doubled = 0;
    long wrong = 0;
    List<String> examples = new ArrayList<>();
    for (Map.Entry<String, Window> want : expected.entrySet()) {
      List<FeatureRow> found = rows.getOrDefault(want.getKey(), List.of());
      if (found.isEmpty()) {
        lost++;
        example(examples, "lost " + want.getKey());
        continue;
      }
      if (found.size() > 1) {
        doubled += found.size() - 1;
        example(examples, found.size() + "x " + want.getKey());
      }
      for (FeatureRow row : found) {
        if (!matches(view, row.values(), want.getValue())) {
          wrong++;
          example(examples, "values of " + want.getKey() + ": " + row.values());
        }
      }
    }
    long unexpected =
        rows.entrySet().stream()
            .filter(e -> !expected.containsKey(e.getKey()))
            .mapToLong(e -> e.getValue().size())
            .sum();
    rows.keySet().stream()
        .filter(k -> !expected.containsKey(k))
        .limit(3)
        .forEach(k -> example(examples, "unexpected " + k));
    return new Found(
        "offline", expected.size(), written, lost, doubled, unexpected, wrong, examples);
  }

  /** Each driver's last expected window against what the online store holds for it. */
  static Found online(OnlineStore online, FeatureView view, Map<String, Window> expected) {
    Map<Long, Instant> lastEnd = new HashMap<>();
    Map<Long, Window> lastWindow = new HashMap<>();
    expected.forEach(
        (key, window) -> {
          String[] parts = key.split(" ");
          long driver = Long.parseLong(parts[0]);
          Instant end = Instant.parse(parts[1]);
          if (lastEnd.getOrDefault(driver, Instant.MIN).isBefore(end)) {
            lastEnd.put(driver, end);
            lastWindow.put(driver, window);
          }
        });
    long lost = 0;
    long wrong = 0;
    long written = 0;
    List<String> examples = new ArrayList<>();
    for (Map.Entry<Long, Instant> driver : lastEnd.entrySet()) {
      // read as of the window's end: within the view's two-hour TTL
      OnlineValue value =
          online
              .read(view, List.of(EntityKey.of("driver_id", driver.getKey())), driver.getValue())
              .get(0);
      if (value.found()) {
        written++;
      }
      if (!driver.getValue().equals(value.eventTime())) {
        lost++;
        example(
            examples,
            driver.getKey() + " holds " + value.eventTime() + " not " + driver.getValue());
      } else if (!matches(view, value.values(), lastWindow.get(driver.getKey()))) {
        wrong++;
        example(examples, driver.getKey() + " values " + value.values());
      }
    }
    return new Found("online", lastEnd.size(), written, lost, 0, 0, wrong, examples);
  }

  private static boolean matches(FeatureView view, List<Object> values, Window want) {
    return Objects.equals(values.get(view.indexOf("trips_1h")), want.trips())
        && Objects.equals(values.get(view.indexOf("fare_max_1h")), want.fareMax());
  }

  private static void example(List<String> examples, String example) {
    if (examples.size() < 5) {
      examples.add(example);
    }
  }
}
