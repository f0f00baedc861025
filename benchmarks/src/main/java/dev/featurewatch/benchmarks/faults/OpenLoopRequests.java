package dev.featurewatch.benchmarks.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A steady open-loop load of {@code POST} requests for the fault benchmarks: request {@code i} is
 * due at {@code start + i / rate} whatever the answers do, and its latency runs from when it was
 * due, so a request queued behind a stall counts its wait. Every request's fate is kept ({@link
 * Outcome}); a fault's figures are a {@link Summary} of the requests due during it.
 *
 * <pre>{@code
 * try (OpenLoopRequests load = OpenLoopRequests.start(uri, 200, bodies)) {
 *   ... a fault ...
 *   List<Outcome> outcomes = load.stop();
 *   Summary fault = Summary.of(outcomes, faultStart, faultEnd, deadline);
 * }
 * }</pre>
 *
 * <p>Requests go through the JDK's asynchronous HTTP client, so a request is sent when due even
 * while others wait; one with no answer within 30 s, or whose connection fails (a server that is
 * down), has status 0.
 */
public final class OpenLoopRequests implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /**
   * One request's fate: when it was due (nanoTime), its latency from then, its status (0: none).
   */
  public record Outcome(long due, long latency, int status) {}

  private final URI uri;
  private final long period;
  private final Supplier<String> bodies;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
  private final AtomicLong sent = new AtomicLong();
  private final Thread scheduler;
  private volatile boolean stopped;

  private OpenLoopRequests(URI uri, int rate, Supplier<String> bodies) {
    if (rate < 1) {
      throw new IllegalArgumentException("rate must be at least 1 request a second: " + rate);
    }
    this.uri = uri;
    this.period = 1_000_000_000L / rate;
    this.bodies = bodies;
    this.scheduler = new Thread(this::schedule, "open-loop requests");
    scheduler.setDaemon(true);
  }

  /** Starts sending {@code rate} requests a second to {@code uri}, each with the next body. */
  public static OpenLoopRequests start(URI uri, int rate, Supplier<String> bodies) {
    OpenLoopRequests load = new OpenLoopRequests(uri, rate, bodies);
    load.scheduler.start();
    return load;
  }

  private void schedule() {
    long start = System.nanoTime();
    for (long i = 0; !stopped; i++) {
      long due = start + i * period;
      parkUntil(due);
      String body = bodies.get();
      sent.incrementAndGet();
      http.sendAsync(
              HttpRequest.newBuilder(uri)
                  .timeout(TIMEOUT)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .whenComplete(
              (response, failure) ->
                  outcomes.add(
                      new Outcome(
                          due,
                          System.nanoTime() - due,
                          failure == null ? response.statusCode() : 0)));
    }
  }

  /** Parks the calling thread until {@code due} ({@code System.nanoTime()}), if it is ahead. */
  static void parkUntil(long due) {
    for (long wait; (wait = due - System.nanoTime()) > 0; ) {
      LockSupport.parkNanos(wait);
    }
  }

  /** The outcomes of the requests answered (or failed) so far, in no order. */
  public List<Outcome> outcomes() {
    return new ArrayList<>(outcomes);
  }

  /**
   * Stops sending, waits for the requests under way (at most their 30 s timeout) and answers every
   * outcome, sorted by due time.
   */
  public List<Outcome> stop() throws InterruptedException {
    stopped = true;
    scheduler.join();
    long deadline = System.nanoTime() + TIMEOUT.plusSeconds(5).toNanos();
    while (outcomes.size() < sent.get() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    List<Outcome> all = outcomes();
    all.sort(Comparator.comparingLong(Outcome::due));
    return all;
  }

  @Override
  public void close() {
    stopped = true;
  }

  /**
   * The requests due in {@code [from, to)} (nanoTime): how many, how many answered within the
   * deadline plus 50 ms, the longest latency, the answers by status.
   */
  public record Summary(
      long requests,
      long withinBound,
      double maxMillis,
      long ok,
      long unavailable,
      long otherErrors,
      long unanswered) {

    /** The summary of {@code outcomes} due in {@code [from, to)} against {@code deadline}. */
    public static Summary of(List<Outcome> outcomes, long from, long to, Duration deadline) {
      long bound = deadline.toNanos() + 50_000_000L;
      List<Outcome> in = outcomes.stream().filter(o -> o.due() >= from && o.due() < to).toList();
      return new Summary(
          in.size(),
          in.stream().filter(o -> o.status() != 0 && o.latency() <= bound).count(),
          in.stream().mapToLong(Outcome::latency).max().orElse(0) / 1e6,
          in.stream().filter(o -> o.status() == 200).count(),
          in.stream().filter(o -> o.status() == 503).count(),
          in.stream().filter(o -> o.status() >= 500 && o.status() != 503).count(),
          in.stream().filter(o -> o.status() == 0).count());
    }

    /** The share answered within the deadline plus 50 ms, in percent. */
    public double withinPercent() {
      return 100.0 * withinBound / Math.max(1, requests);
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%d requests, %.2f%% within deadline + 50 ms, max %.0f ms; 200: %d, 503: %d, other 5xx:"
              + " %d, no answer: %d",
          requests,
          withinPercent(),
          maxMillis,
          ok,
          unavailable,
          otherErrors,
          unanswered);
    }
  }

  /**
   * Seconds from {@code after} (nanoTime) to the first request due after it from which a whole
   * second of requests were all answered 200; NaN if that never happened.
   */
  public static double servingAgain(List<Outcome> sortedByDue, long after) {
    List<Outcome> later = sortedByDue.stream().filter(o -> o.due() >= after).toList();
    for (int i = 0; i < later.size(); i++) {
      long from = later.get(i).due();
      boolean allOk = true;
      int j = i;
      while (j < later.size() && later.get(j).due() < from + 1_000_000_000L) {
        allOk &= later.get(j).status() == 200;
        j++;
      }
      if (allOk && j < later.size()) {
        return (from - after) / 1e9;
      }
    }
    return Double.NaN;
  }
}
