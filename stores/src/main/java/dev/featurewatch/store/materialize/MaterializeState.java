package dev.featurewatch.store.materialize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.json.JsonChecks;
import dev.featurewatch.json.JsonFields;
import dev.featurewatch.json.Problems;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
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

  /**
   * The checkpoint in {@code file}, or an empty one if there is no such file.
   *
   * @throws IllegalStateException for a file that is not a checkpoint of this version: "FILE: PATH:
   *     RULE, found VALUE"
   */
  static MaterializeState load(Path file) {
    MaterializeState state = new MaterializeState();
    if (!Files.exists(file)) {
      return state;
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          file + ": not a materialization checkpoint (malformed JSON): " + e.getOriginalMessage(),
          e);
    } catch (IOException e) {
      throw new UncheckedIOException("materialize: cannot read " + file, e);
    }
    Problems<IllegalStateException> problems =
        (path, rule) ->
            new IllegalStateException(file + ": " + (path.isEmpty() ? "" : path + ": ") + rule);
    JsonFields<IllegalStateException> root = JsonFields.of(tree, "", problems);
    JsonNode version = root.required("format_version");
    if (!version.isInt() || version.intValue() != FORMAT_VERSION) {
      throw JsonChecks.wrongType(
          root.pathOf("format_version"), String.valueOf(FORMAT_VERSION), version, problems);
    }
    if (root.has("views")) {
      JsonFields<IllegalStateException> views = root.object("views");
      for (String name : views.keys()) {
        JsonFields<IllegalStateException> view = views.object(name);
        state.materializedUntil.put(name, instant(view, "materialized_until"));
        view.rejectUnknownKeys();
      }
    }
    if (root.has("run")) {
      state.run = run(root.object("run"), problems);
    }
    root.rejectUnknownKeys();
    return state;
  }

  /** The unfinished run of a checkpoint; a view's {@code complete} is false when left out. */
  private static Run run(
      JsonFields<IllegalStateException> run, Problems<IllegalStateException> problems) {
    String mode = run.text("mode");
    if (!mode.equals(RANGE) && !mode.equals(INCREMENTAL)) {
      throw run.problem(
          "mode",
          "must be '"
              + RANGE
              + "' or '"
              + INCREMENTAL
              + "', found "
              + JsonChecks.describe(run.get("mode")));
    }
    Instant start = run.has("start") ? instant(run, "start") : null;
    List<String> names = new ArrayList<>();
    List<JsonNode> items = run.array("views");
    for (int i = 0; i < items.size(); i++) {
      names.add(JsonChecks.text(items.get(i), JsonChecks.index(run.pathOf("views"), i), problems));
    }
    Run r = new Run(mode, start, instant(run, "end"), names);
    if (run.has("progress")) {
      JsonFields<IllegalStateException> progress = run.object("progress");
      for (String name : progress.keys()) {
        JsonFields<IllegalStateException> view = progress.object(name);
        ViewRun viewRun = new ViewRun(instant(view, "start"));
        List<JsonNode> dates = view.array("partitions_done");
        for (int i = 0; i < dates.size(); i++) {
          viewRun.partitionsDone.add(
              date(dates.get(i), JsonChecks.index(view.pathOf("partitions_done"), i), problems));
        }
        viewRun.complete = view.has("complete") && view.bool("complete");
        view.rejectUnknownKeys();
        r.progress.put(name, viewRun);
      }
    }
    run.rejectUnknownKeys();
    return r;
  }

  /** The instant at {@code key}: an ISO-8601 string like {@code 2026-11-01T00:00:00Z}. */
  private static Instant instant(JsonFields<IllegalStateException> object, String key) {
    JsonNode value = object.required(key);
    if (value.isTextual()) {
      try {
        return Instant.parse(value.textValue());
      } catch (DateTimeParseException e) {
        // reported below, as a value of another type is
      }
    }
    throw object.problem(
        key,
        "must be an ISO-8601 instant like 2026-11-01T00:00:00Z, found "
            + JsonChecks.describe(value));
  }

  /** A partition's date: a string like {@code 2026-11-01}. */
  private static LocalDate date(
      JsonNode value, String path, Problems<IllegalStateException> problems) {
    if (value.isTextual()) {
      try {
        return LocalDate.parse(value.textValue());
      } catch (DateTimeParseException e) {
        // reported below, as a value of another type is
      }
    }
    throw JsonChecks.wrongType(path, "a date like 2026-11-01", value, problems);
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
}
