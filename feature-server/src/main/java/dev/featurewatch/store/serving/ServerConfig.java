package dev.featurewatch.store.serving;

import dev.featurewatch.store.config.ApiTokens;
import dev.featurewatch.store.config.RepositoryConfig;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * How the feature server runs.
 *
 * @param port the TCP port; 0 picks a free one (see {@link FeatureServer#port()})
 * @param maxEntities the most entity rows one request may ask for or write; larger requests are
 *     answered 400
 * @param maxBodyBytes the largest request body read; larger bodies are answered 400
 * @param threads how many requests are handled at once
 * @param auth who may call; {@link ApiTokens#NONE} lets everyone
 * @param deadline the longest a request waits for the online store before it is answered 503; a
 *     request may ask for less with {@link FeatureServer#DEADLINE_HEADER}
 * @param tls the server's TLS identity ({@code ServerTls}); null to serve plain HTTP
 */
public record ServerConfig(
    int port,
    int maxEntities,
    int maxBodyBytes,
    int threads,
    ApiTokens auth,
    Duration deadline,
    SSLContext tls) {

  /** Feast's port. */
  public static final int DEFAULT_PORT = 6566;

  /** The default limit of entity rows per request. */
  public static final int DEFAULT_MAX_ENTITIES = 1000;

  /** The default limit of a request body: 8 MiB. */
  public static final int DEFAULT_MAX_BODY_BYTES = 8 << 20;

  public ServerConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
    }
    if (maxEntities < 1) {
      throw new IllegalArgumentException("maxEntities must be at least 1: " + maxEntities);
    }
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("maxBodyBytes must be at least 1024: " + maxBodyBytes);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + threads);
    }
    Objects.requireNonNull(auth, "auth");
    if (deadline.toMillis() < 1) {
      throw new IllegalArgumentException("deadline must be at least 1 ms: " + deadline);
    }
  }

  /** The defaults on {@code port}, with one thread per processor (at least 4). */
  public static ServerConfig defaults(int port) {
    return new ServerConfig(
        port,
        DEFAULT_MAX_ENTITIES,
        DEFAULT_MAX_BODY_BYTES,
        Math.max(4, Runtime.getRuntime().availableProcessors()),
        ApiTokens.NONE,
        RepositoryConfig.DEFAULT_SERVING_DEADLINE,
        null);
  }

  /** This configuration with another limit of entity rows per request. */
  public ServerConfig withMaxEntities(int max) {
    return new ServerConfig(port, max, maxBodyBytes, threads, auth, deadline, tls);
  }

  /** This configuration with another set of callers allowed. */
  public ServerConfig withAuth(ApiTokens tokens) {
    return new ServerConfig(port, maxEntities, maxBodyBytes, threads, tokens, deadline, tls);
  }

  /** This configuration with another deadline. */
  public ServerConfig withDeadline(Duration limit) {
    return new ServerConfig(port, maxEntities, maxBodyBytes, threads, auth, limit, tls);
  }

  /** This configuration serving HTTPS with {@code context}, or plain HTTP when null. */
  public ServerConfig withTls(SSLContext context) {
    return new ServerConfig(port, maxEntities, maxBodyBytes, threads, auth, deadline, context);
  }
}
