package dev.featurewatch.alerting.receiver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.featurewatch.alerting.receiver.AlertNotification.Alert;
import dev.featurewatch.alerting.receiver.AlertTags.Version;
import dev.featurewatch.modelregistry.ModelRegistry;
import dev.featurewatch.modelregistry.ModelRegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alertmanager's webhook receiver for featurewatch: {@code POST /alerts} with a notification writes
 * each alert's state to the model version it is about ({@link AlertTags}), so the registry shows
 * "drift alert firing since ..." next to the version's monitoring results. {@code GET /health}
 * answers 200.
 *
 * <p>Answers: 200 when every alert about a model version was written (alerts naming none, like
 * {@code MonitoringJobDown}, are skipped and counted); 400 for a body that is not a notification,
 * naming the field; 422 when the registry has no such version or refuses a tag (not worth retrying;
 * the others are written); 503 when the registry cannot be reached, so Alertmanager retries the
 * whole notification, which is idempotent. Notifications are handled one at a time, so the
 * version's list of firing alerts is recomputed from its tags without races.
 *
 * <pre>{@code
 * try (AlertReceiver receiver = new AlertReceiver(registry, "0.0.0.0", 9095)) {
 *   receiver.start(); // alertmanager.yml: webhook_configs: [{url: http://HOST:9095/alerts}]
 * }
 * }</pre>
 */
public final class AlertReceiver implements AutoCloseable {

  /** The path Alertmanager posts to. */
  public static final String PATH = "/alerts";

  /** The health paths: {@code /health}, and Kubernetes' liveness and readiness probes. */
  static final Set<String> HEALTH = Set.of("/health", "/health/live", "/health/ready");

  private static final Logger LOG = LoggerFactory.getLogger(AlertReceiver.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  // far above any group's notification; a bigger body is not from Alertmanager
  private static final int MAX_BODY = 4 << 20;

  private final ModelRegistry registry;
  private final Clock clock;
  private final String host;
  private final int port;
  private final SSLContext tls;
  private HttpServer server;
  private ExecutorService executor;

  /**
   * A receiver not yet started.
   *
   * @param host the address to bind, such as {@code 127.0.0.1} or {@code 0.0.0.0}
   * @param port the port, 0 for a free one
   */
  public AlertReceiver(ModelRegistry registry, String host, int port) {
    this(registry, host, port, null, Clock.systemUTC());
  }

  /**
   * A receiver not yet started that serves HTTPS with {@code tls} (Alertmanager's {@code
   * webhook_configs} then need {@code tls_config} trusting its certificate).
   */
  public AlertReceiver(ModelRegistry registry, String host, int port, SSLContext tls) {
    this(registry, host, port, Objects.requireNonNull(tls, "tls"), Clock.systemUTC());
  }

  /** A receiver whose notifications are confirmed at {@code clock}'s time: for tests. */
  AlertReceiver(ModelRegistry registry, String host, int port, Clock clock) {
    this(registry, host, port, null, clock);
  }

  private AlertReceiver(
      ModelRegistry registry, String host, int port, SSLContext tls, Clock clock) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
    this.tls = tls;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Binds the port and starts answering.
   *
   * @throws UncheckedIOException when the port cannot be bound
   */
  public synchronized void start() {
    try {
      if (tls == null) {
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
      } else {
        HttpsServer https = HttpsServer.create(new InetSocketAddress(host, port), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        server = https;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot bind the alert receiver to " + host + ":" + port + ": " + e.getMessage(), e);
    }
    // one thread: notifications are applied in the order they come, one at a time
    executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "alert-receiver"));
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    LOG.info("alert receiver listening on {}:{}{}", host, port(), PATH);
  }

  /** The port bound. */
  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("the alert receiver is not started");
    }
    return server.getAddress().getPort();
  }

  @Override
  public synchronized void close() {
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
  }

  /** What a notification came to. */
  record Outcome(int status, ObjectNode body) {}

  private void handle(HttpExchange exchange) throws IOException {
    try {
      Outcome outcome;
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      // read before any answer, whatever the path: the JDK's server reads an unread body only
      // after answering, and over TLS the client's next request can then be stranded in the TLS
      // layer's buffer, unanswered (as FeatureServer found); a body too long to read to its end
      // closes the connection instead
      byte[] body = read(exchange.getRequestBody());
      if (body == null) {
        exchange.getResponseHeaders().set("Connection", "close");
      }
      if (HEALTH.contains(path)) {
        // live and ready alike: the receiver holds no state to load, and a registry that does
        // not answer fails the notification (503), which Alertmanager retries
        outcome =
            method.equals("GET")
                ? new Outcome(200, JSON.createObjectNode().put("status", "ok"))
                : notAllowed(exchange, path, "GET", method);
      } else if (!path.equals(PATH)) {
        outcome = error(404, "no such path: " + path + " (Alertmanager posts to " + PATH + ")");
      } else if (!method.equals("POST")) {
        outcome = notAllowed(exchange, path, "POST", method);
      } else {
        outcome =
            body == null
                ? error(413, "a notification is at most " + MAX_BODY + " bytes")
                : receive(new String(body, StandardCharsets.UTF_8));
      }
      respond(exchange, outcome);
    } catch (RuntimeException e) {
      LOG.error("alert notification failed", e);
      respond(exchange, error(500, "unexpected error: " + e));
    } finally {
      exchange.close();
    }
  }

  private static void respond(HttpExchange exchange, Outcome outcome) throws IOException {
    byte[] answer = outcome.body().toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(outcome.status(), answer.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer);
    }
  }

  /** Applies one notification's body; package-private for tests without HTTP. */
  Outcome receive(String body) {
    AlertNotification notification;
    try {
      notification = AlertNotification.parse(body);
    } catch (IllegalArgumentException e) {
      return error(400, "not an Alertmanager notification: " + e.getMessage());
    }
    Instant confirmed = clock.instant();
    int written = 0;
    int skipped =
        (int) notification.alerts().stream().filter(a -> AlertTags.version(a) == null).count();
    List<String> refused = new ArrayList<>();
    Set<Version> touched = new LinkedHashSet<>();
    try {
      for (Map.Entry<Tag, Alert> entry : byTag(notification).entrySet()) {
        Version version = entry.getKey().version();
        String key = entry.getKey().key();
        Alert alert = entry.getValue();
        try {
          registry.setTag(
              version.model(), version.version(), key, AlertTags.value(alert, confirmed));
          touched.add(version);
          written++;
          LOG.info(
              "{} {} on {} version {}",
              key,
              alert.firing() ? "firing" : "resolved",
              version.model(),
              version.version());
        } catch (ModelRegistryException e) {
          if (e.retryable()) {
            throw e;
          }
          refused.add(version.model() + " version " + version.version() + ": " + e.getMessage());
        }
      }
      for (Version version : touched) {
        try {
          registry.setTag(
              version.model(),
              version.version(),
              AlertTags.FIRING,
              AlertTags.firing(registry.version(version.model(), version.version()).tags()));
        } catch (ModelRegistryException e) {
          if (e.retryable()) {
            throw e;
          }
          refused.add(version.model() + " version " + version.version() + ": " + e.getMessage());
        }
      }
    } catch (ModelRegistryException e) {
      LOG.warn("model registry unavailable, Alertmanager will retry: {}", e.getMessage());
      return error(503, "model registry unavailable: " + e.getMessage());
    }
    ObjectNode answer = JSON.createObjectNode().put("written", written).put("skipped", skipped);
    if (refused.isEmpty()) {
      return new Outcome(200, answer);
    }
    LOG.warn("alerts not written: {}", refused);
    answer.put("error", "not written: " + String.join("; ", refused));
    return new Outcome(422, answer);
  }

  /** A tag of a model version. */
  private record Tag(Version version, String key) {}

  /**
   * The alerts about a model version by the tag they are written to. Alerts the tag does not tell
   * apart (another scrape target, another drift method) come to one: a firing one over a resolved
   * one, then the one that started last.
   */
  private static Map<Tag, Alert> byTag(AlertNotification notification) {
    Map<Tag, Alert> byTag = new LinkedHashMap<>();
    for (Alert alert : notification.alerts()) {
      Version version = AlertTags.version(alert);
      if (version != null) {
        byTag.merge(
            new Tag(version, AlertTags.key(alert)),
            alert,
            (a, b) ->
                a.firing() != b.firing()
                    ? (a.firing() ? a : b)
                    : (b.startsAt().isAfter(a.startsAt()) ? b : a));
      }
    }
    return byTag;
  }

  /** 405, with the {@code Allow} header HTTP asks of it. */
  private static Outcome notAllowed(
      HttpExchange exchange, String path, String allowed, String method) {
    exchange.getResponseHeaders().set("Allow", allowed);
    return error(405, path + " takes " + allowed + ", not " + method);
  }

  private static Outcome error(int status, String message) {
    return new Outcome(status, JSON.createObjectNode().put("error", message));
  }

  /** The body, or null when it is longer than {@link #MAX_BODY}. */
  private static byte[] read(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY + 1);
    return body.length > MAX_BODY ? null : body;
  }
}
