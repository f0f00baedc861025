package dev.featurewatch.store.serving.flight;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.store.config.ApiTokens;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.offline.OfflineStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Feast's remote offline store, served over Arrow Flight (gRPC, plain TCP) next to the feature
 * server's HTTP API: Feast's SDK with {@code offline_store: {type: remote, host: H, port: P}} gets
 * its training sets from featurewatch's point-in-time join. See the package documentation for the
 * protocol and {@link HistoricalProducer} for the answer.
 *
 * <pre>{@code
 * try (OfflineServer server = OfflineServer.start(8815, repository, offlineStore, repoDir, tokens)) {
 *   // grpc+tcp://HOST:server.port()
 * }
 * }</pre>
 */
@Internal
public final class OfflineServer implements AutoCloseable {

  /** Feast's {@code feast serve_offline} port. */
  public static final int FEAST_PORT = 8815;

  private final FlightServer server;
  private final BufferAllocator allocator;

  private OfflineServer(FlightServer server, BufferAllocator allocator) {
    this.server = server;
    this.allocator = allocator;
  }

  /**
   * Starts serving on all interfaces.
   *
   * @param port the TCP port; 0 for any free one ({@link #port()})
   * @param repository the current registry version, read at each call
   * @param offlineStore the offline store joined, after the views' file sources
   * @param repositoryDir the repository the file sources' relative paths start from
   * @param tokens the tokens a call must present (the {@code read} scope); {@link ApiTokens#NONE}
   *     for none
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static OfflineServer start(
      int port,
      Supplier<FeatureRepository> repository,
      OfflineStore offlineStore,
      Path repositoryDir,
      ApiTokens tokens) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, found " + port);
    }
    BufferAllocator allocator = new RootAllocator();
    FlightServer server =
        FlightServer.builder(
                allocator,
                Location.forGrpcInsecure("0.0.0.0", port),
                new HistoricalProducer(repository, offlineStore, repositoryDir, allocator))
            .middleware(BearerTokens.KEY, new BearerTokens(tokens))
            .build();
    try {
      server.start();
    } catch (IOException e) {
      closeQuietly(server, allocator);
      throw new UncheckedIOException("cannot serve Arrow Flight on port " + port, e);
    } catch (RuntimeException e) {
      closeQuietly(server, allocator);
      throw e;
    }
    return new OfflineServer(server, allocator);
  }

  /** The port served on. */
  public int port() {
    return server.getPort();
  }

  /** Stops taking calls, gives running ones 5 s to end, then ends them. */
  @Override
  public void close() {
    server.shutdown();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeQuietly(server, allocator);
  }

  private static void closeQuietly(FlightServer server, BufferAllocator allocator) {
    try {
      server.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      allocator.close();
    }
  }
}
