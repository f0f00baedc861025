package dev.featurewatch.store.online.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.store.config.RedisLocations;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.online.OnlineStoreException;
import dev.featurewatch.store.online.TestViews;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import dev.featurewatch.testing.RedisServer;
import dev.featurewatch.testing.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The online store on a Redis that asks for a password (of its default user, or of an ACL user) and
 * one that speaks TLS with a certificate of a private CA: the secrets come from the environment,
 * and no message names them.
 */
class RedisSecurityIT {

  private static final String DEFAULT_PASSWORD = "default-secret-4f1c";
  private static final String ALICE_PASSWORD = "alice-secret-9b2e";
  private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
  private static final FeatureView VIEW =
      TestViews.view("driver_counts", Duration.ZERO, List.of(Field.of("trips", ValueType.INT64)));

  @TempDir Path dir;

  @Test
  void aPasswordFromTheEnvironmentOpensTheDefaultUserAndAnAclUser() throws Exception {
    try (RedisServer redis =
        RedisServer.start(
            dir.resolve("redis"),
            List.of(
                "--requirepass",
                DEFAULT_PASSWORD,
                "--user",
                "alice",
                "on",
                ">" + ALICE_PASSWORD,
                "~fw:*",
                "+@all"))) {
      String location = "redis://127.0.0.1:" + redis.port();
      roundTrip(location, env(RedisLocations.PASSWORD_ENV, DEFAULT_PASSWORD));
      String alice = "redis://alice@127.0.0.1:" + redis.port();
      roundTrip(alice, env(RedisLocations.PASSWORD_ENV, ALICE_PASSWORD));

      for (Map.Entry<String, String> wrong :
          Map.of(location, "", alice, DEFAULT_PASSWORD).entrySet()) {
        assertThatThrownBy(
                () -> connect(wrong.getKey(), env(RedisLocations.PASSWORD_ENV, wrong.getValue())))
            .isInstanceOf(OnlineStoreException.class)
            .satisfies(e -> assertNoSecret(e))
            .hasMessageContaining("127.0.0.1:" + redis.port());
      }
    }
  }

  @Test
  void aPasswordWrittenInTheLocationIsNeverPrinted() {
    assertThat(RedisLocations.redacted("redis://alice:" + ALICE_PASSWORD + "@host:6379/2"))
        .isEqualTo("redis://alice:***@host:6379/2");
    assertThat(RedisLocations.redacted("rediss://:" + DEFAULT_PASSWORD + "@host:6379"))
        .isEqualTo("rediss://:***@host:6379");
    assertThat(RedisLocations.redacted("redis://host:6379")).isEqualTo("redis://host:6379");
  }

  @Test
  void redissReachesARedisWhoseCertificateAPrivateCaSigned() throws Exception {
    TestCertificates certificates = TestCertificates.create(dir.resolve("certs"));
    int tlsPort = RedisServer.freePort();
    try (RedisServer redis =
        RedisServer.start(
            dir.resolve("redis"),
            List.of(
                "--tls-port",
                Integer.toString(tlsPort),
                "--tls-cert-file",
                certificates.certificate().toString(),
                "--tls-key-file",
                certificates.key().toString(),
                "--tls-ca-cert-file",
                certificates.certificate().toString(),
                "--tls-auth-clients",
                "no"))) {
      assertThat(redis.port()).isNotEqualTo(tlsPort);
      String location = "rediss://127.0.0.1:" + tlsPort;
      roundTrip(location, env(RedisLocations.CA_FILE_ENV, certificates.certificate().toString()));
      // without the CA, the certificate is not trusted: refused, not sent in the clear
      assertThatThrownBy(() -> connect(location, name -> null))
          .isInstanceOf(OnlineStoreException.class);
    }
  }

  private static void roundTrip(String location, Function<String, String> environment) {
    try (RedisOnlineStore store = connect(location, environment)) {
      EntityKey driver = EntityKey.of("driver_id", 1L);
      store.write(VIEW, List.of(new FeatureRow(VIEW.name(), driver, T0, T0, List.of(5L))));
      assertThat(store.read(VIEW, List.of(driver), T0).get(0).value(0)).isEqualTo(5L);
    }
  }

  private static RedisOnlineStore connect(String location, Function<String, String> environment) {
    return RedisOnlineStore.connect(
        RedisLocations.uri(location, environment),
        "fw:",
        Duration.ofHours(1),
        RedisLocations.sslOptions(environment));
  }

  private static Function<String, String> env(String name, String value) {
    return asked -> asked.equals(name) ? value : null;
  }

  private static void assertNoSecret(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage()))
          .doesNotContain(DEFAULT_PASSWORD)
          .doesNotContain(ALICE_PASSWORD);
    }
  }
}
