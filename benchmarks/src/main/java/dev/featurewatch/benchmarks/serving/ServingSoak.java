package dev.featurewatch.benchmarks.serving;

import dev.featurewatch.benchmarks.serving.LoadGenerator.Result;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.redis.RedisOnlineStore;
import dev.featurewatch.store.registry.FileRegistry;
import dev.featurewatch.store.row.FeatureRow;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bounded soak of issue 20: {@code featurewatch serve} on Redis in its own process, driven by
 * the open-loop {@link LoadGenerator} at a fixed rate for a number of minutes, while a writer in
 * this JVM rewrites rows of the same views in the same Redis (1,000-row batches a second, as the
 * feature pipeline's sink writes them). After each minute (one {@link LoadGenerator#run}), the
 * server is asked for a full collection ({@code jcmd GC.run}) between two runs, and its heap used
 * and resident memory are read: a leak shows as a climb across the minutes.
 *
 * <pre>
 * java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar \
 *     dev.featurewatch.benchmarks.serving.ServingSoak REDIS_URL [rate=2000] [minutes=10] \
 *     [entities=1] [dir=build/bench/serving]
 * </pre>
 *
 * The data are the serving benchmark's ({@link ServingDataset}), loaded once.
 */
public final class ServingSoak {

  private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");
  private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

  private ServingSoak() {}

  public static void main(String[] args) throws Exception {
    String redis = args[0];
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    int minutes = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int entities = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    Path dir = Path.of(args.length > 4 ? args[4] : "build/bench/serving").toAbsolutePath();
    Path repo = Files.createDirectories(dir.resolve("repo"));
    new FileRegistry(repo.resolve(".featurewatch/registry"))
        .apply(ServingDataset.repository(), false);
    try (OnlineStore store = RedisOnlineStore.connect(RedisURI.create(redis))) {
      if (!ServingDataset.isLoaded(store)) {
        ServingDataset.load(store, 5_000);
      }
      try (ServerProcess server =
          new ServerProcess(
              Path.of("featurewatch").toAbsolutePath(),
              repo,
              List.of("--online", redis),
              "",
              dir.resolve("server-soak.log"))) {
        AtomicLong written = new AtomicLong();
        Thread writer = new Thread(() -> write(store, written), "soak-writer");
        writer.setDaemon(true);
        writer.start();
        LoadGenerator load = new LoadGenerator(server.address(), 16, 50);
        System.out.printf(
            Locale.ROOT,
            "soak: %d requests/s of %d entities for %d minutes, server pid %d%n",
            rate,
            entities,
            minutes,
            server.pid());
        System.out.println(
            "minute | achieved rps | errors | p50 | p99 | p99.9 | max ms | heap after GC MiB |"
                + " RSS MiB | rows written");
        long errors = 0;
        for (int minute = 1; minute <= minutes; minute++) {
          Result result = load.run(rate, entities, Duration.ZERO, Duration.ofMinutes(1), minute);
          errors += result.errors();
          System.out.printf(
              Locale.ROOT,
              "%d | %.1f | %d | %.3f | %.3f | %.3f | %.1f | %d | %d | %,d%n",
              minute,
              result.achievedRate(),
              result.errors(),
              result.latencyMillis(50),
              result.latencyMillis(99),
              result.latencyMillis(99.9),
              result.maxMillis(),
              heapAfterGcMiB(server.pid()),
              rssMiB(server.pid()),
              written.get());
          if (result.firstError() != null) {
            System.out.println("  first error: " + result.firstError());
          }
        }
        writer.interrupt();
        System.out.printf(Locale.ROOT, "soak: %d errors in all%n", errors);
      }
    }
  }

  /** Rewrites 1,000 rows a second of the data set's views, round robin, until interrupted. */
  private static void write(OnlineStore store, AtomicLong written) {
    List<FeatureView> views = ServingDataset.views();
    SplittableRandom random = new SplittableRandom(20261207L);
    for (int v = 0; !Thread.currentThread().isInterrupted(); v = (v + 1) % views.size()) {
      List<FeatureRow> batch = new ArrayList<>(1_000);
      for (int i = 0; i < 1_000; i++) {
        batch.add(ServingDataset.row(views.get(v), v, random.nextInt(ServingDataset.ENTITIES)));
      }
      store.write(views.get(v), batch);
      written.addAndGet(batch.size());
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static long heapAfterGcMiB(long pid) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
    Matcher used = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
    return used.find() ? Long.parseLong(used.group(1)) >> 10 : -1;
  }

  private static long rssMiB(long pid) throws IOException {
    Matcher rss = RSS.matcher(Files.readString(Path.of("/proc/" + pid + "/status")));
    return rss.find() ? Long.parseLong(rss.group(1)) >> 10 : -1;
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid),
                command)
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(30, TimeUnit.SECONDS);
    return output;
  }
}
