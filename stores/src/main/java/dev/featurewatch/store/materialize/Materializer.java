package dev.featurewatch.store.materialize;

import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.offline.file.FileSources;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Copies the latest offline row of each entity into the online store.
 *
 * <pre>{@code
 * try (OfflineStore offline = new OfflineStore(repo.resolve(".featurewatch/offline"));
 *     OnlineStore online = RocksDbOnlineStore.open(repo.resolve(".featurewatch/online"))) {
 *   Materializer materializer = new Materializer(
 *       offline, online, repo.resolve(".featurewatch/materialize/online.json"), Clock.systemUTC());
 *   materializer.materialize(views, start, end, progress -> System.out.println(progress));
 *   materializer.materializeIncremental(views, Instant.now(), MaterializeListener.NONE);
 * }
 * }</pre>
 *
 * <p><b>Algorithm.</b> For each online view (offline-only views are skipped), the date partitions
 * overlapping {@code [start, end)} are read newest date first, and only those. Partitions are by
 * the UTC date of the event time, so a key's latest row in the interval lies in the newest
 * partition holding the key: within a partition the latest row per key is kept ({@link
 * FeatureRow#supersedes}: event time, then created time, then the later written file), and a key
 * already written from a newer partition is not written again. Rows outside {@code [start, end)}
 * are ignored. Writes go out in batches of {@code batchRows}, {@value #WRITERS} batches at a time
 * (the online store is thread-safe, and each key is written once per call, so the order does not
 * matter): one batch is encoded while the store applies the other. The file source's rows of keys
 * no partition had, last, go out as one {@linkplain OnlineStore#load load}, which the embedded
 * store takes in as a table file when the view is empty.
 *
 * <p><b>Memory.</b> One partition's latest row per key, plus the set of keys written so far for the
 * view: both bounded by the number of distinct entities of the view in the interval (the set holds
 * keys only, not values). The offline scan itself holds one Arrow batch.
 *
 * <p><b>Resuming.</b> After each partition a JSON checkpoint (see {@link MaterializeState}) records
 * it as done, and a finished view as complete with the end of its interval. A call that fails (a
 * crash, a store error, a listener that throws) and is then made again with the same arguments
 * skips the views completed before and, within the interrupted view, the partitions done; any other
 * call starts a new run. Redoing a partition, or writing an older row after the set of written keys
 * was lost with the crash, is safe: online writes are idempotent and never replace a newer row.
 * Views completed by an interrupted run keep their {@code materialized_until}, so {@link
 * #materializeIncremental} continues from there.
 *
 * <p>Not safe for two concurrent runs against the same checkpoint file (the last to save wins; the
 * online store stays correct, the checkpoint may forget a completed interval).
 */
public final class Materializer {

  /** Online writes in flight at once, each from its own thread. */
  static final int WRITERS = 2;

  /** Rows per online write when none is given. */
  public static final int DEFAULT_BATCH_ROWS = 1_000;

  private final OfflineStore offline;
  private final OnlineStore online;
  private final Path stateFile;
  private final Clock clock;
  private final int batchRows;
  private final FileSources files;

  /**
   * @param stateFile the checkpoint, created on the first run (conventionally {@code
   *     <repo>/.featurewatch/materialize/<store>.json}); one per online store
   * @param clock the "now" of {@link #materializeIncremental}'s ttl default
   */
  public Materializer(OfflineStore offline, OnlineStore online, Path stateFile, Clock clock) {
    this(offline, online, stateFile, clock, DEFAULT_BATCH_ROWS);
  }

  /** As above, writing {@code batchRows} rows (at least 1) per online write. */
  public Materializer(
      OfflineStore offline, OnlineStore online, Path stateFile, Clock clock, int batchRows) {
    this(offline, null, online, stateFile, clock, batchRows);
  }

  /**
   * As above, also reading each view's file source (its own, or its stream or push source's batch
   * source) besides the offline store, as Feast's materialize reads a {@code FileSource}.
   */
  public Materializer(
      OfflineStore offline,
      FileSources files,
      OnlineStore online,
      Path stateFile,
      Clock clock,
      int batchRows) {
    this.files = files;
    this.offline = Objects.requireNonNull(offline, "offline");
    this.online = Objects.requireNonNull(online, "online");
    this.stateFile = Objects.requireNonNull(stateFile, "stateFile");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (batchRows < 1) {
      throw new IllegalArgumentException("batchRows must be >= 1: " + batchRows);
    }
    this.batchRows = batchRows;
  }

  /**
   * Materializes the rows of {@code views} with event time in {@code [start, end)}.
   *
   * @return the final progress of each view materialized by this call, in the order given
   * @throws IllegalArgumentException if {@code end} is not after {@code start}
   */
  public List<Progress> materialize(
      List<FeatureView> views, Instant start, Instant end, MaterializeListener listener) {
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException(
          "end must be after start: start " + start + ", end " + end);
    }
    return run(MaterializeState.RANGE, start, end, views, state -> view -> start, listener);
  }

  /**
   * Materializes each view from where its last completed interval ended to {@code end}; a view
   * never materialized starts at {@code now - ttl} if its ttl is positive, else at the start of its
   * earliest offline date. A view already materialized up to {@code end} or later is a no-op.
   *
   * @return the final progress of each view materialized by this call, in the order given
   */
  public List<Progress> materializeIncremental(
      List<FeatureView> views, Instant end, MaterializeListener listener) {
    return run(
        MaterializeState.INCREMENTAL,
        null,
        end,
        views,
        state -> view -> incrementalStart(state, view, end),
        listener);
  }

  /** The end of the view's last completed interval, empty if it was never materialized. */
  public Optional<Instant> materializedUntil(String view) {
    return MaterializeState.load(stateFile).materializedUntil(view);
  }

  private Instant incrementalStart(MaterializeState state, FeatureView view, Instant end) {
    Optional<Instant> until = state.materializedUntil(view.name());
    if (until.isPresent()) {
      return until.get();
    }
    if (!view.ttl().isZero()) {
      return clock.instant().minus(view.ttl());
    }
    if (files != null && files.fileSource(view).isPresent()) {
      return Instant.EPOCH; // the file source's rows have no date partitions to start from
    }
    List<LocalDate> dates = offline.dates(view.name());
    return dates.isEmpty() ? end : dates.get(0).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private List<Progress> run(
      String mode,
      Instant start,
      Instant end,
      List<FeatureView> views,
      Function<MaterializeState, Function<FeatureView, Instant>> startOf,
      MaterializeListener listener) {
    MaterializeState state = MaterializeState.load(stateFile);
    List<FeatureView> onlineViews = new ArrayList<>();
    for (FeatureView view : views) {
      if (view.online()) {
        onlineViews.add(view);
      } else {
        listener.skipped(view.name(), "offline only (online: false)");
      }
    }
    List<String> names = onlineViews.stream().map(FeatureView::name).toList();
    if (state.run == null || !state.run.isSameCall(mode, start, end, names)) {
      state.run = new MaterializeState.Run(mode, start, end, names);
      state.save(stateFile);
    }
    List<Progress> results = new ArrayList<>();
    for (FeatureView view : onlineViews) {
      MaterializeState.ViewRun viewRun = state.run.progress.get(view.name());
      if (viewRun != null && viewRun.complete) {
        listener.skipped(view.name(), "completed before the run was interrupted");
        continue;
      }
      if (viewRun == null) {
        viewRun = new MaterializeState.ViewRun(startOf.apply(state).apply(view));
        state.run.progress.put(view.name(), viewRun);
      }
      results.add(materializeView(state, view, viewRun, end, listener));
    }
    state.run = null;
    state.save(stateFile);
    return results;
  }

  private Progress materializeView(
      MaterializeState state,
      FeatureView view,
      MaterializeState.ViewRun viewRun,
      Instant end,
      MaterializeListener listener) {
    Instant start = viewRun.start;
    List<LocalDate> dates = new ArrayList<>();
    if (start.isBefore(end)) {
      LocalDate first = LocalDate.ofInstant(start, ZoneOffset.UTC);
      LocalDate last = LocalDate.ofInstant(end.minusNanos(1), ZoneOffset.UTC);
      for (LocalDate date : offline.dates(view.name())) {
        if (!date.isBefore(first) && !date.isAfter(last)) {
          dates.add(date);
        }
      }
    }
    dates.sort(Comparator.reverseOrder());
    int done = (int) dates.stream().filter(viewRun.partitionsDone::contains).count();
    // the file source's latest row per key; merged with the store's partitions, newest first,
    // as they are written, the rest written last (a resumed run reads the files again)
    LatestFileRows fromFiles =
        start.isBefore(end) && this.files != null
            ? LatestFileRows.read(this.files, view, start, end, listener)
            : LatestFileRows.none(view);
    long rowsRead = fromFiles.rowsRead();
    long keysWritten = 0;
    Progress progress = new Progress(view.name(), start, end, done, dates.size(), rowsRead, 0);
    Set<EntityKey> written = new HashSet<>();
    if (done == dates.size()) {
      keysWritten += writeRemaining(view, fromFiles);
      finish(state, view, viewRun, end);
      progress = new Progress(view.name(), start, end, done, dates.size(), rowsRead, keysWritten);
      listener.progress(progress);
      return progress;
    }
    for (LocalDate date : dates) {
      if (viewRun.partitionsDone.contains(date)) {
        continue;
      }
      Map<EntityKey, FeatureRow> latest = new HashMap<>();
      long[] read = {0};
      offline.scan(
          view,
          date,
          date,
          row -> {
            if (row.eventTime().isBefore(start) || !row.eventTime().isBefore(end)) {
              return;
            }
            read[0]++;
            if (!written.contains(row.key())) {
              latest.merge(row.key(), row, (kept, next) -> next.supersedes(kept) ? next : kept);
            }
          });
      List<FeatureRow> rows = new ArrayList<>(latest.size());
      for (FeatureRow row : latest.values()) {
        FeatureRow file = fromFiles.take(row.key());
        rows.add(file != null && file.supersedes(row) ? file : row);
      }
      latest.clear();
      writeRows(view, rows);
      rows.forEach(row -> written.add(row.key()));
      rowsRead += read[0];
      keysWritten += rows.size();
      done++;
      viewRun.partitionsDone.add(date);
      if (done == dates.size()) {
        keysWritten += writeRemaining(view, fromFiles);
        finish(state, view, viewRun, end);
      } else {
        state.save(stateFile);
      }
      progress = new Progress(view.name(), start, end, done, dates.size(), rowsRead, keysWritten);
      listener.progress(progress);
    }
    return progress;
  }

  /**
   * Writes the file source's rows of keys no partition had, as one {@linkplain OnlineStore#load
   * load} (the bulk of a view read from a file source alone); returns how many.
   */
  private long writeRemaining(FeatureView view, LatestFileRows fromFiles) {
    OnlineStore.Load load = online.load(view);
    List<Callable<Integer>> batches = new ArrayList<>();
    for (Supplier<List<FeatureRow>> batch : fromFiles.remaining(batchRows)) {
      batches.add(
          () -> {
            List<FeatureRow> made = batch.get();
            load.add(made);
            return made.size();
          });
    }
    long written =
        Workers.all(view.name(), WRITERS, batches).stream().mapToLong(Integer::longValue).sum();
    load.commit();
    return written;
  }

  /**
   * Writes {@code rows}, of distinct keys, in batches from {@value #WRITERS} threads; returns when
   * all are written. On a failure the batches not started are dropped, those under way end, and the
   * first failure is thrown.
   */
  private void writeRows(FeatureView view, List<FeatureRow> rows) {
    List<Callable<Integer>> batches = new ArrayList<>();
    for (int from = 0; from < rows.size(); from += batchRows) {
      List<FeatureRow> batch = rows.subList(from, Math.min(rows.size(), from + batchRows));
      batches.add(
          () -> {
            online.write(view, batch);
            return batch.size();
          });
    }
    Workers.all(view.name(), WRITERS, batches);
  }

  private void finish(
      MaterializeState state, FeatureView view, MaterializeState.ViewRun viewRun, Instant end) {
    viewRun.complete = true;
    state.completed(view.name(), end);
    state.save(stateFile);
  }
}
