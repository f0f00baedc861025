package dev.featurewatch.store.online;

import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the online store holds for one entity key of one view at read time: per feature a value and
 * a Feast status. Immutable.
 *
 * <p>Statuses follow Feast's serving order: a missing row gives {@code NOT_FOUND} for every
 * feature; otherwise a null value gives {@code NULL_VALUE}, a row older than the view's ttl gives
 * {@code OUTSIDE_MAX_AGE} and anything else {@code PRESENT}. The values of an {@code
 * OUTSIDE_MAX_AGE} row are kept so that the caller decides whether to show them (Feast's servers
 * answer them as null).
 *
 * @param key the entity key that was asked for
 * @param values one per feature of the view, in the view's order; all null when not found
 * @param statuses one per feature, aligned with {@code values}
 * @param eventTime the row's event time (microsecond precision), or null when not found
 */
public record OnlineValue(
    EntityKey key, List<Object> values, List<FeatureStatus> statuses, Instant eventTime) {

  private static final Logger LOG = LoggerFactory.getLogger(OnlineValue.class);
  private static final Set<String> VIEWS_WITH_INVALID_ROWS = ConcurrentHashMap.newKeySet();

  public OnlineValue {
    Objects.requireNonNull(key, "key");
    values = Collections.unmodifiableList(new ArrayList<>(values));
    statuses = List.copyOf(statuses);
    if (values.size() != statuses.size()) {
      throw new IllegalArgumentException(
          "values and statuses must be aligned: " + values.size() + " != " + statuses.size());
    }
  }

  /** The value for a key the store has no row for. */
  public static OnlineValue notFound(FeatureView view, EntityKey key) {
    int n = view.features().size();
    return new OnlineValue(
        key, Collections.nCopies(n, null), Collections.nCopies(n, FeatureStatus.NOT_FOUND), null);
  }

  /**
   * The value of a key whose stored row cannot be decoded as {@code view} declares it: every
   * feature {@link FeatureStatus#INVALID}, so that one bad row spoils its key, not the whole read.
   */
  public static OnlineValue invalid(FeatureView view, EntityKey key) {
    int n = view.features().size();
    return new OnlineValue(
        key, Collections.nCopies(n, null), Collections.nCopies(n, FeatureStatus.INVALID), null);
  }

  /**
   * The value served for the stored encoding of a row ({@link RowCodec}) at {@code now}, or {@link
   * #invalid} when it does not decode. The first such row of each view is logged as a warning (the
   * usual cause, a forced schema change, spoils every row of the view at once), later ones at debug
   * level; servers count them by status.
   */
  public static OnlineValue stored(FeatureView view, EntityKey key, byte[] bytes, Instant now) {
    FeatureRow row;
    try {
      row = RowCodec.decode(view, key, bytes);
    } catch (IllegalArgumentException e) {
      if (VIEWS_WITH_INVALID_ROWS.add(view.name())) {
        LOG.warn(
            "{} (key {}; further invalid rows of this view logged at debug)", e.getMessage(), key);
      } else {
        LOG.debug("{} (key {})", e.getMessage(), key);
      }
      return invalid(view, key);
    }
    return of(view, row, now);
  }

  /**
   * The value served for a stored row at {@code now}: stale when {@code now - eventTime} exceeds
   * the view's ttl (a row exactly ttl old is still {@code PRESENT}; ttl zero means no limit).
   */
  public static OnlineValue of(FeatureView view, FeatureRow row, Instant now) {
    boolean fresh = view.withinTtl(Duration.between(row.eventTime(), now));
    List<FeatureStatus> statuses = new ArrayList<>(row.values().size());
    for (Object value : row.values()) {
      statuses.add(
          value == null
              ? FeatureStatus.NULL_VALUE
              : fresh ? FeatureStatus.PRESENT : FeatureStatus.OUTSIDE_MAX_AGE);
    }
    return new OnlineValue(row.key(), row.values(), statuses, row.eventTime());
  }

  /** Whether the store had a readable row for the key (fresh or stale). */
  public boolean found() {
    return eventTime != null;
  }

  /** The status of the feature at {@code index} in the view's order. */
  public FeatureStatus status(int index) {
    return statuses.get(index);
  }

  /** The value of the feature at {@code index} in the view's order; null when missing. */
  public Object value(int index) {
    return values.get(index);
  }
}
