package dev.featurewatch.store.materialize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The materialization checkpoint, a JSON file (format version {@value #FORMAT_VERSION}):
 *
 * <pre>{@code
 * {
 *   "format_version" : 1,
 *   "views" : {                                  // per view: the end of its last completed interval
 *     "driver_hourly_stats" : { "materialized_until" : "2026-11-02T00:00:00Z" }
 *   },
 *   "run" : {                                    // only while a run is unfinished (crashed)
 *     "mode" : "range",                          // or "incremental" (then no "start")
 *     "start" : "2026-11-01T00:00:00Z",
 *     "end" : "2026-11-02T00:00:00Z",
 *     "views" : [ "driver_hourly_stats", "driver_profile" ],
 *     "progress" : {
 *       "driver_hourly_stats" : {
 *         "start" : "2026-11-01T00:00:00Z",      // this view's interval start
 *         "partitions_done" : [ "2026-11-01" ],
 *         "complete" : false
 *       }
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>Unknown keys and other versions are rejected, naming the file, the path and the value. Saved
 * by writing a temporary sibling and renaming it atomically, so a crash leaves the old or the new
 * checkpoint, never half of one. Mutable: it is the run's accumulator, saved after each partition.
 */
final class MaterializeState {

  static final int FORMAT_VERSION = 1;

  static final String RANGE = "range";
  static final String INCREMENTAL = "incremental";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The unfinished run of one call, to resume when the same call is made again. */
  static final class Run {
    final String mode;
    final Instant start; // null for incremental runs
    final Instant end;
    final List<String> views;
    final Map<String, ViewRun> progress = new LinkedHashMap<>();

    Run(String mode, Instant start, Instant end, List<String> views) {
      this.mode = mode;
      this.start = start;
      this.end = end;
      this.views = List.copyOf(views);
    }

    /** Whether a call with these arguments is this run again. */
    boolean isSameCall(String otherMode, Instant otherStart, Instant otherEnd, List<String> names) {
      return mode.equals(otherMode)
          && Objects.equals(start, otherStart)
          && end.equals(otherEnd)
          && views.equals(names);
    }
  }

  /** One view's progress within a run. */
  static final class ViewRun {
    final Instant start;
    final Set<LocalDate> partitionsDone = new TreeSet<>();
    boolean complete;

    ViewRun(Instant start) {
      this.start = start;
    }
  }

  private final Map<String, Instant> materializedUntil = new TreeMap<>();
  Run run;

  /** The end of the view's last completed interval, empty if none was completed. */
  Optional<Instant> materializedUntil(String view) {
    return Optional.ofNullable(materializedUntil.get(view));
  }

  /** Records a completed interval; the mark never moves back. */
  void completed(String view, Instant end) {
    materializedUntil.merge(view, end, (a, b) -> a.isAfter(b) ? a : b);
  }

  /** The checkpoint in {@code file}, or an empty one if there is no such file. */
  static MaterializeState load(Path file) {
    MaterializeState state = new MaterializeState();
    if (!Files.exists(file)) {
      return state;
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          file + ": not a materialization checkpoint (malformed JSON): " + e.getOriginalMessage(),
          e);
    } catch (IOException e) {
      throw new UncheckedIOException("materialize: cannot read " + file, e);
    }
    Reader in = new Reader(file);
    in.keys(root, "", Set.of("format_version", "views", "run"));
    JsonNode version = root.path("format_version");
    if (!version.isInt() || version.intValue() != FORMAT_VERSION) {
      throw in.error("format_version", "must be " + FORMAT_VERSION, version);
    }
    Iterator<Map.Entry<String, JsonNode>> views = in.object(root, "views").fields();
    while (views.hasNext()) {
      Map.Entry<String, JsonNode> view = views.next();
      String path = "views." + view.getKey();
      in.keys(view.getValue(), path, Set.of("materialized_until"));
      state.materializedUntil.put(
          view.getKey(), in.instant(view.getValue(), path + ".materialized_until"));
    }
    JsonNode run = root.get("run");
    if (run != null && !run.isNull()) {
      in.keys(run, "run", Set.of("mode", "start", "end", "views", "progress"));
      String mode = run.path("mode").asText();
      if (!mode.equals(RANGE) && !mode.equals(INCREMENTAL)) {
        throw in.error(
            "run.mode", "must be '" + RANGE + "' or '" + INCREMENTAL + "'", run.get("mode"));
      }
      Instant start = run.hasNonNull("start") ? in.instant(run, "run.start") : null;
      List<String> names = new ArrayList<>();
      for (JsonNode name : in.array(run, "run.views")) {
        names.add(name.asText());
      }
      Run r = new Run(mode, start, in.instant(run, "run.end"), names);
      Iterator<Map.Entry<String, JsonNode>> progress = in.object(run, "run.progress").fields();
      while (progress.hasNext()) {
        Map.Entry<String, JsonNode> entry = progress.next();
        String path = "run.progress." + entry.getKey();
        JsonNode node = entry.getValue();
        in.keys(node, path, Set.of("start", "partitions_done", "complete"));
        ViewRun viewRun = new ViewRun(in.instant(node, path + ".start"));
        for (JsonNode date : in.array(node, path + ".partitions_done")) {
          viewRun.partitionsDone.add(in.date(date, path + ".partitions_done"));
        }
        viewRun.complete = node.path("complete").asBoolean(false);
        r.progress.put(entry.getKey(), viewRun);
      }
      state.run = r;
    }
    return state;
  }

  /** Writes the checkpoint to {@code file} atomically. */
  void save(Path file) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format_version", FORMAT_VERSION);
    ObjectNode views = root.putObject("views");
    materializedUntil.forEach(
        (view, until) -> views.putObject(view).put("materialized_until", until.toString()));
    if (run != null) {
      ObjectNode r = root.putObject("run");
      r.put("mode", run.mode);
      if (run.start != null) {
        r.put("start", run.start.toString());
      }
      r.put("end", run.end.toString());
      ArrayNode names = r.putArray("views");
      run.views.forEach(names::add);
      ObjectNode progress = r.putObject("progress");
      run.progress.forEach(
          (view, viewRun) -> {
            ObjectNode node = progress.putObject(view);
            node.put("start", viewRun.start.toString());
            ArrayNode dates = node.putArray("partitions_done");
            viewRun.partitionsDone.forEach(d -> dates.add(d.toString()));
            node.put("complete", viewRun.complete);
          });
    }
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.write(tmp, JSON.writeValueAsBytes(root));
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("materialize: cannot write the checkpoint " + file, e);
    }
  }

  /** Strict field access with errors naming the file, the JSON path and the value found. */
  private record Reader(Path file) {

    IllegalStateException error(String path, String rule, JsonNode found) {
      return new IllegalStateException(
          file + ": " + path + ": " + rule + ", found " + (found == null ? "nothing" : found));
    }

    void keys(JsonNode node, String path, Set<String> allowed) {
      if (!node.isObject()) {
        throw error(path.isEmpty() ? "(root)" : path, "must be an object", node);
      }
      node.fieldNames()
          .forEachRemaining(
              key -> {
                if (!allowed.contains(key)) {
                  throw error(
                      path.isEmpty() ? key : path + "." + key,
                      "unknown key (expected one of " + new TreeSet<>(allowed) + ")",
                      node.get(key));
                }
              });
    }

    JsonNode object(JsonNode parent, String path) {
      JsonNode node = parent.get(path.substring(path.lastIndexOf('.') + 1));
      if (node == null || node.isNull()) {
        return JSON.createObjectNode();
      }
      if (!node.isObject()) {
        throw error(path, "must be an object", node);
      }
      return node;
    }

    JsonNode array(JsonNode parent, String path) {
      JsonNode node = parent.get(path.substring(path.lastIndexOf('.') + 1));
      if (node == null || !node.isArray()) {
        throw error(path, "must be an array", node);
      }
      return node;
    }

    Instant instant(JsonNode parent, String path) {
      JsonNode node = parent.get(path.substring(path.lastIndexOf('.') + 1));
      try {
        return Instant.parse(node == null ? "" : node.asText());
      } catch (DateTimeParseException e) {
        throw error(path, "must be an ISO-8601 instant like 2026-11-01T00:00:00Z", node);
      }
    }

    LocalDate date(JsonNode node, String path) {
      try {
        return LocalDate.parse(node.asText());
      } catch (DateTimeParseException e) {
        throw error(path, "must be a date like 2026-11-01", node);
      }
    }
  }
}
