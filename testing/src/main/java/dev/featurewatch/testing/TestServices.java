package dev.featurewatch.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Addresses of the real services the integration tests run against, as started by {@code
 * scripts/test-services.sh start}.
 *
 * <p>Each address comes from its {@code FEATUREWATCH_*} environment variable, or else from {@code
 * build/services/services.env} in the repository root (the nearest directory above the working
 * directory that holds {@code mvnw}), which the script writes once every service answers. A service
 * that is not configured is an error, never a skipped test: a suite that silently skips its
 * integration tests looks green while testing nothing.
 *
 * <pre>{@code
 * RedisClient client = RedisClient.create(TestServices.redisUri().toString());
 * HttpRequest ready = HttpRequest.newBuilder(TestServices.prometheusUrl().resolve("/-/ready")).build();
 * }</pre>
 *
 * <p>The lookup does not check that the service answers; the test's first call does, and its
 * connection error names the address.
 */
public final class TestServices {

  /** The file, relative to the repository root, that {@code scripts/test-services.sh} writes. */
  public static final String ENV_FILE = "build/services/services.env";

  private static final String HOW_TO_START =
      "Start the test services with scripts/test-services.sh start,"
          + " or run the whole suite with scripts/test-all.sh";

  /** One service or tool: the environment variable that holds it and how to name it in errors. */
  enum Service {
    REDIS("FEATUREWATCH_REDIS_URL", "Redis is not running"),
    PROMETHEUS("FEATUREWATCH_PROMETHEUS_URL", "Prometheus is not running"),
    PROMETHEUS_RULES(
        "FEATUREWATCH_PROMETHEUS_RULES_DIR", "Prometheus has no directory of rule files"),
    PROMETHEUS_TARGETS(
        "FEATUREWATCH_PROMETHEUS_TARGETS_DIR", "Prometheus has no directory of scrape targets"),
    ALERTMANAGER("FEATUREWATCH_ALERTMANAGER_URL", "Alertmanager is not running"),
    ALERTMANAGER_CONFIG(
        "FEATUREWATCH_ALERTMANAGER_CONFIG", "Alertmanager's configuration file is not known"),
    MLFLOW("FEATUREWATCH_MLFLOW_URL", "The MLflow tracking server is not running"),
    PROMTOOL("FEATUREWATCH_PROMTOOL", "promtool is not available"),
    AMTOOL("FEATUREWATCH_AMTOOL", "amtool is not available"),
    PYTHON("FEATUREWATCH_PYTHON", "The Python virtualenv is not available"),
    FEAST_PYTHON("FEATUREWATCH_FEAST_PYTHON", "The Feast virtualenv is not available"),
    CHROMIUM("FEATUREWATCH_CHROMIUM", "Chromium is not installed"),
    CHROMEDRIVER("FEATUREWATCH_CHROMEDRIVER", "ChromeDriver is not installed");

    final String variable;
    final String missing;

    Service(String variable, String missing) {
      this.variable = variable;
      this.missing = missing;
    }
  }

  private static final TestServices FROM_ENVIRONMENT =
      new TestServices(System.getenv(), Path.of("").toAbsolutePath());

  private final Map<String, String> environment;
  private final Path workingDirectory;
  // Read at most once per instance; tests in one JVM all see the same services.
  private Map<String, String> envFile;
  private Path envFilePath;

  TestServices(Map<String, String> environment, Path workingDirectory) {
    this.environment = Map.copyOf(environment);
    this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
  }

  /** Redis, as {@code redis://127.0.0.1:PORT}. */
  public static URI redisUri() {
    return FROM_ENVIRONMENT.uri(Service.REDIS);
  }

  /**
   * Prometheus (self-scraping every second, lifecycle API enabled), as {@code http://host:port}.
   */
  public static URI prometheusUrl() {
    return FROM_ENVIRONMENT.uri(Service.PROMETHEUS);
  }

  /**
   * The directory the test Prometheus watches for scrape targets (file_sd JSON files, job {@code
   * featurewatch}, every second): a test writes one to have its endpoint scraped.
   */
  public static Path prometheusTargets() {
    Path dir = Path.of(FROM_ENVIRONMENT.value(Service.PROMETHEUS_TARGETS));
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(
          "FEATUREWATCH_PROMETHEUS_TARGETS_DIR must name a directory, found '"
              + dir
              + "'. "
              + HOW_TO_START);
    }
    return dir;
  }

  /** The directory whose {@code *.yml} rule files the test Prometheus loads on a reload. */
  public static Path prometheusRules() {
    return Path.of(FROM_ENVIRONMENT.value(Service.PROMETHEUS_RULES));
  }

  /** Alertmanager (one null receiver), as {@code http://host:port}. */
  public static URI alertmanagerUrl() {
    return FROM_ENVIRONMENT.uri(Service.ALERTMANAGER);
  }

  /**
   * The configuration file the test Alertmanager reads: a test writes its own over it and has it
   * reloaded ({@link AlertmanagerServer#load}).
   */
  public static Path alertmanagerConfig() {
    return Path.of(FROM_ENVIRONMENT.value(Service.ALERTMANAGER_CONFIG));
  }

  /** The MLflow tracking server with its model registry, as {@code http://host:port}. */
  public static URI mlflowUrl() {
    return FROM_ENVIRONMENT.uri(Service.MLFLOW);
  }

  /** The {@code promtool} executable. */
  public static Path promtool() {
    return FROM_ENVIRONMENT.executable(Service.PROMTOOL);
  }

  /**
   * What {@code promtool check metrics} says of {@code metrics} (the Prometheus text format): empty
   * when they pass without a warning.
   *
   * @throws AssertionError promtool refused them, or did not answer within 30 s
   */
  public static String promtoolCheckMetrics(String metrics)
      throws IOException, InterruptedException {
    Process promtool =
        new ProcessBuilder(promtool().toString(), "check", "metrics")
            .redirectErrorStream(true)
            .start();
    try (OutputStream in = promtool.getOutputStream()) {
      in.write(metrics.getBytes(StandardCharsets.UTF_8));
    }
    if (!promtool.waitFor(30, TimeUnit.SECONDS)) {
      promtool.destroyForcibly();
      throw new AssertionError("promtool check metrics did not answer within 30 s");
    }
    String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (promtool.exitValue() != 0) {
      throw new AssertionError("promtool refused the metrics: " + output + "\n---\n" + metrics);
    }
    return output;
  }

  /** The {@code amtool} executable. */
  public static Path amtool() {
    return FROM_ENVIRONMENT.executable(Service.AMTOOL);
  }

  /** Debian's Chromium, which the browser tests run headless. */
  public static Path chromium() {
    return FROM_ENVIRONMENT.executable(Service.CHROMIUM);
  }

  /** Debian's ChromeDriver for {@link #chromium()}. */
  public static Path chromedriver() {
    return FROM_ENVIRONMENT.executable(Service.CHROMEDRIVER);
  }

  /** The Python interpreter of the test virtualenv (mlflow, scipy, scikit-learn, pandas, ...). */
  public static Path python() {
    return FROM_ENVIRONMENT.executable(Service.PYTHON);
  }

  /**
   * Runs {@code script} with {@link #python()} and {@code args}, and returns what it printed
   * (standard output and error together).
   *
   * @throws AssertionError the script exited with a non-zero status (its output is in the message),
   *     or did not finish within 120 s
   */
  public static String runPython(Path script, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(python().toString());
    command.add(script.toAbsolutePath().toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    // read before waiting: a script that prints more than the pipe holds would block otherwise
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(script + " did not finish within 120 s: " + output);
    }
    if (process.exitValue() != 0) {
      throw new AssertionError(script + " exited with " + process.exitValue() + ": " + output);
    }
    return output;
  }

  /**
   * The Python interpreter of the Feast virtualenv ({@code scripts/requirements-feast.txt}), apart
   * from {@link #python()} because Feast pins pandas below the version that one holds.
   */
  public static Path feastPython() {
    return FROM_ENVIRONMENT.executable(Service.FEAST_PYTHON);
  }

  URI uri(Service service) {
    String value = value(service);
    try {
      URI uri = new URI(value);
      if (uri.getScheme() == null || uri.getHost() == null || uri.getPort() < 0) {
        throw new URISyntaxException(value, "expected scheme://host:port");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(
          service.variable + " must be a URL like scheme://127.0.0.1:PORT, found '" + value + "'",
          e);
    }
  }

  Path executable(Service service) {
    Path path = Path.of(value(service));
    if (!Files.isExecutable(path)) {
      throw new IllegalStateException(
          service.variable
              + " must name an executable file, found '"
              + path
              + "'. "
              + HOW_TO_START);
    }
    return path;
  }

  /** The value from the environment, else from the env file, else a failure saying what to do. */
  String value(Service service) {
    String fromEnvironment = environment.get(service.variable);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment.strip();
    }
    String fromFile = envFile().get(service.variable);
    if (fromFile != null && !fromFile.isBlank()) {
      return fromFile.strip();
    }
    String where =
        envFilePath == null
            ? ENV_FILE
                + " has no such entry (no directory with mvnw above "
                + workingDirectory
                + ")"
            : Files.exists(envFilePath)
                ? ENV_FILE + " has no such entry"
                : ENV_FILE + " has no such entry (" + envFilePath + " does not exist)";
    throw new IllegalStateException(
        service.missing
            + " for the tests: "
            + service.variable
            + " is not set and "
            + where
            + ". "
            + HOW_TO_START);
  }

  private synchronized Map<String, String> envFile() {
    if (envFile == null) {
      envFilePath =
          repositoryRoot(workingDirectory).map(root -> root.resolve(ENV_FILE)).orElse(null);
      envFile = envFilePath == null ? Map.of() : parse(envFilePath);
    }
    return envFile;
  }

  /** The nearest directory at or above {@code start} that holds the Maven wrapper. */
  static Optional<Path> repositoryRoot(Path start) {
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw"))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  /** Reads {@code KEY=VALUE} lines; blank lines and {@code #} comments are ignored. */
  static Map<String, String> parse(Path file) {
    Objects.requireNonNull(file, "file");
    if (!Files.exists(file)) {
      return Map.of();
    }
    try {
      Map<String, String> values = new HashMap<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String trimmed = line.strip();
        int eq = trimmed.indexOf('=');
        if (trimmed.isEmpty() || trimmed.startsWith("#") || eq <= 0) {
          continue;
        }
        values.put(trimmed.substring(0, eq).strip(), trimmed.substring(eq + 1).strip());
      }
      return Map.copyOf(values);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
