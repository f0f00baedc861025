package dev.featurewatch.store.offline.join;

import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.offline.arrow.OfflineFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;

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
  }

  /** The ttl of a view without a limit, in microseconds. */
  static final long NO_LIMIT = Long.MAX_VALUE;

  private final OfflineStore store;

  public PointInTimeJoin(OfflineStore store) {
    this.store = Objects.requireNonNull(store, "store");
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
    List<ViewColumns> views = new ArrayList<>();
    List<int[]> matches = new ArrayList<>();
    try {
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      long[] timestamps = entities.timestamps();
      for (int i = 0; i < entities.size(); i++) {
        min = Math.min(min, timestamps[i]);
        max = Math.max(max, timestamps[i]);
      }
      // views on the same join keys share one sort of the entity rows
      Map<List<String>, int[]> entityOrders = new HashMap<>();
      for (Request request : requests) {
        FeatureView view = request.view();
        List<Field> features =
            request.features().stream().map(f -> view.features().get(view.indexOf(f))).toList();
        long ttl = view.ttl().isZero() ? NO_LIMIT : micros(view.ttl());
        List<Path> files =
            entities.size() == 0
                ? List.of()
                : store.files(view.name(), ttl == NO_LIMIT ? null : lowerDate(min, ttl), date(max));
        List<Field> joinKeys = files.isEmpty() ? null : joinKeys(files.get(0));
        ViewColumns columns =
            files.isEmpty()
                ? ViewColumns.read(view, features, List.of(), List.of(), entities, allocator)
                : ViewColumns.read(view, features, joinKeys, files, entities, allocator);
        views.add(columns);
        int[] match = new int[entities.size()];
        Arrays.fill(match, -1);
        if (!files.isEmpty()) {
          long[][] keyColumns = entityColumns(entities, view, joinKeys);
          int[] entityOrder =
              entityOrders.computeIfAbsent(
                  columns.joinKeys, k -> entityOrder(entities, keyColumns));
          match(entities, keyColumns, entityOrder, columns, ttl, match);
        }
        matches.add(match);
      }
      return new JoinResult(entities, columnNames, views, matches, allocator);
    } catch (RuntimeException e) {
      views.forEach(ViewColumns::close);
      allocator.close();
      throw e;
    }
  }

  private static List<Field> joinKeys(Path file) {
    try (BufferAllocator allocator = new RootAllocator();
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
      return OfflineFormat.joinKeys(reader.getVectorSchemaRoot().getSchema());
    } catch (IOException e) {
      throw new UncheckedIOException("offline store: cannot read " + file, e);
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
   * The merge: {@code match[e]} becomes the view row joined to entity row {@code e}, or stays -1.
   * {@code ttl} is in microseconds, {@link #NO_LIMIT} for none.
   */
  static void match(
      EntityRows entities,
      long[][] entityKeys,
      int[] entityOrder,
      ViewColumns view,
      long ttl,
      int[] match) {
    long[] ts = entities.timestamps();
    long[][] viewKeys = view.keys;
    long[] event = view.event;
    long[] created = view.created;
    int[] viewOrder =
        PermutationSort.sortedIndices(
            view.size,
            (a, b) -> {
              int c = compare(viewKeys, a, viewKeys, b);
              if (c == 0) {
                c = Long.compare(event[a], event[b]);
              }
              return c != 0 ? c : Long.compare(created[a], created[b]);
            });
    int v = 0;
    int best = -1; // the last view row seen with event time ≤ the current entity timestamp
    for (int e : entityOrder) {
      while (v < viewOrder.length) {
        int r = viewOrder[v];
        int c = compare(viewKeys, r, entityKeys, e);
        if (c > 0 || (c == 0 && event[r] > ts[e])) {
          break;
        }
        best = r;
        v++;
      }
      if (best >= 0 && compare(viewKeys, best, entityKeys, e) == 0 && ts[e] - event[best] <= ttl) {
        match[e] = best;
      }
    }
  }

  /** The entity rows sorted by (keys, timestamp), as indices. */
  static int[] entityOrder(EntityRows entities, long[][] entityKeys) {
    long[] ts = entities.timestamps();
    return PermutationSort.sortedIndices(
        entities.size(),
        (a, b) -> {
          int c = compare(entityKeys, a, entityKeys, b);
          return c != 0 ? c : Long.compare(ts[a], ts[b]);
        });
  }

  private static int compare(long[][] left, int a, long[][] right, int b) {
    for (int k = 0; k < left.length; k++) {
      int c = Long.compare(left[k][a], right[k][b]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** The ttl in microseconds (finer parts truncated), saturating at {@link #NO_LIMIT}. */
  static long micros(Duration ttl) {
    try {
      return Math.addExact(Math.multiplyExact(ttl.getSeconds(), 1_000_000L), ttl.getNano() / 1000);
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
