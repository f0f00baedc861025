package dev.featurewatch.store.registry;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A registry in Redis, shared by any number of feature servers and jobs. Works with Redis Cluster:
 * all keys of one registry carry the hash tag {@code {name}} and so live in one slot.
 *
 * <ul>
 *   <li>{@code featurewatch:registry:{name}}: a hash with {@code version} and {@code json} (the
 *       current version, in {@link RegistryCodec}'s format);
 *   <li>{@code featurewatch:registry:{name}:v{N}}: every version ever stored, as JSON.
 * </ul>
 *
 * <p>Applies compare and set in one Lua script, so of two applies based on the same version only
 * one stores; the other gets {@link ConcurrentApplyException}. The connection is not closed by this
 * class and may be shared (the script needs no MULTI state on the connection).
 */
final class RedisRegistry extends StoredRegistry {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

  // KEYS[1] current hash, KEYS[2] numbered copy; ARGV[1] expected version ('0' for none),
  // ARGV[2] new version, ARGV[3] JSON. Returns 'OK' or the version found instead.
  private static final String COMPARE_AND_SET =
      """
      local current = redis.call('HGET', KEYS[1], 'version')
      if not current then current = '0' end
      if current ~= ARGV[1] then return current end
      redis.call('SET', KEYS[2], ARGV[3])
      redis.call('HSET', KEYS[1], 'version', ARGV[2], 'json', ARGV[3])
      return 'OK'
      """;

  private final StatefulRedisConnection<String, String> connection;
  private final String key;

  /**
   * A registry named {@code name} (e.g. {@code default}, or one per environment).
   *
   * @param name letters, digits, {@code _ . -}
   */
  public RedisRegistry(
      StatefulRedisConnection<String, String> connection, String name, Clock clock) {
    super(clock);
    this.connection = Objects.requireNonNull(connection, "connection");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a registry name must match " + NAME.pattern() + ", found '" + name + "'");
    }
    this.key = "featurewatch:registry:{" + name + "}";
  }

  /** A registry named {@code name}, stamping versions with the system clock (UTC). */
  public RedisRegistry(StatefulRedisConnection<String, String> connection, String name) {
    this(connection, name, Clock.systemUTC());
  }

  @Override
  public Optional<RegistryVersion> current() {
    String json = connection.sync().hget(key, "json");
    return json == null ? Optional.empty() : Optional.of(RegistryCodec.decode(json, key));
  }

  @Override
  public Optional<RegistryVersion> version(long number) {
    String versionKey = versionKey(number);
    String json = connection.sync().get(versionKey);
    return json == null ? Optional.empty() : Optional.of(RegistryCodec.decode(json, versionKey));
  }

  @Override
  void compareAndSet(long expected, RegistryVersion next) {
    RedisCommands<String, String> redis = connection.sync();
    String result =
        redis.eval(
            COMPARE_AND_SET,
            ScriptOutputType.VALUE,
            new String[] {key, versionKey(next.version())},
            Long.toString(expected),
            Long.toString(next.version()),
            RegistryCodec.encode(next));
    if (!"OK".equals(result)) {
      throw new ConcurrentApplyException(expected, parse(result));
    }
  }

  /** The key of the current version's hash. */
  public String key() {
    return key;
  }

  @Override
  public String toString() {
    return "RedisRegistry[" + key + "]";
  }

  private String versionKey(long number) {
    return key + ":v" + number;
  }

  private static long parse(String version) {
    try {
      return Long.parseLong(version);
    } catch (NumberFormatException e) {
      throw new RegistryException("unexpected answer from the registry script: " + version, e);
    }
  }
}
