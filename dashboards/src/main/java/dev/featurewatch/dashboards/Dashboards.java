package dev.featurewatch.dashboards;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * featurewatch's Grafana dashboards: where they are, reading them, and expanding their queries so
 * they can be sent to Prometheus.
 *
 * <pre>{@code
 * for (Dashboard dashboard : Dashboards.load(Dashboards.locate())) {
 *   for (Query query : dashboard.queries()) {
 *     String promql = Dashboards.expand(query.expr(), Map.of("model", "fraud", "version", ".*"));
 *     // GET /api/v1/query?query=promql ...
 *   }
 * }
 * }</pre>
 */
public final class Dashboards {

  /** The dashboards' directory, relative to this module's directory. */
  public static final Path DIRECTORY = Path.of("grafana", "dashboards");

  /** The dashboards' directory, relative to the repository's root. */
  public static final Path FROM_ROOT = Path.of("dashboards").resolve(DIRECTORY);

  /**
   * The values {@link #expand} gives Grafana's built-in variables unless told otherwise. Grafana
   * derives them from the time range and the panel's width; these are fixed so a query reads the
   * same everywhere: a 1-minute rate interval (four scrapes of 15 s) over a 1-hour range.
   */
  public static final Map<String, String> BUILT_INS =
      Map.of(
          "__rate_interval", "1m",
          "__interval", "1m",
          "__interval_ms", "60000",
          "__range", "1h",
          "__range_s", "3600",
          "__range_ms", "3600000");

  private Dashboards() {}

  /** {@link #locate(Path)} from the working directory. */
  public static Path locate() {
    return locate(Path.of("").toAbsolutePath());
  }

  /**
   * The repository's dashboards directory: {@code dashboards/grafana/dashboards} in {@code start}
   * or the nearest directory above it that has one, so tests find it from any module.
   *
   * @throws IllegalStateException when no directory at or above {@code start} has one
   */
  public static Path locate(Path start) {
    for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(FROM_ROOT);
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "no directory at or above " + start.toAbsolutePath() + " holds " + FROM_ROOT);
  }

  /**
   * Every dashboard in {@code dir} (its {@code *.json} files), sorted by file name.
   *
   * @throws IllegalArgumentException naming the file and the key, for a file that is not a
   *     dashboard
   */
  public static List<Dashboard> load(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException(dir + ": must hold dashboards (*.json), found none");
    }
    List<Dashboard> dashboards = new ArrayList<>();
    for (Path file : files) {
      dashboards.add(read(file));
    }
    return List.copyOf(dashboards);
  }

  /** The dashboard in {@code file}; its file name is its {@link Dashboard#source()}. */
  public static Dashboard read(Path file) throws IOException {
    return parse(Files.readString(file), file.getFileName().toString());
  }

  /**
   * The dashboard in {@code json}; {@code source} names it in messages.
   *
   * @throws IllegalArgumentException naming {@code source} and the key, for JSON that is not a
   *     dashboard
   */
  public static Dashboard parse(String json, String source) {
    return DashboardReader.parse(json, source);
  }

  /**
   * {@code text} with Grafana's variables replaced: {@code $name}, {@code ${name}}, {@code
   * ${name:format}} and {@code [[name]]}, from {@code values} and else {@link #BUILT_INS}.
   *
   * <p>A value is inserted as given, as Grafana inserts one selected value: for a regex matcher
   * ({@code model=~"$model"}) give {@code .*} for All, or {@code a|b} for two. Of the formats,
   * {@code regex} escapes regex metacharacters; {@code raw}, {@code pipe}, {@code csv}, {@code
   * text} and {@code glob} leave one value as it is.
   *
   * @throws IllegalArgumentException for a variable without a value, or an unknown format
   */
  public static String expand(String text, Map<String, String> values) {
    Map<String, String> all = new HashMap<>(BUILT_INS);
    all.putAll(values);
    return Templates.expand(text, all);
  }
}
