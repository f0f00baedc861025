package dev.featurewatch.store.online.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.OnlineStoreContract;
import dev.featurewatch.store.row.FeatureRow;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract against a three-primary Redis Cluster that this class starts from the {@code
 * redis-server} and {@code redis-cli} that {@code scripts/test-services.sh} installs: keys spread
 * over all slots, so batch reads are cross-slot {@code MGET}s that Lettuce splits.
 */
class RedisClusterOnlineStoreIT extends OnlineStoreContract {

  private static final int NODES = 3;
  private static final List<Process> nodes = new ArrayList<>();
  private static final List<RedisURI> seeds = new ArrayList<>();
  private static Path directory;

  @BeforeAll
  static void startCluster() throws Exception {
    directory = Files.createTempDirectory("fw-redis-cluster");
    List<String> addresses = new ArrayList<>();
    for (int port : freePorts()) {
      Path dir = Files.createDirectories(directory.resolve(Integer.toString(port)));
      nodes.add(
          new ProcessBuilder(
                  "redis-server",
                  "--port",
                  Integer.toString(port),
                  "--bind",
                  "127.0.0.1",
                  "--cluster-enabled",
                  "yes",
                  "--cluster-config-file",
                  "nodes.conf",
                  "--save",
                  "",
                  "--appendonly",
                  "no")
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("redis.log").toFile())
              .start());
      addresses.add("127.0.0.1:" + port);
      seeds.add(RedisURI.create("127.0.0.1", port));
    }
    for (RedisURI seed : seeds) {
      awaitInfo(seed, "PONG", c -> c.sync().ping());
    }
    List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
    create.addAll(addresses);
    create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    Process cli =
        new ProcessBuilder(create)
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("create.log").toFile())
            .start();
    if (!cli.waitFor(30, TimeUnit.SECONDS) || cli.exitValue() != 0) {
      throw new IllegalStateException(
          "redis-cli --cluster create failed: "
              + Files.readString(directory.resolve("create.log")));
    }
    for (RedisURI seed : seeds) {
      awaitInfo(seed, "cluster_state:ok", c -> c.sync().clusterInfo());
    }
  }

  @AfterAll
  static void stopCluster() throws InterruptedException {
    for (Process node : nodes) {
      node.destroy();
    }
    for (Process node : nodes) {
      node.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Override
  protected OnlineStore newStore() {
    return RedisOnlineStore.connectCluster(
        seeds, "fwtest:" + UUID.randomUUID() + ":", Duration.ofHours(1));
  }

  @Test
  void keysOfOneBatchLandOnSeveralNodes() {
    List<FeatureRow> rows = new ArrayList<>();
    for (long id = 0; id < 30; id++) {
      rows.add(counts(id, T0, T0, id));
    }
    store.write(SMALL, rows);

    int nodesWithKeys = 0;
    RedisClient client = RedisClient.create();
    try {
      for (RedisURI seed : seeds) {
        try (StatefulRedisConnection<String, String> c = client.connect(seed)) {
          if (c.sync().dbsize() > 0) {
            nodesWithKeys++;
          }
        }
      }
    } finally {
      client.shutdown();
    }
    assertThat(nodesWithKeys).isGreaterThan(1);
  }

  private interface Probe {
    String ask(StatefulRedisConnection<String, String> connection);
  }

  /** Polls one node until its answer contains {@code expected}, for at most 30 s. */
  private static void awaitInfo(RedisURI node, String expected, Probe probe)
      throws InterruptedException {
    RedisClient client = RedisClient.create();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      String last = "";
      while (System.nanoTime() < deadline) {
        try (StatefulRedisConnection<String, String> c = client.connect(node)) {
          last = probe.ask(c);
          if (last.contains(expected)) {
            return;
          }
        } catch (RuntimeException e) {
          last = e.toString();
        }
        Thread.sleep(100);
      }
      throw new IllegalStateException(
          "Redis node " + node + " did not answer " + expected + " within 30 s: " + last);
    } finally {
      client.shutdown();
    }
  }

  /** Ports free now whose cluster bus port (port + 10000) is free too. */
  private static List<Integer> freePorts() throws IOException {
    List<Integer> ports = new ArrayList<>();
    while (ports.size() < NODES) {
      try (ServerSocket socket = new ServerSocket(0)) {
        int port = socket.getLocalPort();
        if (port + 10_000 < 65_536 && !ports.contains(port) && isFree(port + 10_000)) {
          ports.add(port);
        }
      }
    }
    return ports;
  }

  private static boolean isFree(int port) {
    try {
      new ServerSocket(port).close();
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
