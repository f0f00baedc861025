package dev.featurewatch.store.online;

import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import dev.featurewatch.store.row.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.Arrays;
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
 * <p>A server builds one of these per key and view of every request (500 for 100 entities of 5
 * views), so it holds the decoded values as they come and one state for the whole row, from which
 * each feature's status follows; nothing is copied or computed per feature until asked.
 */
public final class OnlineValue {

  private static final Logger LOG = LoggerFactory.getLogger(OnlineValue.class);
  private static final Set<String> VIEWS_WITH_INVALID_ROWS = ConcurrentHashMap.newKeySet();

  /** The status of a whole row; a feature's status follows from it and its value. */
  private enum State {
    NOT_FOUND,
    INVALID,
    FRESH,
    STALE
  }

  private final EntityKey key;
  private final Object[] values;
  private final State state;
  private final Instant eventTime;

  private OnlineValue(EntityKey key, Object[] values, State state, Instant eventTime) {
    this.key = Objects.requireNonNull(key, "key");
    this.values = values;
    this.state = state;
    this.eventTime = eventTime;
  }

  /** The value for a key the store has no row for. */
  public static OnlineValue notFound(FeatureView view, EntityKey key) {
    return new OnlineValue(key, new Object[view.features().size()], State.NOT_FOUND, null);
  }

  /**
   * The value of a key whose stored row cannot be decoded as {@code view} declares it: every
   * feature {@link FeatureStatus#INVALID}, so that one bad row spoils its key, not the whole read.
   */
  public static OnlineValue invalid(FeatureView view, EntityKey key) {
    return new OnlineValue(key, new Object[view.features().size()], State.INVALID, null);
  }

  /**
   * The value served for the stored encoding of a row ({@link RowCodec}) at {@code now}, or {@link
   * #invalid} when it does not decode. The first such row of each view is logged as a warning (the
   * usual cause, a forced schema change, spoils every row of the view at once), later ones at debug
   * level; servers count them by status.
   */
  public static OnlineValue stored(FeatureView view, EntityKey key, byte[] bytes, Instant now) {
    Object[] values;
    try {
      values = RowCodec.decodeValues(view, bytes);
    } catch (IllegalArgumentException e) {
      if (VIEWS_WITH_INVALID_ROWS.add(view.name())) {
        LOG.warn(
            "{} (key {}; further invalid rows of this view logged at debug)", e.getMessage(), key);
      } else {
        LOG.debug("{} (key {})", e.getMessage(), key);
      }
      return invalid(view, key);
    }
    return found(view, key, values, Times.instant(RowCodec.eventTimeMicros(bytes)), now);
  }

  /**
   * The value served for a stored row at {@code now}: stale when {@code now - eventTime} exceeds
   * the view's ttl (a row exactly ttl old is still {@code PRESENT}; ttl zero means no limit).
   */
  public static OnlineValue of(FeatureView view, FeatureRow row, Instant now) {
    return found(view, row.key(), row.values().toArray(), row.eventTime(), now);
  }

  private static OnlineValue found(
      FeatureView view, EntityKey key, Object[] values, Instant eventTime, Instant now) {
    boolean fresh = view.withinTtl(Duration.between(eventTime, now));
    return new OnlineValue(key, values, fresh ? State.FRESH : State.STALE, eventTime);
  }

  /** The entity key that was asked for. */
  public EntityKey key() {
    return key;
  }

  /** One value per feature of the view, in the view's order; all null when not found. */
  public List<Object> values() {
    return Collections.unmodifiableList(Arrays.asList(values));
  }

  /** One status per feature, aligned with {@link #values}. */
  public List<FeatureStatus> statuses() {
    return new AbstractList<>() {
      @Override
      public FeatureStatus get(int index) {
        return status(index);
      }

      @Override
      public int size() {
        return values.length;
      }
    };
  }

  /** The row's event time (microsecond precision), or null when not found. */
  public Instant eventTime() {
    return eventTime;
  }

  /** Whether the store had a readable row for the key (fresh or stale). */
  public boolean found() {
    return eventTime != null;
  }

  /** The status of the feature at {@code index} in the view's order. */
  public FeatureStatus status(int index) {
    Objects.checkIndex(index, values.length);
    return switch (state) {
      case NOT_FOUND -> FeatureStatus.NOT_FOUND;
      case INVALID -> FeatureStatus.INVALID;
      case FRESH -> values[index] == null ? FeatureStatus.NULL_VALUE : FeatureStatus.PRESENT;
      case STALE ->
          values[index] == null ? FeatureStatus.NULL_VALUE : FeatureStatus.OUTSIDE_MAX_AGE;
    };
  }

  /** The value of the feature at {@code index} in the view's order; null when missing. */
  public Object value(int index) {
    return values[index];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OnlineValue other
        && key.equals(other.key)
        && Arrays.equals(values, other.values)
        && statuses().equals(other.statuses())
        && Objects.equals(eventTime, other.eventTime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, Arrays.hashCode(values), statuses(), eventTime);
  }

  @Override
  public String toString() {
    return "OnlineValue[key="
        + key
        + ", values="
        + values()
        + ", statuses="
        + statuses()
        + ", eventTime="
        + eventTime
        + "]";
  }
}
