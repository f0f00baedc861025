package dev.featurewatch.store.config;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How featurewatch reaches a Redis (online store, registry) from its location in {@code
 * featurewatch.yaml}: {@code redis://[USER@]HOST:PORT[/DB]}, or {@code rediss://} for TLS. Secrets
 * stay out of the file: the password (of the default user, or of {@code USER} for an ACL user)
 * comes from {@value #PASSWORD_ENV} or the file {@value #PASSWORD_FILE_ENV} names, and a private
 * CA's PEM certificate for {@code rediss://} from the file {@value #CA_FILE_ENV} names (else the
 * JVM's trust store). A password written in the URL is still honoured, and never printed: messages
 * name a location through {@link #redacted}.
 */
public final class RedisLocations {

  /** The environment variable holding the Redis password. */
  public static final String PASSWORD_ENV = "FEATUREWATCH_REDIS_PASSWORD";

  /** The environment variable naming a file that holds the Redis password. */
  public static final String PASSWORD_FILE_ENV = "FEATUREWATCH_REDIS_PASSWORD_FILE";

  /** The environment variable naming the PEM file of the CA that signed Redis's certificate. */
  public static final String CA_FILE_ENV = "FEATUREWATCH_REDIS_CA_FILE";

  private static final Pattern USER_INFO = Pattern.compile("^(rediss?://)([^@/]*)@");

  private RedisLocations() {}

  /** The URI of {@code location} with the password of the environment; see the class. */
  public static RedisURI uri(String location) {
    return uri(location, System::getenv);
  }

  /**
   * As {@link #uri(String)}, reading the environment through {@code environment}.
   *
   * @throws IllegalArgumentException naming the variable or file, never the secret
   */
  public static RedisURI uri(String location, Function<String, String> environment) {
    RedisURI uri;
    try {
      uri = RedisURI.create(location);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "not a Redis location: " + redacted(location) + " (redis://[USER@]HOST:PORT[/DB])", e);
    }
    String password = password(environment);
    if (password != null) {
      String user = user(location);
      if (!user.isEmpty()) {
        uri.setAuthentication(user, password.toCharArray());
      } else {
        uri.setAuthentication(password.toCharArray());
      }
    }
    return uri;
  }

  /** The TLS options of {@code rediss://} connections: a private CA's certificate, if named. */
  public static SslOptions sslOptions() {
    return sslOptions(System::getenv);
  }

  /** As {@link #sslOptions()}, reading the environment through {@code environment}. */
  public static SslOptions sslOptions(Function<String, String> environment) {
    String ca = environment.apply(CA_FILE_ENV);
    if (ca == null || ca.isEmpty()) {
      return SslOptions.create();
    }
    Path file = Path.of(ca);
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(CA_FILE_ENV + ": cannot read the CA certificate " + file);
    }
    return SslOptions.builder().jdkSslProvider().trustManager(file.toFile()).build();
  }

  /** {@code location} with any password in it replaced by {@code ***}, for messages. */
  public static String redacted(String location) {
    return USER_INFO
        .matcher(location)
        .replaceFirst(
            match -> {
              String info = match.group(2);
              int colon = info.indexOf(':');
              String user = colon < 0 ? info : info.substring(0, colon);
              return match.group(1) + user + (colon < 0 ? "" : ":***") + "@";
            });
  }

  /** The user named before the location's {@code @}, "" for none. */
  private static String user(String location) {
    Matcher info = USER_INFO.matcher(location);
    if (!info.find()) {
      return "";
    }
    String user = info.group(2);
    int colon = user.indexOf(':');
    return colon < 0 ? user : user.substring(0, colon);
  }

  private static String password(Function<String, String> environment) {
    String password = environment.apply(PASSWORD_ENV);
    String file = environment.apply(PASSWORD_FILE_ENV);
    if (password != null && !password.isEmpty() && file != null && !file.isEmpty()) {
      throw new IllegalArgumentException(
          "set one of " + PASSWORD_ENV + " and " + PASSWORD_FILE_ENV + ", not both");
    }
    if (file != null && !file.isEmpty()) {
      try {
        return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new IllegalArgumentException(
            PASSWORD_FILE_ENV + ": cannot read the Redis password file " + file, e);
      }
    }
    return password == null || password.isEmpty() ? null : password;
  }
}
