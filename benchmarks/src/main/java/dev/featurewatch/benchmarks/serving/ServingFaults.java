package dev.featurewatch.benchmarks.serving;

import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.redis.RedisOnlineStore;
import dev.featurewatch.store.row.FeatureRow;
import dev.featurewatch.store.serving.FeatureServer;
import dev.featurewatch.store.serving.ServerConfig;
import dev.featurewatch.testing.RedisServer;
import io.lettuce.core.RedisURI;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The serving faults of issue 20: the feature server on a Redis of its own under a steady open-loop
 * load, while Redis is frozen ({@code SIGSTOP}) for 10 s, and while it is stopped and started
 * again. For each fault it reports the share of requests answered within the deadline plus 50 ms
 * (latency from each request's due time, so a queued request counts its wait), the answers by
 * status, and the time from the fault's end to the first second of nothing but 200s.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.featurewatch.benchmarks.serving.ServingFaults \
 *     [dir=build/bench/faults] [rate=200] [entities-per-request=10]
 * </pre>
 *
 * The server runs in this JVM (the code under test is its deadline handling, not the transport);
 * its deadline is the default, {@link
 * dev.featurewatch.store.config.RepositoryConfig#DEFAULT_SERVING_DEADLINE}.
 */
public final class ServingFaults {

  private static final int ENTITIES = 100_000;
  private static final Duration BEFORE = Duration.ofSeconds(10);
  private static final Duration FAULT = Duration.ofSeconds(10);
  private static final Duration AFTER = Duration.ofSeconds(20);

  private ServingFaults() {}

  /** One request's fate: when it was due, its latency from then, its status (0: no answer). */
  private record Outcome(long due, long latency, int status) {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "build/bench/faults").toAbsolutePath();
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int perRequest = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    Files.createDirectories(dir);
    System.out.printf(
        Locale.ROOT,
        "serving faults: %d requests/s of %d entities x 50 features, %d entities in Redis%n",
        rate,
        perRequest,
        ENTITIES);
    for (String fault : List.of("freeze", "restart")) {
      run(dir.resolve(fault), fault, rate, perRequest);
    }
  }

  private static void run(Path dir, String fault, int rate, int perRequest) throws Exception {
    ServerConfig config = ServerConfig.defaults(0);
    long deadline = config.deadline().toNanos();
    try (RedisServer redis = RedisServer.start(dir.resolve("redis"));
        OnlineStore store =
            RedisOnlineStore.connect(
                RedisURI.create(redis.url()),
                RedisOnlineStore.DEFAULT_KEY_PREFIX,
                RedisOnlineStore.DEFAULT_EXPIRY_MARGIN);
        FeatureServer server =
            new FeatureServer(
                ServingDataset::repository,
                store,
                null,
                Clock.systemUTC(),
                config,
                new PrometheusRegistry())) {
      load(store);
      server.start();
      URI uri = URI.create("http://127.0.0.1:" + server.port() + "/get-online-features");
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
      ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
      SplittableRandom random = new SplittableRandom(20261207L);
      long start = System.nanoTime();
      long total = (BEFORE.plus(FAULT).plus(AFTER)).toSeconds() * rate;
      long period = 1_000_000_000L / rate;
      for (long i = 0; i < total; i++) {
        long due = start + i * period;
        String body = body(random, perRequest);
        clock.schedule(
            () -> send(http, uri, body, due, outcomes),
            due - System.nanoTime(),
            TimeUnit.NANOSECONDS);
      }
      Thread.sleep(BEFORE.toMillis());
      long faultStart = System.nanoTime();
      long faultEnd;
      if (fault.equals("freeze")) {
        redis.freeze();
        Thread.sleep(FAULT.toMillis());
        redis.thaw();
        faultEnd = System.nanoTime();
      } else {
        redis.stop();
        redis.restart();
        faultEnd = System.nanoTime();
      }
      Thread.sleep(AFTER.toMillis() + 3_000);
      clock.shutdown();
      clock.awaitTermination(30, TimeUnit.SECONDS);
      Thread.sleep(2 * deadline / 1_000_000);
      report(fault, new ArrayList<>(outcomes), total, deadline, faultStart, faultEnd);
    }
  }

  private static void send(
      HttpClient http, URI uri, String body, long due, ConcurrentLinkedQueue<Outcome> outcomes) {
    http.sendAsync(
            HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
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

  private static void report(
      String fault,
      List<Outcome> outcomes,
      long due,
      long deadline,
      long faultStart,
      long faultEnd) {
    long bound = deadline + 50_000_000L;
    long within = outcomes.stream().filter(o -> o.latency() <= bound).count();
    long ok = outcomes.stream().filter(o -> o.status() == 200).count();
    long unavailable = outcomes.stream().filter(o -> o.status() == 503).count();
    long otherErrors =
        outcomes.stream().filter(o -> o.status() >= 500 && o.status() != 503).count();
    long unanswered =
        due - outcomes.size() + outcomes.stream().filter(o -> o.status() == 0).count();
    long duringFault =
        outcomes.stream().filter(o -> o.due() >= faultStart && o.due() < faultEnd).count();
    long withinDuringFault =
        outcomes.stream()
            .filter(o -> o.due() >= faultStart && o.due() < faultEnd && o.latency() <= bound)
            .count();
    double maxMillis = outcomes.stream().mapToLong(Outcome::latency).max().orElse(0) / 1e6;
    // recovered: the first request due after the fault's end from which a whole second of
    // requests were all answered 200
    List<Outcome> after =
        outcomes.stream()
            .filter(o -> o.due() >= faultEnd)
            .sorted((a, b) -> Long.compare(a.due(), b.due()))
            .toList();
    double recovery = Double.NaN;
    for (int i = 0; i < after.size(); i++) {
      long from = after.get(i).due();
      boolean allOk = true;
      int j = i;
      while (j < after.size() && after.get(j).due() < from + 1_000_000_000L) {
        allOk &= after.get(j).status() == 200;
        j++;
      }
      if (allOk && j < after.size()) {
        recovery = (from - faultEnd) / 1e9;
        break;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%s: %d due, %.2f%% answered within deadline + 50 ms (%.2f%% of the %d due during the"
            + " fault), max latency %.0f ms; 200: %d, 503: %d, other 5xx: %d, no answer: %d;"
            + " fault lasted %.2f s, serving again (1 s of 200s) %.2f s after it ended%n",
        fault,
        due,
        100.0 * within / Math.max(1, outcomes.size()),
        100.0 * withinDuringFault / Math.max(1, duringFault),
        duringFault,
        maxMillis,
        ok,
        unavailable,
        otherErrors,
        unanswered,
        (faultEnd - faultStart) / 1e9,
        recovery);
  }

  private static String body(SplittableRandom random, int entities) {
    StringBuilder body = new StringBuilder("{\"features\":[");
    List<String> features = ServingDataset.featureReferences();
    for (int i = 0; i < features.size(); i++) {
      body.append(i == 0 ? "\"" : ",\"").append(features.get(i)).append('"');
    }
    body.append("],\"entities\":{\"").append(ServingDataset.JOIN_KEY).append("\":[");
    for (int i = 0; i < entities; i++) {
      body.append(i == 0 ? "" : ",").append(random.nextInt(ENTITIES));
    }
    return body.append("]}}").toString();
  }

  private static void load(OnlineStore store) {
    List<FeatureView> views = ServingDataset.views();
    for (int v = 0; v < views.size(); v++) {
      List<FeatureRow> batch = new ArrayList<>(1_000);
      for (long entity = 0; entity < ENTITIES; entity++) {
        batch.add(ServingDataset.row(views.get(v), v, entity));
        if (batch.size() == 1_000) {
          store.write(views.get(v), batch);
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        store.write(views.get(v), batch);
      }
    }
  }
}
