package dev.featurewatch.store.offline.join;

import dev.featurewatch.store.definition.FeatureReference;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.offline.arrow.OfflineFormat;
import dev.featurewatch.store.offline.file.FileSources;
import dev.featurewatch.store.offline.file.SourceLayout;
import dev.featurewatch.store.offline.file.ViewBatches;
import dev.featurewatch.store.row.Times;
import dev.featurewatch.store.sort.RowSort;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Point-in-time join: for each entity row, the latest feature row of each requested view with
 * {@code event time ≤ row timestamp} and, unless the view's ttl is zero, {@code event time ≥ row
 * timestamp − ttl} (both ends included); among rows of the same event time the later created time
 * wins, and among rows equal in both the later written. No match gives nulls. Every entity row is
 * kept, in input order. This is pandas' {@code merge_asof(direction="backward",
 * allow_exact_matches=True, tolerance=ttl)} per view, checked against it on golden data.
 *
 * <pre>{@code
 * try (JoinResult result = new PointInTimeJoin(store).join(entities,
 *     List.of(new PointInTimeJoin.Request(driverStats, List.of("trips", "rating"))))) {
 *   result.writeCsv(Path.of("training.csv"));
 * }
 * }</pre>
 *
 * <p>Sort-merge over primitive columns, never one object per row: see the package documentation for
 * the algorithm, the memory bound and the limits.
 */
public final class PointInTimeJoin {

  /** The features wanted from one view, in output order. */
  public record Request(FeatureView view, List<String> features) {
    public Request {
      Objects.requireNonNull(view, "view");
      features = List.copyOf(features);
      for (String feature : features) {
        if (view.indexOf(feature) < 0) {
          throw new IllegalArgumentException(
              "feature view '"
                  + view.name()
                  + "' has no feature '"
                  + feature
                  + "': it has "
                  + view.features().stream().map(Field::name).toList());
        }
      }
    }

    /**
     * The requests for {@code references}, as {@code historical} and Feast's remote offline store
     * ask for features: grouped by view in the order each view is first named, a whole view ({@code
     * view}) expanded to its features, a feature named twice asked once.
     *
     * @throws IllegalArgumentException naming the view or feature the repository does not have
     */
    public static List<Request> grouped(
        FeatureRepository repository, List<FeatureReference> references) {
      Map<String, Set<String>> byView = new LinkedHashMap<>();
      for (FeatureReference reference : references) {
        FeatureView view =
            repository
                .featureView(reference.view())
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "no feature view '" + reference.view() + "' in the registry"));
        Set<String> names = byView.computeIfAbsent(view.name(), v -> new LinkedHashSet<>());
        if (reference.isWholeView()) {
          view.features().forEach(f -> names.add(f.name()));
        } else if (view.feature(reference.feature()).isEmpty()) {
          throw new IllegalArgumentException(
              "feature view '" + view.name() + "' has no feature '" + reference.feature() + "'");
        } else {
          names.add(reference.feature());
        }
      }
      List<Request> requests = new ArrayList<>();
      byView.forEach(
          (view, names) ->
              requests.add(
                  new Request(repository.featureView(view).orElseThrow(), List.copyOf(names))));
      return requests;
    }
  }

  /** The ttl of a view without a limit, in microseconds. */
  static final long NO_LIMIT = Long.MAX_VALUE;

  private final OfflineStore store;
  private final FileSources files;
  private final int threads;

  /** A join over the offline store only, up to as many views at a time as there are processors. */
  public PointInTimeJoin(OfflineStore store) {
    this(store, null, Runtime.getRuntime().availableProcessors());
  }

  /**
   * A join over each view's file source (its own, or its stream or push source's batch source),
   * then the offline store, whose rows are read after and so win ties of equal event and created
   * time; up to as many views at a time as there are processors.
   */
  public PointInTimeJoin(OfflineStore store, FileSources files) {
    this(store, Objects.requireNonNull(files, "files"), Runtime.getRuntime().availableProcessors());
  }

  /**
   * A join that reads, sorts and merges up to {@code threads} views at a time (1: all on the
   * calling thread). Each view in progress holds its own sort arrays: see the package documentation
   * for the memory this takes.
   */
  public PointInTimeJoin(OfflineStore store, int threads) {
    this(store, null, threads);
  }

  private PointInTimeJoin(OfflineStore store, FileSources files, int threads) {
    this.store = Objects.requireNonNull(store, "store");
    this.files = files;
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, found " + threads);
    }
    this.threads = threads;
  }

  /** The join, output columns named by feature ({@code trips}); names must not collide. */
  public JoinResult join(EntityRows entities, List<Request> requests) {
    return join(entities, requests, false);
  }

  /**
   * The join.
   *
   * @param fullFeatureNames name output columns {@code view__feature} (Feast's full feature names)
   * @throws IllegalArgumentException if a view's join key is not among the entity columns or of
   *     another type, or output column names collide
   */
  public JoinResult join(EntityRows entities, List<Request> requests, boolean fullFeatureNames) {
    List<String> columnNames = new ArrayList<>();
    entities.joinKeys().forEach(k -> columnNames.add(k.name()));
    columnNames.add(OfflineFormat.EVENT_TIMESTAMP);
    Set<String> seen = new HashSet<>(columnNames);
    for (Request request : requests) {
      for (String feature : request.features()) {
        String name = fullFeatureNames ? request.view().name() + "__" + feature : feature;
        if (!seen.add(name)) {
          throw new IllegalArgumentException(
              "output column '"
                  + name
                  + "' would appear twice: ask for full feature names (view__feature)");
        }
        columnNames.add(name);
      }
    }
    BufferAllocator allocator = new RootAllocator();
    List<Joined> joined = new ArrayList<>();
    try {
      List<FutureTask<SortedEntities>> entitySorts = new ArrayList<>();
      List<Supplier<Joined>> tasks = plan(entities, requests, allocator, entitySorts);
      run(entitySorts, tasks, joined);
      return new JoinResult(
          entities,
          columnNames,
          joined.stream().map(Joined::columns).toList(),
          joined.stream().map(Joined::match).toList(),
          allocator);
    } catch (RuntimeException | Error e) {
      joined.forEach(j -> j.columns().close());
      allocator.close();
      throw e;
    }
  }

  /** One view's part of the join: its columns and, per entity row, the matched view row or -1. */
  private record Joined(ViewColumns columns, int[] match) {}

  /**
   * The entity rows' keys as one {@code long} per row, and the rows sorted by (key, timestamp), for
   * the views on one set of join keys.
   */
  private record SortedEntities(KeyOrdinals keys, RowSort.Sorted sorted) {
    static SortedEntities of(EntityRows entities, long[][] keyColumns, List<Field> joinKeys) {
      KeyOrdinals keys =
          new KeyOrdinals(keyColumns, joinKeys.stream().map(Field::type).toList(), entities.size());
      int[] rows = new int[entities.size()];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = i;
      }
      return new SortedEntities(keys, RowSort.sort(rows, 2, keys.entity, entities.timestamps()));
    }
  }

  /**
   * On the calling thread, so that a bad request fails before any work starts: per view, which
   * files and the check of its join keys against the entity rows. Returns one task per view, in
   * request order, that reads, sorts and merges it; adds to {@code entitySorts} the sort of the
   * entity rows, one per set of join keys, which a view's task runs (or waits for) before its merge
   * and which {@link #run} starts first, beside the views' reading.
   */
  private List<Supplier<Joined>> plan(
      EntityRows entities,
      List<Request> requests,
      BufferAllocator allocator,
      List<FutureTask<SortedEntities>> entitySorts) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    long[] timestamps = entities.timestamps();
    for (int i = 0; i < entities.size(); i++) {
      min = Math.min(min, timestamps[i]);
      max = Math.max(max, timestamps[i]);
    }
    Map<List<String>, FutureTask<SortedEntities>> sortedEntities = new HashMap<>();
    List<Supplier<Joined>> tasks = new ArrayList<>();
    for (Request request : requests) {
      FeatureView view = request.view();
      List<Field> features =
          request.features().stream().map(f -> view.features().get(view.indexOf(f))).toList();
      long ttl = view.ttl().isZero() ? NO_LIMIT : micros(view.ttl());
      List<Path> storeFiles =
          entities.size() == 0
              ? List.of()
              : store.files(view.name(), ttl == NO_LIMIT ? null : lowerDate(min, ttl), date(max));
      List<Field> joinKeys =
          files != null && files.fileSource(view).isPresent()
              ? files.joinKeys(view)
              : storeFiles.isEmpty()
                  ? List.of()
                  : joinKeys(storeFiles.get(0), view.name(), allocator);
      List<Supplier<ViewBatches>> inputs = new ArrayList<>();
      if (files != null && entities.size() > 0) {
        long from = ttl == NO_LIMIT || min - ttl > min ? Long.MIN_VALUE : min - ttl;
        inputs.addAll(files.read(view, joinKeys, features, from, max, allocator));
      }
      SourceLayout storeLayout = SourceLayout.offlineStore(view.name(), joinKeys, features);
      for (Path file : storeFiles) {
        inputs.add(() -> FileSources.openStoreFile(file, storeLayout, allocator));
      }
      if (inputs.isEmpty()) {
        tasks.add(
            () ->
                new Joined(
                    ViewColumns.read(features, List.of(), List.of(), entities, allocator),
                    noMatches(entities)));
        continue;
      }
      long[][] keyColumns = entityColumns(entities, view, joinKeys);
      FutureTask<SortedEntities> entitySort =
          sortedEntities.computeIfAbsent(
              joinKeys.stream().map(Field::name).toList(),
              k -> {
                FutureTask<SortedEntities> sort =
                    new FutureTask<>(() -> SortedEntities.of(entities, keyColumns, joinKeys));
                entitySorts.add(sort);
                return sort;
              });
      tasks.add(
          () -> {
            ViewColumns columns = ViewColumns.read(features, joinKeys, inputs, entities, allocator);
            try {
              SortedEntities side = result(entitySort);
              int[] match = noMatches(entities);
              match(side.sorted(), sortedView(side.keys(), columns), ttl, match);
              return new Joined(columns, match);
            } catch (RuntimeException | Error e) {
              columns.close();
              throw e;
            }
          });
    }
    return tasks;
  }

  /**
   * The result of {@code task}, run here if no thread has started it, else waited for (a task runs
   * once).
   */
  private static <T> T result(FutureTask<T> task) {
    task.run();
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException e) {
          interrupted = true; // the task is running and will end: wait on
        } catch (ExecutionException e) {
          if (e.getCause() instanceof Error error) {
            throw error;
          }
          throw (RuntimeException) e.getCause(); // a Callable of ours throws nothing else
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static int[] noMatches(EntityRows entities) {
    int[] match = new int[entities.size()];
    Arrays.fill(match, -1);
    return match;
  }

  /**
   * Runs the tasks on up to {@link #threads} threads, adding their results to {@code joined} in
   * task order; the entity sorts are started first, so that one runs beside a view's reading. On a
   * failure it still waits for every task, so that all the results that did come are in {@code
   * joined} for the caller to close, then throws the first failure as it was.
   */
  private void run(
      List<FutureTask<SortedEntities>> entitySorts,
      List<Supplier<Joined>> tasks,
      List<Joined> joined) {
    int poolSize = Math.min(threads, tasks.size() + entitySorts.size());
    if (poolSize <= 1) {
      for (Supplier<Joined> task : tasks) {
        joined.add(task.get());
      }
      return;
    }
    // the tasks allocate from one root allocator: Arrow's allocators account with atomics, they
    // are made to be shared by threads
    ExecutorService pool =
        Executors.newFixedThreadPool(
            poolSize,
            r -> {
              Thread thread = new Thread(r, "point-in-time-join");
              thread.setDaemon(true);
              return thread;
            });
    try {
      entitySorts.forEach(pool::execute); // a view's task waits for its sort, or runs it
      List<Future<Joined>> futures = new ArrayList<>();
      for (Supplier<Joined> task : tasks) {
        futures.add(pool.submit(task::get));
      }
      Throwable failure = null;
      boolean interrupted = false;
      for (Future<Joined> future : futures) {
        while (true) {
          try {
            joined.add(future.get());
            break;
          } catch (ExecutionException e) {
            failure = failure == null ? e.getCause() : failure;
            break;
          } catch (InterruptedException e) {
            interrupted = true; // wait on: the task's result must still be closed
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (failure instanceof Error e) {
        throw e;
      } else if (failure != null) {
        throw (RuntimeException) failure; // a Supplier throws nothing else
      }
    } finally {
      pool.shutdown();
    }
  }

  /** The join keys of one of the offline store's files, from its schema. */
  private static List<Field> joinKeys(Path file, String view, BufferAllocator allocator) {
    SourceLayout any = SourceLayout.offlineStore(view, List.of(), List.of());
    try (ViewBatches batches = FileSources.openStoreFile(file, any, allocator)) {
      return OfflineFormat.joinKeys(batches.batch().getSchema());
    }
  }

  /** The entity columns of {@code view}'s join keys, in the view's (name-sorted) order. */
  private static long[][] entityColumns(
      EntityRows entities, FeatureView view, List<Field> joinKeys) {
    long[][] columns = new long[joinKeys.size()][];
    for (int k = 0; k < joinKeys.size(); k++) {
      Field key = joinKeys.get(k);
      int column = entities.joinKeys().stream().map(Field::name).toList().indexOf(key.name());
      if (column < 0 || entities.joinKeys().get(column).type() != key.type()) {
        throw new IllegalArgumentException(
            "feature view '"
                + view.name()
                + "' is joined on '"
                + key.name()
                + "' ("
                + key.type().id()
                + "), but the entity rows have "
                + entities.joinKeys().stream()
                    .map(f -> f.name() + " (" + f.type().id() + ")")
                    .toList());
      }
      columns[k] = entities.keyColumn(column);
    }
    return columns;
  }

  /**
   * The view rows that can match, sorted by (key, event time, created time, file order), with their
   * keys and event times in that order.
   */
  static RowSort.Sorted sortedView(KeyOrdinals keys, ViewColumns view) {
    KeyOrdinals.ViewKeys viewKeys = keys.view(view.keys, view.size);
    int[] input = viewKeys.rows();
    if (view.filesSorted) {
      // each file in (key, event, created) order: sorted by key alone, the rows of a key are in
      // file order, which is their time order unless files overlap in time (checked)
      RowSort.Sorted byKey = RowSort.sortByFirst(input, viewKeys.ordinals(), view.event);
      if (timesInOrder(byKey, view.created)) {
        return byKey;
      }
      // rows equal in (key, event, created) are still in file order: a stable sort keeps it
      input = byKey.rows();
    }
    RowSort.Sorted sorted = RowSort.sort(input, 2, viewKeys.ordinals(), view.event);
    // the created time only orders rows of equal key and event time: rare, so it joins the sort
    // only when such rows are out of created order (about one more sort if it does)
    long[] key = sorted.values()[0];
    long[] event = sorted.values()[1];
    int[] rows = sorted.rows();
    long[] created = view.created;
    for (int i = 1; i < rows.length; i++) {
      if (event[i] == event[i - 1]
          && key[i] == key[i - 1]
          && created[rows[i]] < created[rows[i - 1]]) {
        return RowSort.sort(rows, 2, viewKeys.ordinals(), view.event, view.created);
      }
    }
    return sorted;
  }

  /** True if the rows of each key are in (event, created) order in {@code sorted}. */
  private static boolean timesInOrder(RowSort.Sorted sorted, long[] created) {
    long[] key = sorted.values()[0];
    long[] event = sorted.values()[1];
    int[] rows = sorted.rows();
    for (int i = 1; i < rows.length; i++) {
      if (key[i] == key[i - 1]
          && (event[i] < event[i - 1]
              || (event[i] == event[i - 1] && created[rows[i]] < created[rows[i - 1]]))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The merge of the sorted entity rows (key, timestamp) with the sorted view rows (key, event
   * time): {@code match[e]} becomes the view row joined to entity row {@code e}, or stays -1.
   * {@code ttl} is in microseconds, {@link #NO_LIMIT} for none. Reads both sides in order.
   */
  static void match(RowSort.Sorted entities, RowSort.Sorted view, long ttl, int[] match) {
    int[] entityRows = entities.rows();
    long[] entityKey = entities.values()[0];
    long[] ts = entities.values()[1];
    int[] viewRows = view.rows();
    long[] viewKey = view.values()[0];
    long[] event = view.values()[1];
    int v = 0;
    int best = -1; // the last view position seen with (key, event) ≤ the current entity row's
    for (int i = 0; i < entityRows.length; i++) {
      long key = entityKey[i];
      while (v < viewRows.length
          && (viewKey[v] < key || (viewKey[v] == key && event[v] <= ts[i]))) {
        best = v++;
      }
      if (best >= 0 && viewKey[best] == key && ts[i] - event[best] <= ttl) {
        match[entityRows[i]] = viewRows[best];
      }
    }
  }

  /** The ttl in microseconds (finer parts truncated), saturating at {@link #NO_LIMIT}. */
  static long micros(Duration ttl) {
    try {
      return Times.micros(ttl);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * The date of {@code min − ttl}, or null (unbounded) if that is before any representable time.
   */
  private static LocalDate lowerDate(long min, long ttl) {
    long lower = min - ttl;
    return lower > min ? null : date(lower);
  }

  private static LocalDate date(long micros) {
    return LocalDate.ofInstant(OfflineFormat.instant(micros), ZoneOffset.UTC);
  }
}
