package dev.featurewatch.store.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.featurewatch.store.config.ApiTokens;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.OnlineStoreException;
import dev.featurewatch.store.row.FeatureRow;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feature server: Feast's HTTP API over an online store, on the JDK's HTTP server.
 *
 * <p>Every request is answered: 200; 400 with {@code {"error", "detail"}} when the request breaks a
 * rule; 404 or 405 for an unknown path or method; 503 when the online store, the offline store or
 * the registry does not answer (the next request tries again, so the server recovers by itself);
 * 500 only for a bug in the server, which is logged.
 *
 * <pre>{@code
 * try (FeatureServer server = new FeatureServer(
 *     () -> registry.current().orElseThrow().repository(), store, null,
 *     Clock.systemUTC(), ServerConfig.defaults(6566), new PrometheusRegistry())) {
 *   server.start();
 *   ...
 * }
 * }</pre>
 */
public final class FeatureServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FeatureServer.class);

  /** The paths answered, the only values of the {@code path} metric label besides "other". */
  static final Set<String> PATHS =
      Set.of(
          "/get-online-features",
          "/push",
          "/write-to-online-store",
          "/health",
          "/metrics",
          "/openapi.json");

  private static final String NODELAY = "sun.net.httpserver.nodelay";

  private final Supplier<FeatureRepository> repository;
  private final OnlineStore online;
  private final OfflineStore offline;
  private final Clock clock;
  private final ServerConfig config;
  private final ObjectMapper json =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private final PrometheusRegistry registry;
  private final ServingMetrics metrics;
  private final ExpositionFormats formats = ExpositionFormats.init();
  // One per request thread: an answer is written into it and sent from it before the thread takes
  // the next request.
  private final ThreadLocal<ResponseBuffer> buffers = ThreadLocal.withInitial(ResponseBuffer::new);
  private HttpServer server;
  private ExecutorService executor;

  /**
   * A server not yet started.
   *
   * @param repository the current definitions, asked once per request (cache it if reading is
   *     slow); may throw when the registry cannot be read, answered 503
   * @param online the store read and written; not closed by the server
   * @param offline where pushes {@code to} offline go; null when this server has none
   * @param clock the read time against which views' ttl is measured
   * @param registry where the server registers its metrics; {@code /metrics} serves all of it, so
   *     what else of the process registers there (the embedded jobs) is served too. One server's
   *     metrics per registry: a second server's families would be refused as registered already
   */
  public FeatureServer(
      Supplier<FeatureRepository> repository,
      OnlineStore online,
      OfflineStore offline,
      Clock clock,
      ServerConfig config,
      PrometheusRegistry registry) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.online = Objects.requireNonNull(online, "online");
    this.offline = offline;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.config = Objects.requireNonNull(config, "config");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.metrics = new ServingMetrics(registry);
  }

  /**
   * Binds the port and starts answering.
   *
   * @throws UncheckedIOException when the port cannot be bound
   * @throws IllegalStateException when already started
   */
  public synchronized void start() {
    if (server != null) {
      throw new IllegalStateException("the feature server is already started");
    }
    // Without TCP_NODELAY a small answer waits for the client's delayed ACK, adding ~40 ms to
    // every keep-alive request. The JDK server reads this once, when its first instance is made.
    if (System.getProperty(NODELAY) == null) {
      System.setProperty(NODELAY, "true");
    }
    try {
      server = HttpServer.create(new InetSocketAddress(config.port()), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the feature server to port " + config.port(), e);
    }
    executor = Executors.newFixedThreadPool(config.threads());
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    LOG.info("feature server listening on port {}", port());
  }

  /** The port bound, useful when the configuration asked for 0. */
  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("the feature server is not started");
    }
    return server.getAddress().getPort();
  }

  /** Stops answering, letting requests under way finish for up to a second; idempotent. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    server.stop(1);
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server = null;
    executor = null;
  }

  /**
   * Stops answering, and takes the server's metrics out of its registry, so that another server may
   * register there (the embedded commands' registry is the process's); idempotent.
   */
  @Override
  public void close() {
    stop();
    metrics.unregister();
  }

  /** A response about to be sent: the first {@code length} bytes of {@code body}. */
  private record Response(int status, String contentType, byte[] body, int length) {
    Response(int status, String contentType, byte[] body) {
      this(status, contentType, body, body.length);
    }

    static Response json(int status, JsonNode node) {
      return new Response(
          status, "application/json", node.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Thrown when a collaborator (registry, offline store) does not answer: 503. */
  private static final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;

    Unavailable(String code, String detail, Throwable cause) {
      super(detail, cause);
      this.code = code;
    }
  }

  private void handle(HttpExchange exchange) {
    long start = System.nanoTime();
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    Response response;
    try {
      response = route(method, path, exchange);
    } catch (RequestException e) {
      response = error(e.status(), e.code(), e.getMessage());
    } catch (JsonProcessingException e) {
      response =
          error(
              400,
              "malformed_json",
              "the request body is not valid JSON: " + e.getOriginalMessage());
    } catch (OnlineStoreException e) {
      metrics.storeError();
      LOG.warn("online store failed: {}", e.getMessage());
      response = error(503, "store_unavailable", "the online store does not answer; retry later");
    } catch (Unavailable e) {
      metrics.storeError();
      LOG.warn("{}: {}", e.code, e.getMessage());
      response = error(503, e.code, e.getMessage());
    } catch (IOException e) {
      // the client went away while sending its body: nobody to answer
      LOG.debug("cannot read a request body: {}", e.getMessage());
      response = error(400, "malformed_request", "the request body could not be read");
    } catch (RuntimeException e) {
      LOG.error("bug answering {} {}", method, path, e);
      response = error(500, "internal_error", "the server failed; this is a bug, see its log");
    }
    // counted before the answer leaves: a client that scrapes /metrics right after its answer
    // sees its request (the time is the server's work, the answer's transfer excepted)
    String label = PATHS.contains(path) ? path : "other";
    metrics.request(
        "GET".equals(method) || "POST".equals(method) ? method : "other",
        label,
        response.status(),
        (System.nanoTime() - start) / 1e9);
    send(exchange, response);
  }

  private Response route(String method, String path, HttpExchange exchange) throws IOException {
    switch (path) {
      case "/get-online-features":
        requireMethod(method, "POST");
        authorize(exchange, ApiTokens.Scope.READ);
        return getOnlineFeatures(body(exchange));
      case "/push":
        requireMethod(method, "POST");
        authorize(exchange, ApiTokens.Scope.WRITE);
        return push(body(exchange));
      case "/write-to-online-store":
        requireMethod(method, "POST");
        authorize(exchange, ApiTokens.Scope.WRITE);
        return writeToOnline(body(exchange));
      case "/health":
        requireMethod(method, "GET");
        return health();
      case "/metrics":
        requireMethod(method, "GET");
        return metrics(exchange.getRequestHeaders().getFirst("Accept"));
      case "/openapi.json":
        requireMethod(method, "GET");
        return new Response(
            200, "application/json", OpenApiDocument.JSON.getBytes(StandardCharsets.UTF_8));
      default:
        return error(
            404, "not_found", "no endpoint at " + abbreviate(path) + "; see /openapi.json");
    }
  }

  /**
   * Checks a request's {@code Authorization} header against the server's tokens.
   *
   * @throws RequestException 401 without a known bearer token, 403 when its token lacks {@code
   *     needed}
   */
  private void authorize(HttpExchange exchange, ApiTokens.Scope needed) {
    ApiTokens tokens = config.auth();
    if (!tokens.required()) {
      return;
    }
    String secret =
        ApiTokens.bearerSecret(exchange.getRequestHeaders().getFirst("Authorization"))
            .orElseThrow(
                () ->
                    new RequestException(
                        401,
                        "unauthorized",
                        "send 'Authorization: Bearer <token>': this server needs a token"));
    ApiTokens.Token match =
        tokens
            .match(secret)
            .orElseThrow(
                () -> new RequestException(401, "unauthorized", "the bearer token is not known"));
    if (!match.scopes().contains(needed)) {
      throw new RequestException(
          403,
          "forbidden",
          "token '" + match.name() + "' has scopes " + match.scopes() + ", this needs " + needed);
    }
  }

  private static void requireMethod(String method, String expected) {
    if (!expected.equals(method)) {
      throw new MethodNotAllowed(expected, method);
    }
  }

  private static final class MethodNotAllowed extends RequestException {
    private static final long serialVersionUID = 1L;

    MethodNotAllowed(String expected, String found) {
      super(
          405,
          "method_not_allowed",
          "this endpoint answers " + expected + ", not " + abbreviate(found));
    }
  }

  private JsonNode body(HttpExchange exchange) throws IOException {
    byte[] bytes;
    try (InputStream in = exchange.getRequestBody()) {
      bytes = in.readNBytes(config.maxBodyBytes() + 1);
    }
    if (bytes.length > config.maxBodyBytes()) {
      throw new RequestException(
          "request_too_large",
          "the request body must be at most " + config.maxBodyBytes() + " bytes");
    }
    if (bytes.length == 0) {
      throw new RequestException("empty_request", "the request body is empty");
    }
    return json.readTree(bytes);
  }

  private FeatureRepository repository() {
    try {
      return Objects.requireNonNull(repository.get(), "the registry supplied no repository");
    } catch (RuntimeException e) {
      throw new Unavailable(
          "registry_unavailable", "the registry cannot be read; retry later: " + e.getMessage(), e);
    }
  }

  private Response getOnlineFeatures(JsonNode body) {
    OnlineRequest request = OnlineRequest.parse(body, repository(), config.maxEntities());
    ResponseBuffer buffer = buffers.get();
    buffer.reset();
    request.read(online, clock.instant(), metrics, buffer);
    return new Response(200, "application/json", buffer.array(), buffer.length());
  }

  private Response push(JsonNode body) {
    WriteRequest request = WriteRequest.push(body, repository(), config.maxEntities());
    if (request.to().offline && offline == null) {
      throw new RequestException(
          "offline_unavailable",
          "to: this server has no offline store; push with \"to\": \"online\"");
    }
    return write(request);
  }

  private Response writeToOnline(JsonNode body) {
    return write(WriteRequest.writeToOnline(body, repository(), config.maxEntities()));
  }

  private Response write(WriteRequest request) {
    long written = 0;
    for (Map.Entry<FeatureView, List<FeatureRow>> entry : request.views().entrySet()) {
      FeatureView view = entry.getKey();
      List<FeatureRow> rows = entry.getValue();
      try {
        if (request.to().online && view.online()) {
          online.write(view, rows);
        }
        if (request.to().offline && view.offline()) {
          try {
            offline.append(view, rows);
          } catch (UncheckedIOException e) {
            throw new Unavailable(
                "offline_store_unavailable",
                "the offline store cannot be written: " + e.getMessage(),
                e);
          }
        }
      } catch (IllegalArgumentException e) {
        // the stores' contract: rows that do not match the view, i.e. what the request sent
        throw new RequestException("invalid_rows", "df: " + e.getMessage());
      }
      metrics.rowsWritten(view.name(), rows.size());
      written += rows.size();
    }
    ObjectNode response = json.createObjectNode();
    response.put("rows_written", written);
    return Response.json(200, response);
  }

  private Response health() {
    boolean healthy = online.isHealthy();
    ObjectNode response = json.createObjectNode();
    response.put("status", healthy ? "ok" : "unavailable");
    return Response.json(healthy ? 200 : 503, response);
  }

  private Response error(int status, String code, String detail) {
    ObjectNode node = json.createObjectNode();
    node.put("error", code);
    node.put("detail", detail);
    return Response.json(status, node);
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }

  private static void send(HttpExchange exchange, Response response) {
    try {
      exchange.getResponseHeaders().set("Content-Type", response.contentType());
      if (response.status() == 401) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"featurewatch\"");
      }
      exchange.sendResponseHeaders(response.status(), response.length());
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(response.body(), 0, response.length());
      }
    } catch (IOException e) {
      LOG.debug("client went away before the answer: {}", e.getMessage());
    } finally {
      exchange.close();
    }
  }

  /**
   * Every metric of the registry in the format {@code accept} asks for: OpenMetrics, protobuf (when
   * client_java's {@code prometheus-metrics-exposition-formats} is on the classpath, as in the
   * command), else the text format.
   */
  private Response metrics(String accept) throws IOException {
    ExpositionFormatWriter writer = formats.findWriter(accept);
    if (!writer.isAvailable()) {
      writer = formats.getPrometheusTextFormatWriter();
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
    writer.write(body, registry.scrape());
    return new Response(200, writer.getContentType(), body.toByteArray());
  }
}
