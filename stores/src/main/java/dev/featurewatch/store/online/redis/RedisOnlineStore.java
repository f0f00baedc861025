package dev.featurewatch.store.online.redis;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.OnlineStoreException;
import dev.featurewatch.store.online.OnlineValue;
import dev.featurewatch.store.online.RowCodec;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The shared online store: one Redis string per (view, entity key), on a single Redis or a Redis
 * Cluster, through one thread-safe Lettuce connection (no pool: Lettuce multiplexes).
 *
 * <p><b>Keys</b> are {@code <keyPrefix><RowCodec.encodeKey(view, entity key)>}: the prefix (default
 * {@code fw:}) as UTF-8, then the length-prefixed view name and entity key (binary, see {@link
 * RowCodec}). Values are {@link RowCodec} bytes.
 *
 * <p><b>Writes</b> run {@link #CAS_SCRIPT} with {@code EVALSHA} (loaded once at connect, reloaded
 * on {@code NOSCRIPT}, e.g. after a Redis restart), on up to {@value #CAS_BATCH} rows per call (one
 * call per row cost three quarters of a bulk materialize into Redis), the calls of a batch
 * pipelined. For each key the script compares bytes 1 to 16 of the stored and the new value, the
 * event and created times, as two signed big-endian int64s, and {@code SET}s the new value only
 * when it is newer or equal: Redis runs a script atomically, so no other write comes between the
 * compare and the set, from any client. On a cluster a call holds keys of one hash slot.
 *
 * <p><b>Expiry.</b> When the view's ttl is positive, each write sets a Redis expiry of {@code ttl +
 * expiryMargin} from the write, so rows that stop being written disappear by themselves (Redis 7.0
 * has no per-field TTL; this is per row). Max age is still applied on read from the event time in
 * the value, so a row is {@code OUTSIDE_MAX_AGE} from {@code eventTime + ttl} on, and {@code
 * NOT_FOUND} once Redis has expired it. {@link #deleteExpired} sweeps what Redis does not expire.
 *
 * <p><b>Failures.</b> Every command has a timeout (the URI's, {@code ?timeout=2s}; Lettuce's
 * default is 60 s), and {@link #readAllAsync} and {@link #writeAsync} let a caller with a shorter
 * deadline stop waiting and drop the command. While the connection is down, commands fail at once
 * rather than queue (a queue would hold every caller until Redis returns), and Lettuce reconnects
 * in the background, so a restarted Redis needs no restart of ours.
 *
 * <p><b>Reads</b> are one {@code MGET} per call, of all views' keys for {@link #readAll}; on a
 * cluster Lettuce splits it by hash slot and reassembles the answers in key order.
 *
 * <pre>{@code
 * try (RedisOnlineStore store = RedisOnlineStore.connect(RedisURI.create("redis://localhost:6379"))) {
 *   store.write(view, rows);
 * }
 * }</pre>
 */
@Internal
public final class RedisOnlineStore implements OnlineStore {

  /** The key prefix of {@link #connect(RedisURI)}. */
  public static final String DEFAULT_KEY_PREFIX = "fw:";

  /** How long past its ttl a row stays in Redis by default: one hour. */
  public static final Duration DEFAULT_EXPIRY_MARGIN = Duration.ofHours(1);

  /**
   * The compare-and-set of a batch. KEYS: the rows' keys; ARGV[1]: the expiry in milliseconds, 0
   * for none; ARGV[1 + k]: the new value of KEYS[k] (format version 1). Returns how many keys were
   * written (a key whose stored row is newer is left).
   *
   * <p>A key not yet stored is set by one {@code SET NX GET} (Redis 7.0), which also returns the
   * stored value when there is one: a first materialize makes one call per key, not a {@code GET}
   * and a {@code SET}. A stored value's event and created times (bytes 2 to 17, two big-endian
   * int64s) are read with Redis's {@code struct} library as a signed high and an unsigned low
   * 32-bit half each, which Lua's double numbers hold exactly; {@code <} on strings is not used
   * because it follows the server's locale.
   */
  public static final String CAS_SCRIPT =
      """
      local written = 0
      local expiry = ARGV[1]
      for k = 1, #KEYS do
        local new = ARGV[k + 1]
        local old
        if expiry == '0' then
          old = redis.call('SET', KEYS[k], new, 'NX', 'GET')
        else
          old = redis.call('SET', KEYS[k], new, 'PX', expiry, 'NX', 'GET')
        end
        if not old then
          written = written + 1
        else
          if #old < 17 or string.byte(old, 1) ~= 1 then
            return redis.error_reply('featurewatch online store: a value stored at a key of this batch is not online format version 1')
          end
          local eh, el, ch, cl = struct.unpack('>i4I4i4I4', new, 2)
          local oeh, oel, och, ocl = struct.unpack('>i4I4i4I4', old, 2)
          local newer = eh > oeh or (eh == oeh and (el > oel or (el == oel and
            (ch > och or (ch == och and cl >= ocl)))))
          if newer then
            if expiry == '0' then
              redis.call('SET', KEYS[k], new)
            else
              redis.call('SET', KEYS[k], new, 'PX', expiry)
            end
            written = written + 1
          end
        end
      end
      return written
      """;

  /**
   * Keys per {@link #CAS_SCRIPT} call on a single Redis: a call's fixed cost (parsing, the script
   * lookup) is shared by this many rows, while one call still blocks the server for well under a
   * millisecond.
   */
  private static final int CAS_BATCH = 100;

  /**
   * The expiry sweep's compare-and-delete. KEYS[1]: the row's key; ARGV[1]: the cutoff, 8 bytes
   * int64 big-endian microseconds. Deletes the row when its event time is before the cutoff, so a
   * row rewritten with a newer event time since it was scanned stays. Returns 1 when deleted.
   */
  public static final String EXPIRE_SCRIPT =
      """
      local old = redis.call('GET', KEYS[1])
      if not old or #old < 17 or string.byte(old, 1) ~= 1 then return 0 end
      for i = 1, 8 do
        local a, b = string.byte(old, i + 1), string.byte(ARGV[1], i)
        if i == 1 then
          a = (a + 128) % 256
          b = (b + 128) % 256
        end
        if a < b then
          redis.call('DEL', KEYS[1])
          return 1
        end
        if a > b then return 0 end
      end
      return 0
      """;

  private static final int SWEEP_BATCH = 500;

  private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

  /**
   * Every command has the URI's timeout; while the connection is down, commands fail at once rather
   * than queue until Redis returns, and Lettuce reconnects in the background.
   */
  private static final ClientOptions FAIL_FAST =
      ClientOptions.builder()
          .autoReconnect(true)
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
          .timeoutOptions(TimeoutOptions.enabled())
          .build();

  private final AbstractRedisClient client;
  private final StatefulConnection<byte[], byte[]> connection;
  private final RedisClusterAsyncCommands<byte[], byte[]> commands;
  private final byte[] keyPrefix;
  private final Duration expiryMargin;
  private final Duration timeout;
  private final String description;
  private final boolean cluster;
  private final ClientResources resources;
  private volatile String scriptSha;
  private volatile String expireSha;
  private volatile boolean closed;

  private RedisOnlineStore(
      AbstractRedisClient client,
      StatefulConnection<byte[], byte[]> connection,
      RedisClusterAsyncCommands<byte[], byte[]> commands,
      String keyPrefix,
      Duration expiryMargin,
      Duration timeout,
      ClientResources resources,
      String description) {
    this.client = client;
    this.connection = connection;
    this.commands = commands;
    this.keyPrefix = keyPrefix.getBytes(StandardCharsets.UTF_8);
    this.expiryMargin = expiryMargin;
    this.timeout = timeout;
    this.description = description;
    this.cluster = client instanceof RedisClusterClient;
    this.resources = resources;
  }

  /** Connects to a single Redis with the default key prefix and expiry margin. */
  public static RedisOnlineStore connect(RedisURI uri) {
    return connect(uri, DEFAULT_KEY_PREFIX, DEFAULT_EXPIRY_MARGIN);
  }

  /**
   * Connects to a single Redis (or a Sentinel-managed one, as the URI says).
   *
   * @param uri the server; its timeout bounds every call
   * @param keyPrefix prepended to every key, so several stores can share one database
   * @param expiryMargin how long past the view's ttl a row is kept; zero or positive
   * @throws OnlineStoreException Redis cannot be reached
   */
  public static RedisOnlineStore connect(RedisURI uri, String keyPrefix, Duration expiryMargin) {
    return connect(uri, keyPrefix, expiryMargin, SslOptions.create());
  }

  /**
   * As above, with the TLS settings of a {@code rediss://} URI (a private CA's certificate: see
   * {@code RedisLocations}).
   */
  public static RedisOnlineStore connect(
      RedisURI uri, String keyPrefix, Duration expiryMargin, SslOptions ssl) {
    check(keyPrefix, expiryMargin);
    ClientResources resources = resources();
    RedisClient client = RedisClient.create(resources, uri);
    client.setOptions(FAIL_FAST.mutate().sslOptions(ssl).build());
    try {
      StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
      RedisOnlineStore store =
          new RedisOnlineStore(
              client,
              connection,
              connection.async(),
              keyPrefix,
              expiryMargin,
              uri.getTimeout(),
              resources,
              "Redis " + uri.getHost() + ":" + uri.getPort());
      store.loadScripts();
      return store;
    } catch (RuntimeException e) {
      client.shutdown();
      resources.shutdown();
      throw asStoreFailure("cannot connect to Redis " + uri.getHost() + ":" + uri.getPort(), e);
    }
  }

  /**
   * Connects to a Redis Cluster through any of its nodes. Keys spread over all slots; the script is
   * loaded on every primary.
   *
   * @see #connect(RedisURI, String, Duration)
   */
  public static RedisOnlineStore connectCluster(
      Collection<RedisURI> seeds, String keyPrefix, Duration expiryMargin) {
    check(keyPrefix, expiryMargin);
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("a Redis Cluster needs at least one seed node");
    }
    ClientResources resources = resources();
    RedisClusterClient client = RedisClusterClient.create(resources, seeds);
    client.setOptions(ClusterClientOptions.builder(FAIL_FAST).build());
    try {
      StatefulRedisClusterConnection<byte[], byte[]> connection =
          client.connect(ByteArrayCodec.INSTANCE);
      RedisURI first = seeds.iterator().next();
      RedisOnlineStore store =
          new RedisOnlineStore(
              client,
              connection,
              connection.async(),
              keyPrefix,
              expiryMargin,
              first.getTimeout(),
              resources,
              "Redis Cluster " + first.getHost() + ":" + first.getPort());
      store.loadScripts();
      return store;
    } catch (RuntimeException e) {
      client.shutdown();
      resources.shutdown();
      throw asStoreFailure(
          "cannot connect to Redis Cluster "
              + seeds.stream().map(u -> u.getHost() + ":" + u.getPort()).toList(),
          e);
    }
  }

  /**
   * Lettuce's threads and reconnection of one store. A lost connection is retried after 10 ms,
   * doubling up to a second, so a restarted Redis serves again within a second of coming back
   * (Lettuce's default backoff grows to 30 s).
   */
  private static ClientResources resources() {
    return DefaultClientResources.builder()
        .reconnectDelay(
            Delay.exponential(
                Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
        .build();
  }

  private static void check(String keyPrefix, Duration expiryMargin) {
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    if (expiryMargin.isNegative()) {
      throw new IllegalArgumentException(
          "Redis expiry margin must be zero or positive: " + expiryMargin);
    }
  }

  private void loadScripts() {
    await(loadScriptsAsync(), "load the scripts");
  }

  private CompletableFuture<Void> loadScriptsAsync() {
    // On a cluster, Lettuce sends SCRIPT LOAD to every primary.
    String what = "load the scripts";
    CompletableFuture<String> cas = send(() -> commands.scriptLoad(CAS_SCRIPT), what);
    CompletableFuture<String> expire = send(() -> commands.scriptLoad(EXPIRE_SCRIPT), what);
    return cas.thenAcceptBoth(
        expire,
        (casSha, expireShaLoaded) -> {
          scriptSha = casSha;
          expireSha = expireShaLoaded;
        });
  }

  @Override
  public void write(FeatureView view, List<FeatureRow> rows) {
    await(writeAsync(view, rows), "write " + rows.size() + " rows of view '" + view.name() + "'");
  }

  @Override
  public CompletableFuture<Void> writeAsync(FeatureView view, List<FeatureRow> rows) {
    return write(view, rows, false);
  }

  /**
   * A load whose rows are written as they are added. On a single Redis each batch is first set
   * whole with one {@code MSETNX}, which sets every key or, if one of them is stored, none; only
   * then is the batch compared key by key as {@link #write} does. The keys of a first materialize
   * are not stored yet, and {@code MSETNX} took 0.7 µs of Redis's time per key against 2.0 for the
   * compare-and-set script (500k keys). A view with a ttl then gets its keys' expiry with one
   * {@code PEXPIRE} each, pipelined: not atomic with the set, so a load interrupted between the two
   * can leave keys without an expiry, which reads still treat by their event time and {@link
   * #deleteExpired} removes. On a cluster, whose {@code MSETNX} must hold keys of one slot, a load
   * writes as {@link #write} does.
   */
  @Override
  public Load load(FeatureView view) {
    return new Load() {
      @Override
      public void add(List<FeatureRow> rows) {
        await(
            write(view, rows, !cluster),
            "load " + rows.size() + " rows into view '" + view.name() + "'");
      }

      @Override
      public void commit() {}
    };
  }

  private CompletableFuture<Void> write(FeatureView view, List<FeatureRow> rows, boolean setNew) {
    checkOpen();
    Map<EntityKey, FeatureRow> newest = OnlineStore.newestPerKey(view, rows);
    if (newest.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    List<byte[]> keys = new ArrayList<>(newest.size());
    List<byte[]> values = new ArrayList<>(newest.size());
    for (FeatureRow row : newest.values()) {
      keys.add(key(view, row.key()));
      values.add(RowCodec.encode(view, row));
    }
    byte[] expiry =
        Long.toString(view.ttl().isZero() ? 0 : view.ttl().plus(expiryMargin).toMillis())
            .getBytes(StandardCharsets.US_ASCII);
    String what = "write " + rows.size() + " rows of view '" + view.name() + "'";
    return (setNew
            ? setNewOrWriteAll(keys, values, expiry, what)
            : writeAll(keys, values, expiry, what))
        .exceptionallyCompose(
            failure -> {
              if (OnlineStoreException.unwrap(failure) instanceof RedisNoScriptException) {
                // The server lost its scripts (restart, failover, SCRIPT FLUSH). Writes are
                // idempotent, so reload and write the whole batch again.
                // (a load's MSETNX sets only keys not stored: again, it sets none)
                return loadScriptsAsync().thenCompose(ok -> writeAll(keys, values, expiry, what));
              }
              return CompletableFuture.failedFuture(failure);
            })
        .exceptionallyCompose(failure -> CompletableFuture.failedFuture(asFailure(failure, what)));
  }

  /**
   * Per batch of {@value #CAS_BATCH} keys, {@code MSETNX}, then {@code PEXPIRE} if they were set
   * and {@code expiry} is not 0, else {@link #writeAll}; on a single Redis (see {@link #load}).
   */
  private CompletableFuture<Void> setNewOrWriteAll(
      List<byte[]> keys, List<byte[]> values, byte[] expiry, String what) {
    long millis = Long.parseLong(new String(expiry, StandardCharsets.US_ASCII));
    List<CompletableFuture<?>> calls = new ArrayList<>();
    for (int from = 0; from < keys.size(); from += CAS_BATCH) {
      List<byte[]> batchKeys = keys.subList(from, Math.min(keys.size(), from + CAS_BATCH));
      List<byte[]> batchValues = values.subList(from, from + batchKeys.size());
      Map<byte[], byte[]> pairs = new LinkedHashMap<>();
      for (int k = 0; k < batchKeys.size(); k++) {
        pairs.put(batchKeys.get(k), batchValues.get(k));
      }
      calls.add(
          send(() -> commands.msetnx(pairs), what)
              .thenCompose(
                  set -> {
                    if (!set) {
                      return writeAll(batchKeys, batchValues, expiry, what);
                    }
                    if (millis == 0) {
                      return CompletableFuture.completedFuture(null);
                    }
                    List<CompletableFuture<Boolean>> expiries = new ArrayList<>();
                    for (byte[] key : batchKeys) {
                      expiries.add(send(() -> commands.pexpire(key, millis), what));
                    }
                    return CompletableFuture.allOf(expiries.toArray(new CompletableFuture<?>[0]));
                  }));
    }
    return cancelling(CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0])), calls);
  }

  private CompletableFuture<Void> writeAll(
      List<byte[]> keys, List<byte[]> values, byte[] expiry, String what) {
    List<CompletableFuture<Long>> calls = new ArrayList<>();
    for (List<Integer> call : casCalls(keys)) {
      byte[][] callKeys = new byte[call.size()][];
      byte[][] arguments = new byte[call.size() + 1][];
      arguments[0] = expiry;
      for (int k = 0; k < call.size(); k++) {
        callKeys[k] = keys.get(call.get(k));
        arguments[k + 1] = values.get(call.get(k));
      }
      calls.add(
          send(
              () -> commands.evalsha(scriptSha, ScriptOutputType.INTEGER, callKeys, arguments),
              what));
    }
    return cancelling(CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0])), calls);
  }

  /**
   * The keys' indexes grouped into script calls: on a single Redis, runs of {@value #CAS_BATCH}; on
   * a cluster, keys of one hash slot together (a script's keys must share a slot), so most calls
   * there hold one key.
   */
  private List<List<Integer>> casCalls(List<byte[]> keys) {
    Map<Integer, List<Integer>> bySlot = new LinkedHashMap<>();
    List<List<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      int group = cluster ? SlotHash.getSlot(keys.get(i)) : i / CAS_BATCH;
      List<Integer> call = bySlot.computeIfAbsent(group, g -> new ArrayList<>());
      call.add(i);
      if (call.size() == CAS_BATCH) {
        calls.add(call);
        bySlot.remove(group);
      }
    }
    calls.addAll(bySlot.values());
    return calls;
  }

  @Override
  public List<OnlineValue> read(FeatureView view, List<EntityKey> keys, Instant now) {
    return readAll(Map.of(view, keys), now).get(view.name());
  }

  /** One {@code MGET} of every view's keys. */
  @Override
  public Map<String, List<OnlineValue>> readAll(
      Map<FeatureView, List<EntityKey>> keys, Instant now) {
    return await(readAllAsync(keys, now), "read " + OnlineStore.describe(keys.keySet()));
  }

  /**
   * One {@code MGET} of every view's keys, decoded on Lettuce's I/O thread (a few microseconds a
   * key); cancelling the future drops the command.
   */
  @Override
  public CompletableFuture<Map<String, List<OnlineValue>>> readAllAsync(
      Map<FeatureView, List<EntityKey>> keys, Instant now) {
    Objects.requireNonNull(now, "now");
    checkOpen();
    int total = 0;
    for (List<EntityKey> viewKeys : keys.values()) {
      total += viewKeys.size();
    }
    if (total == 0) {
      Map<String, List<OnlineValue>> result = new HashMap<>();
      keys.keySet().forEach(view -> result.put(view.name(), List.of()));
      return CompletableFuture.completedFuture(result);
    }
    byte[][] encoded = new byte[total][];
    // views of the same join keys are asked the same key objects: each is encoded once
    Map<EntityKey, byte[]> entities = new IdentityHashMap<>();
    int i = 0;
    for (Map.Entry<FeatureView, List<EntityKey>> view : keys.entrySet()) {
      byte[] prefix = viewPrefix(view.getKey());
      for (EntityKey key : view.getValue()) {
        encoded[i++] = concat(prefix, entities.computeIfAbsent(key, RowCodec::encodeEntityKey));
      }
    }
    String what = "read " + total + " keys of " + OnlineStore.describe(keys.keySet());
    CompletableFuture<List<KeyValue<byte[], byte[]>>> sent =
        send(() -> commands.mget(encoded), what);
    return cancelling(
        sent.handle(
            (stored, failure) -> {
              if (failure != null) {
                throw asFailure(failure, what);
              }
              return decode(keys, stored, now);
            }),
        List.of(sent));
  }

  private static Map<String, List<OnlineValue>> decode(
      Map<FeatureView, List<EntityKey>> keys, List<KeyValue<byte[], byte[]>> stored, Instant now) {
    Map<String, List<OnlineValue>> result = new HashMap<>();
    int i = 0;
    for (Map.Entry<FeatureView, List<EntityKey>> entry : keys.entrySet()) {
      FeatureView view = entry.getKey();
      List<OnlineValue> values = new ArrayList<>(entry.getValue().size());
      for (EntityKey key : entry.getValue()) {
        KeyValue<byte[], byte[]> kv = stored.get(i++);
        values.add(
            kv.hasValue()
                ? OnlineValue.stored(view, key, kv.getValue(), now)
                : OnlineValue.notFound(view, key));
      }
      result.put(view.name(), values);
    }
    return result;
  }

  /**
   * Redis removes rows by itself {@code ttl + expiryMargin} after their last write; this sweep
   * catches what that misses (rows written while the view had no ttl, or whose event time was
   * already old when written). It {@code SCAN}s the view's keys (every node of a cluster), reads
   * them with {@code MGET} and deletes the expired ones with a compare-and-delete script, so a row
   * rewritten during the sweep stays. Cost: one pass over the view's keys, {@value #SWEEP_BATCH} at
   * a time.
   */
  @Override
  public long deleteExpired(FeatureView view, Instant now) {
    checkOpen();
    if (view.ttl().isZero()) {
      return 0;
    }
    long cutoffMicros = RowCodec.toMicros(now.minus(view.ttl()), "now - ttl");
    byte[] cutoff = new byte[8];
    for (int i = 0; i < 8; i++) {
      cutoff[i] = (byte) (cutoffMicros >>> (56 - 8 * i));
    }
    String what = "delete expired rows of view '" + view.name() + "'";
    ScanArgs args = ScanArgs.Builder.matches(globPrefix(view)).limit(SWEEP_BATCH);
    long deleted = 0;
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      ScanCursor from = cursor;
      KeyScanCursor<byte[]> page = await(send(() -> commands.scan(from, args), what), what);
      deleted += deleteIfExpired(page.getKeys(), cutoffMicros, cutoff, what);
      cursor = page;
    } while (!cursor.isFinished());
    return deleted;
  }

  private long deleteIfExpired(List<byte[]> keys, long cutoffMicros, byte[] cutoff, String what) {
    if (keys.isEmpty()) {
      return 0;
    }
    byte[][] array = keys.toArray(new byte[0][]);
    List<KeyValue<byte[], byte[]>> stored = await(send(() -> commands.mget(array), what), what);
    List<byte[]> expired = new ArrayList<>();
    for (KeyValue<byte[], byte[]> kv : stored) {
      if (kv.hasValue()
          && kv.getValue().length >= RowCodec.HEADER_LENGTH
          && kv.getValue()[0] == RowCodec.FORMAT_VERSION
          && RowCodec.eventTimeMicros(kv.getValue()) < cutoffMicros) {
        expired.add(kv.getKey());
      }
    }
    try {
      return evalAll(expireSha, expired, cutoff, what);
    } catch (RedisNoScriptException e) {
      loadScripts();
      return evalAll(expireSha, expired, cutoff, what);
    }
  }

  /** Runs a loaded one-key script per key with the same arguments, pipelined; sums the results. */
  private long evalAll(String sha, List<byte[]> keys, byte[] argument, String what) {
    List<CompletableFuture<Long>> futures = new ArrayList<>(keys.size());
    for (byte[] key : keys) {
      futures.add(
          send(
              () -> commands.evalsha(sha, ScriptOutputType.INTEGER, new byte[][] {key}, argument),
              what));
    }
    long sum = 0;
    for (CompletableFuture<Long> future : futures) {
      sum += await(future, what);
    }
    return sum;
  }

  /** A SCAN pattern matching exactly the keys of {@code view}: glob characters escaped. */
  private byte[] globPrefix(FeatureView view) {
    byte[] viewKey = RowCodec.encodeViewPrefix(view.name());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : new byte[][] {keyPrefix, viewKey}) {
      for (byte b : part) {
        if (b == '*' || b == '?' || b == '[' || b == ']' || b == '\\') {
          out.write('\\');
        }
        out.write(b);
      }
    }
    out.write('*');
    return out.toByteArray();
  }

  /**
   * Sends a command. A refusal before sending (a closed connection, or none while Lettuce
   * reconnects: commands are rejected rather than queued) is a failed future, as is any failure
   * after.
   */
  private <T> CompletableFuture<T> send(Supplier<RedisFuture<T>> command, String what) {
    try {
      return command.get().toCompletableFuture();
    } catch (RedisException e) {
      return CompletableFuture.failedFuture(asFailure(e, what));
    }
  }

  /** {@code result}, which when cancelled by its caller cancels the commands it waits for. */
  private static <T> CompletableFuture<T> cancelling(
      CompletableFuture<T> result, List<? extends CompletableFuture<?>> commands) {
    result.whenComplete(
        (value, failure) -> {
          if (result.isCancelled()) {
            commands.forEach(command -> command.cancel(true));
          }
        });
    return result;
  }

  @Override
  public boolean isHealthy() {
    return isHealthy(HEALTH_TIMEOUT);
  }

  @Override
  public boolean isHealthy(Duration within) {
    if (closed || !connection.isOpen()) {
      return false;
    }
    RedisFuture<String> ping = null;
    try {
      // A health check answers quickly even when the command timeout is long.
      long millis = Math.max(1, Math.min(timeout.toMillis(), within.toMillis()));
      ping = commands.ping();
      return "PONG".equals(ping.get(millis, TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (TimeoutException e) {
      ping.cancel(true);
      return false;
    } catch (ExecutionException | RedisException e) {
      return false;
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    connection.close();
    client.shutdown();
    resources.shutdown();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the online store on " + description + " is closed");
    }
  }

  @Override
  public String toString() {
    return "RedisOnlineStore[" + description + "]";
  }

  /** The Redis key of one row; visible so tests and tools can find it. */
  public byte[] key(FeatureView view, EntityKey key) {
    return concat(viewPrefix(view), RowCodec.encodeEntityKey(key));
  }

  /** What every key of {@code view} starts with: {@link #key} is it and the entity key's bytes. */
  private byte[] viewPrefix(FeatureView view) {
    return concat(keyPrefix, RowCodec.encodeViewPrefix(view.name()));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  /** Waits for a command at most the command timeout. */
  private <T> T await(CompletableFuture<T> future, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      throw new OnlineStoreException(description + ": interrupted while trying to " + what, e);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new OnlineStoreException(
          description + ": no answer within " + timeout + " to " + what, e);
    } catch (ExecutionException e) {
      if (OnlineStoreException.unwrap(e) instanceof RedisNoScriptException noScript) {
        throw noScript; // the sweep reloads its script and tries again
      }
      throw asFailure(e, what);
    }
  }

  /** A failure of a command as the contract says: an {@link OnlineStoreException}. */
  private OnlineStoreException asFailure(Throwable failure, String what) {
    Throwable cause = OnlineStoreException.unwrap(failure);
    return cause instanceof OnlineStoreException known
        ? known
        : new OnlineStoreException(
            description + ": cannot " + what + ": " + cause.getMessage(), cause);
  }

  private static OnlineStoreException asStoreFailure(String message, RuntimeException e) {
    return e instanceof OnlineStoreException ose
        ? ose
        : new OnlineStoreException(message + ": " + e.getMessage(), e);
  }
}
