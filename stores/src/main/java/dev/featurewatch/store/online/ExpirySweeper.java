package dev.featurewatch.store.online;

import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reclaims the space of expired online rows: runs {@link OnlineStore#deleteExpired} for each online
 * view with a ttl, every ttl / 10 (at least every {@link #MIN_INTERVAL}) per view.
 *
 * <p>Reads already answer such rows {@code OUTSIDE_MAX_AGE}, so a late or failed sweep only costs
 * space; a failure is logged and the view is tried again at the next tick. Views come from the
 * repository at each tick, so an apply that adds a view or changes a ttl is picked up.
 *
 * <pre>{@code
 * try (ExpirySweeper sweeper = ExpirySweeper.start(store, repository, Clock.systemUTC())) {
 *   ... serve ...
 * }
 * }</pre>
 */
public final class ExpirySweeper implements AutoCloseable {

  /** The shortest time between two sweeps of one view: a sweep reads the whole view. */
  public static final Duration MIN_INTERVAL = Duration.ofMinutes(1);

  private static final Logger LOG = LoggerFactory.getLogger(ExpirySweeper.class);

  private final OnlineStore store;
  private final Supplier<FeatureRepository> repository;
  private final Clock clock;
  private final Map<String, Instant> lastSwept = new HashMap<>();
  private ScheduledExecutorService scheduler;

  /** A sweeper that runs only when {@link #sweepDue()} is called. */
  public ExpirySweeper(OnlineStore store, Supplier<FeatureRepository> repository, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.repository = Objects.requireNonNull(repository, "repository");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A sweeper that checks every {@link #MIN_INTERVAL} which views are due, on a daemon thread. */
  public static ExpirySweeper start(
      OnlineStore store, Supplier<FeatureRepository> repository, Clock clock) {
    ExpirySweeper sweeper = new ExpirySweeper(store, repository, clock);
    sweeper.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "featurewatch-expiry-sweeper");
              thread.setDaemon(true);
              return thread;
            });
    long tick = MIN_INTERVAL.toMillis();
    sweeper.scheduler.scheduleWithFixedDelay(
        sweeper::sweepDueLogged, tick, tick, TimeUnit.MILLISECONDS);
    return sweeper;
  }

  /** How often a view of that ttl is swept; zero when it has no ttl. */
  public static Duration interval(Duration ttl) {
    if (ttl.isZero()) {
      return Duration.ZERO;
    }
    Duration tenth = ttl.dividedBy(10);
    return tenth.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : tenth;
  }

  /**
   * Sweeps every online view with a ttl that was not swept within its {@link #interval}: the first
   * call sweeps them all.
   *
   * @return the rows removed per view swept, in the repository's order; views that failed are left
   *     out (and logged)
   */
  public synchronized Map<String, Long> sweepDue() {
    Map<String, Long> removed = new LinkedHashMap<>();
    for (FeatureView view : repository.get().featureViews()) {
      if (!view.online() || view.ttl().isZero()) {
        continue;
      }
      Instant now = clock.instant();
      Instant last = lastSwept.get(view.name());
      if (last != null && Duration.between(last, now).compareTo(interval(view.ttl())) < 0) {
        continue;
      }
      try {
        removed.put(view.name(), store.deleteExpired(view, now));
        lastSwept.put(view.name(), now);
      } catch (RuntimeException e) {
        LOG.warn("cannot delete the expired rows of view '{}': {}", view.name(), e.getMessage());
      }
    }
    return removed;
  }

  private void sweepDueLogged() {
    try {
      sweepDue()
          .forEach(
              (view, rows) -> {
                if (rows > 0) {
                  LOG.info("deleted {} expired rows of view '{}'", rows, view);
                }
              });
    } catch (RuntimeException e) {
      // the registry failed: a scheduled task that throws is never run again, so keep it alive
      LOG.warn("expiry sweep skipped: {}", e.getMessage());
    }
  }

  /** Stops the schedule, waiting for a sweep under way; idempotent. */
  @Override
  public void close() {
    if (scheduler == null) {
      return;
    }
    scheduler.shutdown();
    try {
      scheduler.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
