package dev.featurewatch.store.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.featurewatch.store.repo.Problem;
import dev.featurewatch.store.repo.RepositoryReader;
import dev.featurewatch.store.repo.YamlLines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * The settings of a feature repository, from {@value #FILE_NAME} at its root; every setting is
 * optional, and a repository without the file gets the embedded defaults under {@code
 * .featurewatch/}. Command-line options override these values.
 *
 * <pre>{@code
 * registry: .featurewatch/registry      # a directory, or redis://HOST:PORT[/DB] shared by servers
 * registry_name: default                # the registry's name in Redis
 * online_store: .featurewatch/online    # a RocksDB directory, or redis://HOST:PORT[/DB]
 * offline_store: .featurewatch/offline  # a directory of Arrow IPC files
 * serving:
 *   port: 6566
 *   offline_port: 8815                  # Feast's remote offline store (Arrow Flight); unset: off
 *   max_entities: 1000                  # entity rows per request
 *   registry_ttl_seconds: 10            # how long a server caches the registry
 *   deadline: 500ms                     # the longest a request waits for the online store (ms or s)
 *   tls:                                # HTTPS; unset: plain HTTP
 *     cert_file: certs/server.pem       # PEM: the certificate, then its chain
 *     key_file: certs/server.key        # PEM: its private key (PKCS#8, unencrypted)
 *     # keystore: certs/server.p12      # or a PKCS#12 keystore, its password from
 *     # keystore_password_env: VAR      # an environment variable, or
 *     # keystore_password_file: FILE    # a file
 *   sweep_expired: true                 # default: true for RocksDB, false for Redis
 *   auth:                               # no tokens: no authentication
 *     tokens:
 *       - name: ranking-service         # for logs and error messages
 *         token_env: RANKING_TOKEN      # the secret, from this environment variable,
 *         # token_file: secrets/ranking # or from this file
 *         scopes: [read]                # read: get-online-features; write: push, write-to-online-store
 * streaming:
 *   kafka: HOST:PORT,...                # brokers of Kafka sources that name none, and of kafka: dead letters
 *   dead_letters: .featurewatch/dead-letters  # a directory of JSON-lines files, or kafka:TOPIC
 *   checkpoint_interval_seconds: 10     # the most a restart recomputes; the offline store's delay
 * model_registry: .featurewatch/models  # monitored models: a directory, or MLflow's http://HOST:PORT
 * }</pre>
 *
 * <p>Relative paths are relative to the repository. Secrets are never written in the file itself.
 * Validation is strict: an unknown key, a wrong type or a value out of range is a {@link
 * ConfigException} naming the file, line, key and value.
 *
 * @param registry a registry directory (absolute) or Redis URL
 * @param registryName the registry's name in Redis
 * @param onlineStore a RocksDB directory (absolute) or Redis URL
 * @param offlineStore the offline store's directory (absolute)
 * @param serving the feature server's settings
 * @param streaming the feature pipeline's settings
 * @param modelRegistry the model registry: a directory (absolute) or an MLflow {@code http(s)://}
 *     address
 */
public record RepositoryConfig(
    String registry,
    String registryName,
    String onlineStore,
    Path offlineStore,
    Serving serving,
    Streaming streaming,
    String modelRegistry) {

  /** The settings file's name, at the repository's root. */
  public static final String FILE_NAME = RepositoryReader.SETTINGS_FILE;

  /** The registry directory when none is set, relative to the repository. */
  public static final String DEFAULT_REGISTRY = ".featurewatch/registry";

  /** The RocksDB online store's directory when none is set, relative to the repository. */
  public static final String DEFAULT_ONLINE_STORE = ".featurewatch/online";

  /** The offline store's directory when none is set, relative to the repository. */
  public static final String DEFAULT_OFFLINE_STORE = ".featurewatch/offline";

  /** The dead-letter directory when none is set, relative to the repository. */
  public static final String DEFAULT_DEAD_LETTERS = ".featurewatch/dead-letters";

  /**
   * The model registry (the monitored models' versions, tags and baselines) when none is set: a
   * directory, relative to the repository.
   */
  public static final String DEFAULT_MODEL_REGISTRY = ".featurewatch/models";

  /**
   * How long a feature server request waits for the online store by default: 500 ms. Ten times the
   * worst p99 measured here at overload (51 ms, BENCHMARKS.md), so a healthy store never meets it,
   * yet a stalled store gives its callers' threads back in half a second. Callers with a tighter
   * budget ask for less per request.
   */
  public static final Duration DEFAULT_SERVING_DEADLINE = Duration.ofMillis(500);

  /** The longest {@code serving.deadline} allowed. */
  static final Duration MAX_SERVING_DEADLINE = Duration.ofMinutes(1);

  /** How a dead-letter location names a Kafka topic rather than a directory. */
  public static final String KAFKA_PREFIX = "kafka:";

  private static final Pattern KAFKA_TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})\\s*(ms|s)");

  public RepositoryConfig {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(registryName, "registryName");
    Objects.requireNonNull(onlineStore, "onlineStore");
    Objects.requireNonNull(offlineStore, "offlineStore");
    Objects.requireNonNull(serving, "serving");
    Objects.requireNonNull(streaming, "streaming");
    Objects.requireNonNull(modelRegistry, "modelRegistry");
  }

  /**
   * The feature pipeline's settings.
   *
   * @param kafka Kafka brokers ({@code host:port,...}) for sources that name none and for a
   *     dead-letter topic; empty when not set
   * @param deadLetters a directory (absolute), or {@code kafka:TOPIC}
   * @param checkpointInterval time between checkpoints
   */
  public record Streaming(String kafka, String deadLetters, Duration checkpointInterval) {

    public Streaming {
      Objects.requireNonNull(kafka, "kafka");
      Objects.requireNonNull(deadLetters, "deadLetters");
      Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    }
  }

  /**
   * The feature server's settings.
   *
   * @param port the HTTP port, Feast's 6566 by default
   * @param offlinePort the Arrow Flight port of Feast's remote offline store ({@code feast
   *     serve_offline}'s is 8815), 0 for any free one; null when it is not served
   * @param maxEntities the most entity rows per request
   * @param registryTtl how long the registry is cached before it is read again
   * @param sweepExpired whether to delete expired online rows; null to decide by store (on for
   *     RocksDB, off for Redis)
   * @param auth the tokens callers must present; {@link ApiTokens#NONE} for none
   * @param deadline the longest a request waits for the online store
   * @param tls the server's TLS identity; null for plain HTTP
   */
  public record Serving(
      int port,
      Integer offlinePort,
      int maxEntities,
      Duration registryTtl,
      Boolean sweepExpired,
      ApiTokens auth,
      Duration deadline,
      SSLContext tls) {

    public Serving {
      Objects.requireNonNull(registryTtl, "registryTtl");
      Objects.requireNonNull(auth, "auth");
      Objects.requireNonNull(deadline, "deadline");
    }
  }

  /** Whether a location names Redis rather than a directory. */
  public static boolean isRedis(String location) {
    return location.startsWith("redis://") || location.startsWith("rediss://");
  }

  /**
   * The settings of the repository at {@code repo}: its {@value #FILE_NAME}, or the defaults when
   * it has none. Token secrets are read from the environment and files now.
   *
   * @throws ConfigException the file breaks a rule, or names a secret that cannot be read
   */
  public static RepositoryConfig read(Path repo) {
    return read(repo, System::getenv);
  }

  static RepositoryConfig read(Path repo, Function<String, String> environment) {
    Path file = repo.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return new Reader(repo, FILE_NAME, environment).resolve(RawFile.EMPTY);
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return new Reader(repo, FILE_NAME, environment).parse(text);
  }

  // The file as written. Records bound by Jackson: snake_case keys, unknown ones refused.

  record RawFile(
      String registry,
      String registryName,
      String onlineStore,
      String offlineStore,
      RawServing serving,
      RawStreaming streaming,
      String modelRegistry) {
    static final RawFile EMPTY = new RawFile(null, null, null, null, null, null, null);
  }

  record RawStreaming(String kafka, String deadLetters, Long checkpointIntervalSeconds) {}

  record RawServing(
      Integer port,
      Integer offlinePort,
      Integer maxEntities,
      Long registryTtlSeconds,
      Boolean sweepExpired,
      RawAuth auth,
      String deadline,
      RawTls tls) {}

  record RawTls(
      String certFile,
      String keyFile,
      String keystore,
      String keystorePasswordEnv,
      String keystorePasswordFile) {}

  record RawAuth(List<RawToken> tokens) {}

  record RawToken(String name, String tokenEnv, String tokenFile, List<String> scopes) {}

  /** Parsing and resolving one file, with what its messages need. */
  private static final class Reader {
    private static final YAMLMapper MAPPER =
        YAMLMapper.builder(
                YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    private final Path repo;
    private final String fileName;
    private final Function<String, String> environment;
    private Map<String, Integer> lines = Map.of();

    Reader(Path repo, String fileName, Function<String, String> environment) {
      this.repo = repo.toAbsolutePath().normalize();
      this.fileName = fileName;
      this.environment = environment;
    }

    RepositoryConfig parse(String text) {
      RawFile raw;
      try {
        lines = YamlLines.index(text);
        raw = text.isBlank() ? RawFile.EMPTY : MAPPER.readValue(text, RawFile.class);
      } catch (JsonProcessingException e) {
        throw new ConfigException(problem(e));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return resolve(raw == null ? RawFile.EMPTY : raw);
    }

    RepositoryConfig resolve(RawFile raw) {
      String onlineStore = location(raw.onlineStore(), DEFAULT_ONLINE_STORE);
      RawServing serving =
          raw.serving() != null
              ? raw.serving()
              : new RawServing(null, null, null, null, null, null, null, null);
      if (serving.port() != null && (serving.port() < 0 || serving.port() > 65535)) {
        throw fail("serving.port", "must be between 0 and 65535, found " + serving.port());
      }
      if (serving.offlinePort() != null
          && (serving.offlinePort() < 0 || serving.offlinePort() > 65535)) {
        throw fail(
            "serving.offline_port", "must be between 0 and 65535, found " + serving.offlinePort());
      }
      if (serving.maxEntities() != null && serving.maxEntities() < 1) {
        throw fail("serving.max_entities", "must be at least 1, found " + serving.maxEntities());
      }
      if (serving.registryTtlSeconds() != null && serving.registryTtlSeconds() < 0) {
        throw fail(
            "serving.registry_ttl_seconds",
            "must be zero or more, found " + serving.registryTtlSeconds());
      }
      return new RepositoryConfig(
          location(raw.registry(), DEFAULT_REGISTRY),
          raw.registryName() != null ? raw.registryName() : "default",
          onlineStore,
          repo.resolve(raw.offlineStore() != null ? raw.offlineStore() : DEFAULT_OFFLINE_STORE)
              .normalize(),
          new Serving(
              serving.port() != null ? serving.port() : 6566,
              serving.offlinePort(),
              serving.maxEntities() != null ? serving.maxEntities() : 1000,
              Duration.ofSeconds(
                  serving.registryTtlSeconds() != null ? serving.registryTtlSeconds() : 10),
              serving.sweepExpired(),
              tokens(serving.auth()),
              deadline(serving.deadline()),
              tls(serving.tls())),
          streaming(raw.streaming()),
          modelRegistry(raw.modelRegistry()));
    }

    /** {@code serving.tls}: PEM files or a PKCS#12 keystore, read now; null when not set. */
    private SSLContext tls(RawTls raw) {
      if (raw == null) {
        return null;
      }
      boolean pem = raw.certFile() != null || raw.keyFile() != null;
      boolean keystore = raw.keystore() != null;
      if (pem == keystore || (pem && (raw.certFile() == null || raw.keyFile() == null))) {
        throw fail(
            "serving.tls",
            "give cert_file and key_file (PEM), or keystore (PKCS#12) with"
                + " keystore_password_env or keystore_password_file");
      }
      try {
        if (pem) {
          return ServerTls.pem(repo.resolve(raw.certFile()), repo.resolve(raw.keyFile()));
        }
        if ((raw.keystorePasswordEnv() == null) == (raw.keystorePasswordFile() == null)) {
          throw fail(
              "serving.tls",
              "give exactly one of keystore_password_env and keystore_password_file");
        }
        String password =
            raw.keystorePasswordEnv() != null
                ? secretFromEnvironment(
                    "serving.tls.keystore_password_env", raw.keystorePasswordEnv())
                : secretFromFile("serving.tls.keystore_password_file", raw.keystorePasswordFile());
        return ServerTls.keystore(repo.resolve(raw.keystore()), password.toCharArray());
      } catch (ConfigException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw fail("serving.tls", e.getMessage());
      }
    }

    /** {@code serving.deadline}: a whole number of milliseconds ({@code 250ms}) or seconds. */
    private Duration deadline(String value) {
      if (value == null) {
        return DEFAULT_SERVING_DEADLINE;
      }
      Matcher parts = DURATION.matcher(value.trim());
      Duration deadline =
          !parts.matches()
              ? null
              : parts.group(2).equals("ms")
                  ? Duration.ofMillis(Long.parseLong(parts.group(1)))
                  : Duration.ofSeconds(Long.parseLong(parts.group(1)));
      if (deadline == null || deadline.isZero() || deadline.compareTo(MAX_SERVING_DEADLINE) > 0) {
        throw fail(
            "serving.deadline",
            "must be a whole number of milliseconds or seconds from 1ms to 60s, such as 500ms or"
                + " 2s, found '"
                + value
                + "'");
      }
      return deadline;
    }

    /** An MLflow tracking server's {@code http(s)://} address as it is, else a directory. */
    private String modelRegistry(String value) {
      if (value != null && (value.startsWith("http://") || value.startsWith("https://"))) {
        return value;
      }
      return repo.resolve(value != null ? value : DEFAULT_MODEL_REGISTRY).normalize().toString();
    }

    private Streaming streaming(RawStreaming raw) {
      RawStreaming streaming = raw != null ? raw : new RawStreaming(null, null, null);
      String kafka = streaming.kafka() != null ? streaming.kafka().strip() : "";
      String deadLetters = streaming.deadLetters();
      if (deadLetters != null && deadLetters.startsWith(KAFKA_PREFIX)) {
        String topic = deadLetters.substring(KAFKA_PREFIX.length());
        if (!KAFKA_TOPIC.matcher(topic).matches()) {
          throw fail(
              "streaming.dead_letters",
              "a Kafka topic name is 1 to 249 of [A-Za-z0-9._-], found '" + topic + "'");
        }
      } else {
        deadLetters = location(deadLetters, DEFAULT_DEAD_LETTERS);
      }
      Long seconds = streaming.checkpointIntervalSeconds();
      if (seconds != null && seconds < 1) {
        throw fail("streaming.checkpoint_interval_seconds", "must be at least 1, found " + seconds);
      }
      return new Streaming(kafka, deadLetters, Duration.ofSeconds(seconds != null ? seconds : 10));
    }

    private String location(String value, String fallback) {
      String location = value != null ? value : fallback;
      return isRedis(location) ? location : repo.resolve(location).normalize().toString();
    }

    private ApiTokens tokens(RawAuth auth) {
      if (auth == null || auth.tokens() == null) {
        return ApiTokens.NONE;
      }
      List<ApiTokens.Token> tokens = new ArrayList<>();
      for (int i = 0; i < auth.tokens().size(); i++) {
        RawToken raw = auth.tokens().get(i);
        String path = "serving.auth.tokens[" + i + "]";
        if (raw == null || raw.name() == null || raw.name().isBlank()) {
          throw fail(path + ".name", "required: who holds the token, for logs");
        }
        if ((raw.tokenEnv() == null) == (raw.tokenFile() == null)) {
          throw fail(
              path,
              "give exactly one of token_env (an environment variable) and token_file (a file)"
                  + " holding the secret");
        }
        String secret = raw.tokenEnv() != null ? fromEnvironment(path, raw) : fromFile(path, raw);
        if (raw.scopes() == null || raw.scopes().isEmpty()) {
          throw fail(path + ".scopes", "required: a list of read and/or write");
        }
        Set<ApiTokens.Scope> scopes = EnumSet.noneOf(ApiTokens.Scope.class);
        for (String scope : raw.scopes()) {
          try {
            scopes.add(ApiTokens.Scope.parse(String.valueOf(scope)));
          } catch (IllegalArgumentException e) {
            throw fail(path + ".scopes", e.getMessage());
          }
        }
        try {
          tokens.add(new ApiTokens.Token(raw.name(), secret, scopes));
        } catch (IllegalArgumentException e) {
          throw fail(path, e.getMessage());
        }
      }
      try {
        return ApiTokens.of(tokens);
      } catch (IllegalArgumentException e) {
        throw fail("serving.auth.tokens", e.getMessage());
      }
    }

    private String fromEnvironment(String path, RawToken raw) {
      return secretFromEnvironment(path + ".token_env", raw.tokenEnv());
    }

    private String fromFile(String path, RawToken raw) {
      return secretFromFile(path + ".token_file", raw.tokenFile());
    }

    /** The secret in environment variable {@code name}; never in a message. */
    private String secretFromEnvironment(String key, String name) {
      String secret = environment.apply(name);
      if (secret == null || secret.isEmpty()) {
        throw fail(key, "environment variable " + name + " is not set or empty");
      }
      return secret;
    }

    /** The secret in {@code file} (relative to the repository), stripped; never in a message. */
    private String secretFromFile(String key, String name) {
      Path file = repo.resolve(name);
      try {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw fail(key, "cannot read " + file + ": " + e.getMessage());
      }
    }

    private ConfigException fail(String path, String message) {
      return new ConfigException(
          new Problem(fileName, lines.getOrDefault(pointer(path), 0), path, message));
    }

    /**
     * {@code serving.auth.tokens[0].name} as the JSON pointer {@code /serving/auth/tokens/0/name}.
     */
    private static String pointer(String path) {
      return path.isEmpty() ? "" : "/" + path.replace("[", ".").replace("]", "").replace('.', '/');
    }

    private Problem problem(JsonProcessingException e) {
      String path = e instanceof JsonMappingException mapping ? path(mapping) : "";
      // Jackson reports a record's problems at the end of its mapping: look the key's line up
      Integer keyLine = path.isEmpty() ? null : lines.get(pointer(path));
      int line =
          keyLine != null ? keyLine : e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      String message;
      if (e instanceof UnrecognizedPropertyException unknown) {
        Set<String> known = new TreeSet<>();
        unknown.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
        message = "unknown key; expected one of " + known;
      } else if (e instanceof ValueInstantiationException invalid && invalid.getCause() != null) {
        message = invalid.getCause().getMessage();
      } else {
        message = e.getOriginalMessage();
      }
      return new Problem(fileName, line, path, message);
    }

    private static String path(JsonMappingException e) {
      StringBuilder path = new StringBuilder();
      for (JsonMappingException.Reference reference : e.getPath()) {
        if (reference.getFieldName() != null) {
          path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
        } else if (reference.getIndex() >= 0) {
          path.append('[').append(reference.getIndex()).append(']');
        }
      }
      return path.toString();
    }
  }
}
