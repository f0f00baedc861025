package dev.featurewatch.benchmarks.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * An open-loop load generator for {@code POST /get-online-features}: requests are due at a fixed
 * rate, request {@code i} at {@code start + i / rate}, whatever the server's answers do, and each
 * latency is measured from the request's <em>due</em> time to the end of its response. A slow
 * answer therefore delays the requests queued behind it and they count that wait, so the
 * percentiles are corrected for coordinated omission (a closed-loop client would send less while
 * the server stalls and report only the stall's one slow request).
 *
 * <p>The requests go over {@code connections} keep-alive HTTP/1.1 connections ({@link
 * KeepAliveConnection}), one thread each. A thread takes the next due request from a shared
 * counter, parks until it is due, sends it and reads the answer: when every connection is busy the
 * next request waits for one, and that wait is in its latency. Parking wakes late by about 65 µs
 * here (the kernel's default timer slack is 50 µs); that is in the latencies too, so they are
 * slightly pessimistic. Each request asks for every feature of the 50 for {@code entities} entity
 * ids drawn uniformly from the 1,000,000, generated as it is sent (or for other {@link Requests}).
 *
 * <p>Requests due during the warm-up are sent but not recorded. Every answer must be 200; one in
 * {@code checkEvery} is parsed and checked: 51 columns (the join key and the 50 features), as many
 * values and statuses as entities asked, the join key's values the ids asked, every feature {@code
 * PRESENT} with the value the data set holds ({@link ServingDataset#values}; other {@link Requests}
 * check their own values). Anything else, and any connection failure, is an error (the connection
 * is then opened again).
 *
 * <p>The achieved rate is the number of measured requests answered divided by the time from the end
 * of the warm-up to the last of their answers. Requests not sent within a grace period after the
 * schedule ends (an overloaded server) are dropped, which lowers the achieved rate.
 */
final class LoadGenerator {

  /** How long past its last due time a run waits for the backlog before giving up. */
  private static final Duration GRACE = Duration.ofSeconds(5);

  private final InetSocketAddress server;
  private final int connections;
  private final int checkEvery;
  private final byte[] bodyPrefix;
  private final byte[] headerPrefix;
  private final Requests requests;

  /**
   * What the requests ask for: {@code features} of ids drawn uniformly from {@code idCount} ids
   * from {@code firstId} under {@code joinKey}; an answer checked is right when it has the join key
   * and every feature as columns, the join key's values the ids asked, and {@code values} finds
   * nothing wrong with any feature's value.
   */
  record Requests(
      List<String> features, String joinKey, long firstId, int idCount, ValueCheck values) {

    /** The serving data set's 50 features, each {@code PRESENT} with the value it holds. */
    static Requests servingDataset() {
      return new Requests(
          ServingDataset.featureReferences(),
          ServingDataset.JOIN_KEY,
          0,
          ServingDataset.ENTITIES,
          (feature, id, status, value) -> {
            if (!"PRESENT".equals(status)) {
              return status;
            }
            Object expected =
                ServingDataset.values(feature / ServingDataset.FEATURES_PER_VIEW, id)
                    .get(feature % ServingDataset.FEATURES_PER_VIEW);
            return matches(value, expected) ? null : "expected " + expected + ", found " + value;
          });
    }
  }

  /** Null when feature {@code feature}'s (0-based) answer for {@code id} is right, else why not. */
  @FunctionalInterface
  interface ValueCheck {
    String check(int feature, long id, String status, JsonNode value);
  }

  /**
   * @param connections keep-alive connections (and client threads), at least 1
   * @param checkEvery parse and check one answer in this many (per connection), at least 1
   */
  LoadGenerator(InetSocketAddress server, int connections, int checkEvery) {
    this(server, connections, checkEvery, Requests.servingDataset());
  }

  /**
   * @param connections keep-alive connections (and client threads), at least 1
   * @param checkEvery parse and check one answer in this many (per connection), at least 1
   * @param requests what each request asks for and how its answer is checked
   */
  LoadGenerator(InetSocketAddress server, int connections, int checkEvery, Requests requests) {
    this.server = Objects.requireNonNull(server, "server");
    if (connections < 1) {
      throw new IllegalArgumentException("connections must be at least 1: " + connections);
    }
    if (checkEvery < 1) {
      throw new IllegalArgumentException("checkEvery must be at least 1: " + checkEvery);
    }
    this.connections = connections;
    this.checkEvery = checkEvery;
    this.requests = requests;
    StringBuilder body = new StringBuilder("{\"features\":[");
    List<String> features = requests.features();
    for (int i = 0; i < features.size(); i++) {
      body.append(i == 0 ? "\"" : ",\"").append(features.get(i)).append('"');
    }
    body.append("],\"entities\":{\"").append(requests.joinKey()).append("\":[");
    bodyPrefix = body.toString().getBytes(StandardCharsets.US_ASCII);
    headerPrefix =
        ("POST /get-online-features HTTP/1.1\r\nHost: "
                + server.getHostString()
                + ":"
                + server.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: ")
            .getBytes(StandardCharsets.US_ASCII);
  }

  /** What one run measured. Latencies are in nanoseconds. */
  record Result(
      int rate,
      int entities,
      double achievedRate,
      long due,
      long answered,
      long errors,
      String firstError,
      Histogram latency,
      Histogram serviceTime) {

    /** The latency at {@code percentile} (0 to 100), in milliseconds. */
    double latencyMillis(double percentile) {
      return latency.getValueAtPercentile(percentile) / 1e6;
    }

    double maxMillis() {
      return latency.getMaxValue() / 1e6;
    }
  }

  /**
   * Runs {@code rate} requests a second of {@code entities} entities each for {@code warmUp} plus
   * {@code measure}, recording the requests due during {@code measure}.
   */
  Result run(int rate, int entities, Duration warmUp, Duration measure, long seed)
      throws InterruptedException {
    if (rate < 1) {
      throw new IllegalArgumentException("rate must be at least 1 request a second: " + rate);
    }
    long total = (warmUp.toNanos() + measure.toNanos()) * rate / 1_000_000_000L;
    long firstMeasured = warmUp.toNanos() * rate / 1_000_000_000L;
    double periodNanos = 1e9 / rate;
    long start = System.nanoTime() + 50_000_000L; // leave time to connect
    Schedule schedule =
        new Schedule(
            new AtomicLong(),
            total,
            firstMeasured,
            start,
            periodNanos,
            start + Math.round(total * periodNanos) + GRACE.toNanos());
    long measureFrom = schedule.due(firstMeasured);
    List<Worker> workers = new ArrayList<>(connections);
    List<Thread> threads = new ArrayList<>(connections);
    for (int c = 0; c < connections; c++) {
      Worker worker = new Worker(entities, new SplittableRandom(seed * 1_000_003L + c), schedule);
      workers.add(worker);
      Thread thread = new Thread(worker, "load-" + c);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    Histogram latency = newHistogram();
    Histogram service = newHistogram();
    long answered = 0;
    long errors = 0;
    long lastAnswer = measureFrom;
    String firstError = null;
    for (Worker worker : workers) {
      latency.add(worker.latency);
      service.add(worker.service);
      answered += worker.answered;
      errors += worker.errors;
      lastAnswer = Math.max(lastAnswer, worker.lastAnswer);
      if (firstError == null) {
        firstError = worker.firstError;
      }
    }
    double seconds = Math.max(lastAnswer - measureFrom, 1) / 1e9;
    return new Result(
        rate,
        entities,
        answered / seconds,
        total - firstMeasured,
        answered,
        errors,
        firstError,
        latency,
        service);
  }

  private static Histogram newHistogram() {
    // 1 µs to 10 minutes, 3 significant digits
    return new Histogram(1_000L, 600_000_000_000L, 3);
  }

  /**
   * When each request is due: request {@code i} at {@code start + i * periodNanos}; the workers
   * take the next from {@code next}. Requests before {@code firstMeasured} are the warm-up; none is
   * sent after {@code giveUpAt}.
   */
  private record Schedule(
      AtomicLong next,
      long total,
      long firstMeasured,
      long start,
      double periodNanos,
      long giveUpAt) {
    long due(long i) {
      return start + Math.round(i * periodNanos);
    }
  }

  /** One connection's thread; its counters are read after it ends. */
  private final class Worker implements Runnable {
    private final int entities;
    private final SplittableRandom random;
    private final Schedule schedule;
    private final ObjectMapper json = new ObjectMapper();
    private final long[] ids;
    private final byte[] request;
    private final Histogram latency = newHistogram();
    private final Histogram service = newHistogram();
    private long answered;
    private long errors;
    private long lastAnswer;
    private String firstError;
    private KeepAliveConnection connection;
    private long sent;

    Worker(int entities, SplittableRandom random, Schedule schedule) {
      this.entities = entities;
      this.random = random;
      this.schedule = schedule;
      this.ids = new long[entities];
      // ids of at most 19 digits and a comma each, the headers and the JSON around them
      this.request = new byte[headerPrefix.length + 32 + bodyPrefix.length + entities * 20 + 8];
    }

    @Override
    public void run() {
      try {
        AtomicLong next = schedule.next();
        for (long i = next.getAndIncrement(); i < schedule.total(); i = next.getAndIncrement()) {
          long due = schedule.due(i);
          for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
            LockSupport.parkNanos(due - now);
          }
          if (System.nanoTime() > schedule.giveUpAt()) {
            return;
          }
          exchange(i, due);
        }
      } finally {
        closeConnection();
      }
    }

    private void exchange(long i, long due) {
      boolean measured = i >= schedule.firstMeasured();
      int length = buildRequest();
      boolean check = ++sent % checkEvery == 0;
      try {
        if (connection == null) {
          connection = new KeepAliveConnection(server);
        }
        long sentAt = System.nanoTime();
        int status = connection.exchange(request, length, check);
        long end = System.nanoTime();
        if (status != 200) {
          error(measured, "HTTP " + status);
          return;
        }
        if (check) {
          String problem = check(connection.body(), connection.bodyLength());
          if (problem != null) {
            error(measured, problem);
            return;
          }
        }
        if (measured) {
          latency.recordValue(end - due);
          service.recordValue(end - sentAt);
          answered++;
          lastAnswer = end;
        }
      } catch (IOException e) {
        closeConnection();
        error(measured, e.toString());
      }
    }

    private void error(boolean measured, String what) {
      if (measured) {
        errors++;
        if (firstError == null) {
          firstError = what;
        }
      }
    }

    private void closeConnection() {
      if (connection != null) {
        try {
          connection.close();
        } catch (IOException e) {
          // nothing to do: the connection is dropped either way
        }
        connection = null;
      }
    }

    /** Writes a request for fresh random ids into {@link #request}; returns its length. */
    private int buildRequest() {
      int bodyLength = bodyPrefix.length + entities - 1 + 2; // commas, then "]}"
      for (int e = 0; e < entities; e++) {
        ids[e] = requests.firstId() + random.nextInt(requests.idCount());
        bodyLength += digits(ids[e]);
      }
      bodyLength++; // the closing '}'
      int at = put(headerPrefix, 0);
      at = putLong(bodyLength, at);
      request[at++] = '\r';
      request[at++] = '\n';
      request[at++] = '\r';
      request[at++] = '\n';
      at = put(bodyPrefix, at);
      for (int e = 0; e < entities; e++) {
        if (e > 0) {
          request[at++] = ',';
        }
        at = putLong(ids[e], at);
      }
      request[at++] = ']';
      request[at++] = '}';
      request[at++] = '}';
      return at;
    }

    private int put(byte[] bytes, int at) {
      System.arraycopy(bytes, 0, request, at, bytes.length);
      return at + bytes.length;
    }

    private int putLong(long value, int at) {
      int n = digits(value);
      long v = value;
      for (int i = at + n - 1; i >= at; i--) {
        request[i] = (byte) ('0' + v % 10);
        v /= 10;
      }
      return at + n;
    }

    /** Null when the answer is right, else what is wrong. */
    private String check(byte[] body, int length) {
      JsonNode root;
      try {
        root = json.readTree(body, 0, length);
      } catch (IOException e) {
        return "an answer that is not JSON: " + e.getMessage();
      }
      JsonNode results = root.path("results");
      int columns = 1 + requests.features().size();
      if (results.size() != columns) {
        return "expected " + columns + " result columns, found " + results.size();
      }
      for (int c = 0; c < columns; c++) {
        JsonNode column = results.get(c);
        JsonNode values = column.path("values");
        JsonNode statuses = column.path("statuses");
        if (values.size() != entities || statuses.size() != entities) {
          return "column " + c + ": expected " + entities + " values, found " + values.size();
        }
        for (int e = 0; e < entities; e++) {
          String status = statuses.get(e).asText();
          String problem =
              c == 0
                  ? "PRESENT".equals(status) && matches(values.get(e), ids[e])
                      ? null
                      : "expected the id, found " + status + " " + values.get(e)
                  : requests.values().check(c - 1, ids[e], status, values.get(e));
          if (problem != null) {
            return "column " + c + " entity " + ids[e] + ": " + problem;
          }
        }
      }
      return null;
    }
  }

  private static boolean matches(JsonNode node, Object expected) {
    if (expected instanceof Double d) {
      return node.isNumber() && node.doubleValue() == d;
    } else if (expected instanceof Long l) {
      return node.isIntegralNumber() && node.longValue() == l;
    }
    return node.isTextual() && node.textValue().equals(expected);
  }

  private static int digits(long value) {
    int n = 1;
    for (long v = value; v >= 10; v /= 10) {
      n++;
    }
    return n;
  }
}
