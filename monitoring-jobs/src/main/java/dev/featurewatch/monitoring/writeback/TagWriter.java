package dev.featurewatch.monitoring.writeback;

import dev.featurewatch.modelregistry.ModelRegistry;
import dev.featurewatch.modelregistry.ModelRegistryException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes monitoring tags to model versions on a thread of its own, so a slow or unreachable
 * registry never holds the stream up: {@link #offer} only records what the version should show and
 * returns. Per version, only the latest tags wait; they are due when they changed (statuses,
 * drifted features) or when {@code interval} has passed since the tags last due, and retried with
 * backoff (1 s doubling to a minute) while the registry is unavailable. A refusal (the version is
 * gone, say) drops them with a warning.
 *
 * <p>Whether tags are due is decided against the tags last due, not the tags last written: the
 * write happens later, on this writer's thread, and deciding against it made what a version ends
 * with depend on how fast the registry answered. The tags last due are the write-back's
 * checkpointed state ({@link #due}, {@link #restore}), so a restored job decides as the job without
 * failure did.
 */
final class TagWriter {

  private static final Logger LOG = LoggerFactory.getLogger(TagWriter.class);

  static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  static final Duration LAST_RETRY = Duration.ofMinutes(1);

  private final ModelRegistry registry;
  private final boolean onChange;
  private final Duration interval;
  private final Clock clock;
  private final Map<Version, Map<String, String>> waiting = new LinkedHashMap<>();
  // per version, the tags last due and when: what offers are judged against
  private final Map<Version, Written> due = new LinkedHashMap<>();
  // per version, the tags last written: only the tags that differ are sent
  private final Map<Version, Map<String, String>> written = new LinkedHashMap<>();
  private final Thread thread;
  private long writes;
  private long failures;
  private boolean closed;

  private record Version(String model, String version) {}

  private record Written(Map<String, String> tags, long atMillis) {}

  /**
   * @param onChange write as soon as the tags say something new
   * @param interval write at least this often, changed or not
   */
  public TagWriter(ModelRegistry registry, boolean onChange, Duration interval, Clock clock) {
    this.registry = registry;
    this.onChange = onChange;
    this.interval = interval;
    this.clock = clock;
    this.thread = new Thread(this::run, "featurewatch-tag-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /** The tags {@code version} of {@code model} should show now; written later, if due. */
  public synchronized void offer(String model, String version, Map<String, String> tags) {
    Version key = new Version(model, version);
    Written last = due.get(key);
    boolean isDue =
        last == null
            || (onChange && MonitoringTags.changed(last.tags(), tags))
            || clock.millis() - last.atMillis() >= interval.toMillis();
    if (isDue) {
      due.put(key, new Written(Map.copyOf(tags), clock.millis()));
      waiting.put(key, Map.copyOf(tags));
      notifyAll();
    }
  }

  /** The tags last due for {@code version} of {@code model}; empty before the first. */
  public synchronized Map<String, String> due(String model, String version) {
    Written last = due.get(new Version(model, version));
    return last == null ? Map.of() : last.tags();
  }

  /**
   * After a restore: {@code tags} were the tags last due when the state was saved. They are written
   * again (a kill may have come before they were), and later offers are judged against them.
   */
  public synchronized void restore(String model, String version, Map<String, String> tags) {
    Version key = new Version(model, version);
    due.put(key, new Written(Map.copyOf(tags), clock.millis()));
    waiting.put(key, Map.copyOf(tags));
    notifyAll();
  }

  /** Tag sets written so far. */
  public synchronized long writes() {
    return writes;
  }

  /** Failed attempts so far (each retried, unless refused). */
  public synchronized long failures() {
    return failures;
  }

  /** Whether nothing waits to be written. */
  public synchronized boolean idle() {
    return waiting.isEmpty();
  }

  private void run() {
    long backoff = 0;
    while (true) {
      Version key;
      Map<String, String> tags;
      synchronized (this) {
        while (!closed && waiting.isEmpty()) {
          waitQuietly(0);
        }
        if (closed) {
          return;
        }
        // the whole backoff, though new offers wake this thread: retries stay spaced
        long until = System.currentTimeMillis() + backoff;
        for (long left = backoff; !closed && left > 0; left = until - System.currentTimeMillis()) {
          waitQuietly(left);
        }
        if (closed) {
          return;
        }
        key = waiting.keySet().iterator().next();
        tags = waiting.remove(key);
      }
      try {
        Map<String, String> before = lastTags(key);
        for (Map.Entry<String, String> tag : tags.entrySet()) {
          if (!Objects.equals(before.get(tag.getKey()), tag.getValue())) {
            registry.setTag(key.model(), key.version(), tag.getKey(), tag.getValue());
          }
        }
        synchronized (this) {
          written.put(key, tags);
          writes++;
          notifyAll(); // close() may be waiting for the last ones
        }
        backoff = 0;
      } catch (ModelRegistryException e) {
        synchronized (this) {
          failures++;
          if (e.kind() == ModelRegistryException.Kind.REFUSED) {
            LOG.warn(
                "model registry refused tags of {} {}: {}",
                key.model(),
                key.version(),
                e.getMessage());
            notifyAll();
            continue;
          }
          // newer tags may have come meanwhile: they win
          waiting.putIfAbsent(key, tags);
        }
        backoff =
            backoff == 0 ? FIRST_RETRY.toMillis() : Math.min(backoff * 2, LAST_RETRY.toMillis());
        LOG.warn(
            "model registry unavailable for tags of {} {}, retrying in {} ms: {}",
            key.model(),
            key.version(),
            backoff,
            e.getMessage());
      }
    }
  }

  private synchronized Map<String, String> lastTags(Version key) {
    return written.getOrDefault(key, Map.of());
  }

  private void waitQuietly(long millis) {
    try {
      wait(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  /** Waits up to {@code timeout} for what waits to be written, then stops the thread. */
  public void close(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      synchronized (this) {
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
          wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) / 10 + 1));
        }
      }
    } finally {
      // interrupted or not, the thread stops: a writer left running would write stale tags
      synchronized (this) {
        closed = true;
        notifyAll();
      }
    }
    thread.join(timeout.toMillis() + 1);
  }
}
