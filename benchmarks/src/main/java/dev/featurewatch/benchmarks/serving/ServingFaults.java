package dev.featurewatch.benchmarks.serving;

import dev.featurewatch.benchmarks.faults.OpenLoopRequests;
import dev.featurewatch.benchmarks.faults.OpenLoopRequests.Outcome;
import dev.featurewatch.benchmarks.faults.OpenLoopRequests.Summary;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

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
      SplittableRandom random = new SplittableRandom(20261207L);
      List<Outcome> outcomes;
      long faultStart;
      long faultEnd;
      try (OpenLoopRequests requests =
          OpenLoopRequests.start(uri, rate, () -> body(random, perRequest))) {
        long end = System.nanoTime() + BEFORE.plus(FAULT).plus(AFTER).toNanos();
        Thread.sleep(BEFORE.toMillis());
        faultStart = System.nanoTime();
        if (fault.equals("freeze")) {
          redis.freeze();
          Thread.sleep(FAULT.toMillis());
          redis.thaw();
        } else {
          redis.stop();
          redis.restart();
        }
        faultEnd = System.nanoTime();
        // the same 40 s of requests whatever the fault took
        Thread.sleep(Math.max(AFTER.toMillis(), (end - faultEnd) / 1_000_000));
        outcomes = requests.stop();
      }
      Summary all = Summary.of(outcomes, 0, Long.MAX_VALUE, config.deadline());
      Summary during = Summary.of(outcomes, faultStart, faultEnd, config.deadline());
      System.out.printf(
          Locale.ROOT,
          "%s: %s; during the fault: %s; fault lasted %.2f s, serving again (1 s of 200s) %.2f s"
              + " after it ended%n",
          fault,
          all,
          during,
          (faultEnd - faultStart) / 1e9,
          OpenLoopRequests.servingAgain(outcomes, faultEnd));
    }
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
