package dev.featurewatch.store.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feature server: Feast's HTTP API over an online store, on the JDK's HTTP server.
 *
 * <p>Every request is answered: 200; 400 with {@code {"error", "detail"}} when the request breaks a
 * rule; 404 or 405 (with {@code Allow}) for an unknown path or method; 503 with {@code Retry-After}
 * when the online store, the offline store or the registry does not answer (the next request tries
 * again, so the server recovers by itself); 500 only for a bug in the server, which is logged.
 *
 * <p><b>Deadlines.</b> A request waits for the online store at most {@link ServerConfig#deadline},
 * or less when it asks with {@value #DEADLINE_HEADER}; then it is answered 503 {@code
 * deadline_exceeded} and the store's command is dropped. Store calls do not hold the request
 * threads ({@link OnlineStore#readAllAsync}), so a stalled store cannot make requests queue behind
 * it: each is answered by its deadline.
 *
 * <p><b>Health.</b> {@code /health/live} answers 200 while the process serves; {@code
 * /health/ready} answers 200 when the registry can be read and the online store answers within the
 * deadline, else 503 naming what is not ready (Kubernetes' liveness and readiness probes). {@code
 * /health} is the store check alone, as before.
 *
 * <p><b>Connections.</b> Connections are kept alive. A request is answered only once its body has
 * been read to its end, whatever the answer, so that the client's next request on the connection is
 * taken (see {@link #readToEnd}); a refused request with more than {@value #DRAIN_BYTES} bytes of
 * body left is answered with {@code Connection: close}.
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

  /**
   * The API's paths, the values of the {@code path} metric label besides the mount prefixes ({@link
   * #mount}) and "other".
   */
  static final Set<String> PATHS =
      Set.of(
          "/get-online-features",
          "/push",
          "/write-to-online-store",
          "/health",
          "/health/live",
          "/health/ready",
          "/metrics",
          "/openapi.json");

  /**
   * The request header that asks for a shorter deadline than the server's, in whole milliseconds; a
   * longer one is capped at the server's.
   */
  public static final String DEADLINE_HEADER = "X-Deadline-Ms";

  /** What a 503 asks callers to wait before retrying, in seconds. */
  static final String RETRY_AFTER_SECONDS = "1";

  private static final String NODELAY = "sun.net.httpserver.nodelay";
  private static final String MAX_HEADERS = "sun.net.httpserver.maxReqHeaders";
  private static final String MAX_HEADER_BYTES = "sun.net.httpserver.maxReqHeaderSize";

  /**
   * The most bytes of a request's body read and dropped before it is answered when the request did
   * not read it (as the JDK's server does after answering, with the same default): a longer rest is
   * answered with {@code Connection: close}.
   */
  static final int DRAIN_BYTES = 64 << 10;

  /** The most headers a request may carry. */
  static final int MAX_HEADER_COUNT = 64;

  /** The most bytes a request's headers may hold together: 32 KiB. */
  static final int MAX_HEADER_SIZE = 32 << 10;

  /** How often a store failure is logged at most: a stalled store fails every request. */
  private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

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
  private final byte[] openApi;
  // One per request thread: an answer is written into it and sent from it before the thread takes
  // the next request.
  private final ThreadLocal<ResponseBuffer> buffers = ThreadLocal.withInitial(ResponseBuffer::new);
  private final AtomicLong nextFailureLog = new AtomicLong(System.nanoTime());
  private final AtomicLong failuresNotLogged = new AtomicLong();
  // prefix -> its pages and the scope they need (null: none), longest prefix first; set before
  // start, read by request threads after it
  private final Map<String, Mount> mounts = new TreeMap<>(Comparator.reverseOrder());
  private HttpServer server;
  private ExecutorService executor;

  private record Mount(ApiTokens.Scope scope, Pages pages) {}

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
    this.openApi =
        OpenApiDocument.json(config.maxEntities(), config.maxBodyBytes())
            .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Answers GET requests under {@code prefix} with {@code pages}, beside the API: for read-only
   * pages another module assembles (the command's web console). A request under two prefixes goes
   * to the longer; {@code prefix} without its last slash is answered by the same pages. Requests
   * are counted in the metrics with the prefix as their {@code path}.
   *
   * @param prefix a path starting and ending with {@code /}, other than the API's own
   * @param scope what a request's bearer token must allow when the server has tokens; null to
   *     answer everyone
   * @throws IllegalStateException when the server is started
   * @throws IllegalArgumentException for a prefix that is malformed, the API's, or mounted already
   */
  public synchronized void mount(String prefix, ApiTokens.Scope scope, Pages pages) {
    Objects.requireNonNull(pages, "pages");
    if (server != null) {
      throw new IllegalStateException("pages are mounted before the feature server starts");
    }
    if (prefix.length() < 2 || !prefix.startsWith("/") || !prefix.endsWith("/")) {
      throw new IllegalArgumentException(
          "a mount prefix must start and end with '/', like /ui/: '" + prefix + "'");
    }
    String bare = prefix.substring(0, prefix.length() - 1);
    if (PATHS.stream().anyMatch(p -> p.equals(bare) || p.startsWith(prefix))) {
      throw new IllegalArgumentException("a mount prefix must not hold the API's paths: " + prefix);
    }
    if (mounts.putIfAbsent(prefix, new Mount(scope, pages)) != null) {
      throw new IllegalArgumentException("pages are mounted at " + prefix + " already");
    }
  }

  /** The mount prefix a path is under, or null. */
  private String mountOf(String path) {
    for (String prefix : mounts.keySet()) {
      if (path.startsWith(prefix) || path.equals(prefix.substring(0, prefix.length() - 1))) {
        return prefix;
      }
    }
    return null;
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
    setIfAbsent(NODELAY, "true");
    // Limits on what a request's headers may hold (the JDK's defaults: 200 headers, 384 KiB),
    // enforced by the JDK's parser before the headers are kept; read at the same moment.
    setIfAbsent(MAX_HEADERS, Integer.toString(MAX_HEADER_COUNT));
    setIfAbsent(MAX_HEADER_BYTES, Integer.toString(MAX_HEADER_SIZE));
    try {
      if (config.tls() == null) {
        server = HttpServer.create(new InetSocketAddress(config.port()), 0);
      } else {
        HttpsServer https = HttpsServer.create(new InetSocketAddress(config.port()), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(config.tls()));
        server = https;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the feature server to port " + config.port(), e);
    }
    executor = Executors.newFixedThreadPool(config.threads());
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    LOG.info(
        "feature server listening on port {} ({})",
        port(),
        config.tls() == null ? "HTTP" : "HTTPS");
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
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

  /**
   * A response about to be sent: the first {@code length} bytes of {@code body}, with {@code
   * headers} besides {@code Content-Type}.
   */
  private record Response(
      int status, String contentType, byte[] body, int length, Map<String, String> headers) {
    Response(int status, String contentType, byte[] body) {
      this(status, contentType, body, body.length, Map.of());
    }

    static Response json(int status, JsonNode node) {
      return new Response(
          status, "application/json", node.toString().getBytes(StandardCharsets.UTF_8));
    }

    Response withHeader(String name, String value) {
      Map<String, String> more = new TreeMap<>(headers);
      more.put(name, value);
      return new Response(status, contentType, body, length, more);
    }
  }

  /**
   * How a request is answered once what it waits for is there: made on the thread that sends it,
   * which owns the answer buffer ({@link #buffers}).
   */
  @FunctionalInterface
  private interface Answer {
    Response make();
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
    Duration deadline = config.deadline();
    CompletableFuture<Answer> answer;
    try {
      deadline = deadline(exchange.getRequestHeaders().getFirst(DEADLINE_HEADER));
      answer = route(method, path, exchange, start + deadline.toNanos());
    } catch (Exception e) {
      answer = CompletableFuture.failedFuture(e);
    }
    Duration limit = deadline;
    if (answer.isDone()) {
      finish(exchange, method, path, start, limit, answer);
    } else {
      // the store answers on its own thread, or the deadline passes on the timer's: the answer is
      // made and sent on a request thread
      CompletableFuture<Answer> pending = answer;
      answer.whenCompleteAsync(
          (made, failure) -> finish(exchange, method, path, start, limit, pending), executor);
    }
  }

  /** Makes the answer (or the error answer of its failure), counts it and sends it. */
  private void finish(
      HttpExchange exchange,
      String method,
      String path,
      long start,
      Duration deadline,
      CompletableFuture<Answer> answer) {
    Response response;
    try {
      response = answer.join().make();
    } catch (Exception e) {
      response = failure(e, method, path, deadline);
    }
    // counted before the answer leaves: a client that scrapes /metrics right after its answer
    // sees its request (the time is the server's work, the answer's transfer excepted)
    metrics.request(
        "GET".equals(method) || "POST".equals(method) ? method : "other",
        label(path),
        response.status(),
        (System.nanoTime() - start) / 1e9);
    send(exchange, response);
  }

  /** The answer to a request that failed with {@code e}. */
  private Response failure(Exception e, String method, String path, Duration deadline) {
    Throwable cause = OnlineStoreException.unwrap(e);
    if (cause instanceof MethodNotAllowed notAllowed) {
      return error(notAllowed.status(), notAllowed.code(), notAllowed.getMessage())
          .withHeader("Allow", notAllowed.allowed);
    }
    if (cause instanceof RequestException request) {
      return error(request.status(), request.code(), request.getMessage());
    }
    if (cause instanceof JsonProcessingException json) {
      return error(
          400,
          "malformed_json",
          "the request body is not valid JSON: " + json.getOriginalMessage());
    }
    if (cause instanceof TimeoutException) {
      metrics.storeError();
      metrics.deadlineExceeded(label(path));
      logFailure("deadline_exceeded", "the online store did not answer within " + deadline);
      return error(
          503,
          "deadline_exceeded",
          "the online store did not answer within "
              + deadline.toMillis()
              + " ms (serving.deadline, or the request's "
              + DEADLINE_HEADER
              + " header); retry later");
    }
    if (cause instanceof OnlineStoreException store) {
      metrics.storeError();
      logFailure("store_unavailable", store.getMessage());
      return error(503, "store_unavailable", "the online store does not answer; retry later");
    }
    if (cause instanceof Unavailable unavailable) {
      metrics.storeError();
      logFailure(unavailable.code, unavailable.getMessage());
      return error(503, unavailable.code, unavailable.getMessage());
    }
    if (cause instanceof IOException io) {
      // the client went away while sending its body: nobody to answer
      LOG.debug("cannot read a request body: {}", io.getMessage());
      return error(400, "malformed_request", "the request body could not be read");
    }
    LOG.error("bug answering {} {}", method, path, cause);
    return error(500, "internal_error", "the server failed; this is a bug, see its log");
  }

  /**
   * Logs a failure at WARN, at most once every 10 seconds with the count of those left out: a
   * stalled store fails every request, and a log line per request would bury the log.
   */
  private void logFailure(String code, String detail) {
    long now = System.nanoTime();
    long next = nextFailureLog.get();
    if (now - next >= 0 && nextFailureLog.compareAndSet(next, now + FAILURE_LOG_INTERVAL_NANOS)) {
      long left = failuresNotLogged.getAndSet(0);
      LOG.warn(
          "{}: {}{}", code, detail, left == 0 ? "" : " (" + left + " failures since not logged)");
    } else {
      failuresNotLogged.incrementAndGet();
    }
  }

  /**
   * The deadline of a request: the server's, or the shorter one its {@value #DEADLINE_HEADER}
   * header asks for.
   */
  private Duration deadline(String header) {
    if (header == null) {
      return config.deadline();
    }
    long millis;
    try {
      millis = Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      millis = 0;
    }
    if (millis < 1) {
      throw new RequestException(
          "invalid_header",
          DEADLINE_HEADER
              + ": must be a whole number of milliseconds of at least 1, found '"
              + abbreviate(header)
              + "'");
    }
    return millis < config.deadline().toMillis() ? Duration.ofMillis(millis) : config.deadline();
  }

  private CompletableFuture<Answer> route(
      String method, String path, HttpExchange exchange, long deadlineNanos) throws Exception {
    switch (path) {
      case "/get-online-features":
        requireMethod(method, "POST");
        authorize(exchange, ApiTokens.Scope.READ);
        return getOnlineFeatures(body(exchange), deadlineNanos);
      case "/push":
        requireMethod(method, "POST");
        authorize(exchange, ApiTokens.Scope.WRITE);
        return push(body(exchange), deadlineNanos);
      case "/write-to-online-store":
        requireMethod(method, "POST");
        authorize(exchange, ApiTokens.Scope.WRITE);
        return writeToOnline(body(exchange), deadlineNanos);
      case "/health":
        requireMethod(method, "GET");
        return now(health());
      case "/health/live":
        requireMethod(method, "GET");
        return now(status(200, "ok"));
      case "/health/ready":
        requireMethod(method, "GET");
        return now(ready(deadlineNanos));
      case "/metrics":
        requireMethod(method, "GET");
        return now(metrics(exchange.getRequestHeaders().getFirst("Accept")));
      case "/openapi.json":
        requireMethod(method, "GET");
        return now(new Response(200, "application/json", openApi));
      default:
        String prefix = mountOf(path);
        if (prefix == null) {
          throw new RequestException(
              404, "not_found", "no endpoint at " + abbreviate(path) + "; see /openapi.json");
        }
        Mount mount = mounts.get(prefix);
        requireMethod(method, "GET");
        if (mount.scope() != null) {
          authorize(exchange, mount.scope());
        }
        Pages.Page page = mount.pages().get(path, exchange.getRequestURI().getRawQuery());
        return now(
            new Response(
                page.status(),
                page.contentType(),
                page.body(),
                page.body().length,
                page.headers()));
    }
  }

  /** A path's value of the {@code path} metric label: its own, its mount prefix, or "other". */
  private String label(String path) {
    if (PATHS.contains(path)) {
      return path;
    }
    String prefix = mountOf(path);
    return prefix != null ? prefix : "other";
  }

  private static CompletableFuture<Answer> now(Response response) {
    return CompletableFuture.completedFuture(() -> response);
  }

  /**
   * {@code stored}, or a failure with a {@link TimeoutException} once the deadline has passed, when
   * {@code stored} is dropped (cancelled).
   */
  private static <T> CompletableFuture<T> within(CompletableFuture<T> stored, long deadlineNanos) {
    if (stored.isDone()) {
      return stored;
    }
    CompletableFuture<T> bounded =
        stored
            .copy()
            .orTimeout(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    bounded.whenComplete(
        (value, failure) -> {
          if (failure != null && OnlineStoreException.unwrap(failure) instanceof TimeoutException) {
            stored.cancel(true);
          }
        });
    return bounded;
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
    private final String allowed;

    MethodNotAllowed(String expected, String found) {
      super(
          405,
          "method_not_allowed",
          "this endpoint answers " + expected + ", not " + abbreviate(found));
      this.allowed = expected;
    }
  }

  private JsonNode body(HttpExchange exchange) throws IOException {
    // not closed here: send reads what is left of a body too long to take before it answers
    byte[] bytes = exchange.getRequestBody().readNBytes(config.maxBodyBytes() + 1);
    if (bytes.length > config.maxBodyBytes()) {
      throw new RequestException(
          413,
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

  private CompletableFuture<Answer> getOnlineFeatures(JsonNode body, long deadlineNanos) {
    OnlineRequest request = OnlineRequest.parse(body, repository(), config.maxEntities());
    return within(request.read(online, clock.instant()), deadlineNanos)
        .thenApply(
            values ->
                () -> {
                  ResponseBuffer buffer = buffers.get();
                  buffer.reset();
                  request.respond(values, metrics, buffer);
                  return new Response(
                      200, "application/json", buffer.array(), buffer.length(), Map.of());
                });
  }

  private CompletableFuture<Answer> push(JsonNode body, long deadlineNanos) {
    WriteRequest request = WriteRequest.push(body, repository(), config.maxEntities());
    if (request.to().offline && offline == null) {
      throw RequestException.unprocessable(
          "offline_unavailable",
          "to: this server has no offline store; push with \"to\": \"online\"");
    }
    return write(request, deadlineNanos);
  }

  private CompletableFuture<Answer> writeToOnline(JsonNode body, long deadlineNanos) {
    return write(
        WriteRequest.writeToOnline(body, repository(), config.maxEntities()), deadlineNanos);
  }

  /**
   * Writes each view's rows: to the offline store at once (a local append), to the online store
   * within the deadline. The answer counts the rows once every write has ended.
   */
  private CompletableFuture<Answer> write(WriteRequest request, long deadlineNanos) {
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    long written = 0;
    try {
      for (Map.Entry<FeatureView, List<FeatureRow>> entry : request.views().entrySet()) {
        FeatureView view = entry.getKey();
        List<FeatureRow> rows = entry.getValue();
        if (request.to().online && view.online()) {
          writes.add(
              online
                  .writeAsync(view, rows)
                  .thenRun(() -> metrics.rowsWritten(view.name(), rows.size())));
        } else {
          metrics.rowsWritten(view.name(), rows.size());
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
        written += rows.size();
      }
    } catch (IllegalArgumentException e) {
      // the stores' contract: rows that do not match the view, i.e. what the request sent
      writes.forEach(write -> write.cancel(true));
      throw RequestException.unprocessable("invalid_rows", "df: " + e.getMessage());
    } catch (RuntimeException e) {
      writes.forEach(write -> write.cancel(true));
      throw e;
    }
    ObjectNode response = json.createObjectNode();
    response.put("rows_written", written);
    Response ok = Response.json(200, response);
    return within(allOf(writes), deadlineNanos).thenApply(done -> () -> ok);
  }

  /** Completes when every write has; cancelling it cancels them. */
  private static CompletableFuture<Void> allOf(List<CompletableFuture<Void>> writes) {
    CompletableFuture<Void> all =
        CompletableFuture.allOf(writes.toArray(new CompletableFuture<?>[0]));
    all.whenComplete(
        (done, failure) -> {
          if (all.isCancelled()) {
            writes.forEach(write -> write.cancel(true));
          }
        });
    return all;
  }

  private Response health() {
    boolean healthy = online.isHealthy();
    return status(healthy ? 200 : 503, healthy ? "ok" : "unavailable");
  }

  private Response status(int code, String status) {
    ObjectNode response = json.createObjectNode();
    response.put("status", status);
    return Response.json(code, response);
  }

  /** Ready: the registry reads and the online store answers within the deadline. */
  private Response ready(long deadlineNanos) {
    ObjectNode response = json.createObjectNode();
    boolean ready = true;
    try {
      repository();
      response.put("registry", "ok");
    } catch (Unavailable e) {
      ready = false;
      response.put("registry", e.getMessage());
    }
    long remaining = Math.max(1, deadlineNanos - System.nanoTime());
    if (online.isHealthy(Duration.ofNanos(remaining))) {
      response.put("online_store", "ok");
    } else {
      ready = false;
      response.put("online_store", "does not answer within the deadline");
    }
    response.put("status", ready ? "ready" : "not_ready");
    return Response.json(ready ? 200 : 503, response);
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
      if (!readToEnd(exchange.getRequestBody())) {
        exchange.getResponseHeaders().set("Connection", "close");
      }
      exchange.getResponseHeaders().set("Content-Type", response.contentType());
      response.headers().forEach(exchange.getResponseHeaders()::set);
      if (response.status() == 401) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"featurewatch\"");
      }
      if (response.status() == 503) {
        exchange.getResponseHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
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
   * Reads what is left of a request's body, at most {@value #DRAIN_BYTES} bytes of it: true when it
   * has been read to its end, so that the connection can take the client's next request; false when
   * more is left or it cannot be read, and the answer closes the connection.
   *
   * <p>Why before the answer: a request refused before its body was read (401, 403, 404, 405, 413)
   * would otherwise be answered first, and the JDK's server reads the rest only after sending the
   * answer. A client that has its answer sends its next request on the same connection; over TLS,
   * that request can then be read off the socket together with the end of the refused body, into
   * the TLS layer's buffer, where the JDK's server does not look for a next request (only into its
   * buffer of decrypted bytes). The request is never answered, and the connection is closed as idle
   * 30 to 40 seconds later: the client sees it closed without an answer.
   */
  private static boolean readToEnd(InputStream body) {
    try {
      if (body.read() == -1) {
        return true;
      }
      byte[] skipped = new byte[8192];
      long left = DRAIN_BYTES - 1;
      for (int read = 0; read != -1; read = body.read(skipped)) {
        left -= read;
        if (left < 0) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      LOG.debug("cannot read the rest of a request body: {}", e.getMessage());
      return false;
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
