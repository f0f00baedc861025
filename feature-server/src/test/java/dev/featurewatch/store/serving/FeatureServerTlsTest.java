package dev.featurewatch.store.serving;

import static dev.featurewatch.store.serving.ServingFixtures.DRIVER_STATS;
import static dev.featurewatch.store.serving.ServingFixtures.FEAST_EVENT_TIME;
import static dev.featurewatch.store.serving.ServingFixtures.driverStats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.store.config.ServerTls;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.rocksdb.RocksDbOnlineStore;
import dev.featurewatch.testing.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feature server over HTTPS, with a certificate made by keytool for the test. */
class FeatureServerTlsTest {

  @TempDir Path dir;

  @Test
  void withTlsTheServerAnswersHttpsAndNotPlainHttp() throws Exception {
    TestCertificates certificates = TestCertificates.create(dir);
    try (OnlineStore store = RocksDbOnlineStore.open(dir.resolve("online"));
        FeatureServer server =
            ServingFixtures.startedServer(
                store,
                ServerConfig.defaults(0)
                    .withTls(ServerTls.pem(certificates.certificate(), certificates.key())))) {
      store.write(DRIVER_STATS, List.of(driverStats(1001, FEAST_EVENT_TIME, 0.5, 0.25, 3L)));
      HttpClient https =
          HttpClient.newBuilder()
              .sslContext(certificates.trustingClient())
              .connectTimeout(Duration.ofSeconds(10))
              .build();

      HttpResponse<String> read =
          https.send(
              HttpRequest.newBuilder(
                      URI.create("https://localhost:" + server.port() + "/get-online-features"))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"features\": [\"driver_hourly_stats:conv_rate\"], \"entities\":"
                              + " {\"driver_id\": [1001]}}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
      assertThat(read.body()).contains("[0.5]");
      assertThatThrownBy(
              () ->
                  HttpClient.newHttpClient()
                      .send(
                          HttpRequest.newBuilder(
                                  URI.create("http://localhost:" + server.port() + "/health/live"))
                              .timeout(Duration.ofSeconds(10))
                              .build(),
                          HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
    }
  }
}
