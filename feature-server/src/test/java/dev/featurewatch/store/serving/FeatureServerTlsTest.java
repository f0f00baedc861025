package dev.featurewatch.store.serving;

import static dev.featurewatch.store.serving.ServingFixtures.DRIVER_STATS;
import static dev.featurewatch.store.serving.ServingFixtures.FEAST_EVENT_TIME;
import static dev.featurewatch.store.serving.ServingFixtures.driverStats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.store.config.ApiTokens;
import dev.featurewatch.store.config.ApiTokens.Scope;
import dev.featurewatch.store.config.ApiTokens.Token;
import dev.featurewatch.store.config.ServerTls;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.rocksdb.RocksDbOnlineStore;
import dev.featurewatch.testing.RawHttp;
import dev.featurewatch.testing.TestCertificates;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLSocket;
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

  /**
   * A refused request is answered once its body has arrived, not before, and its connection then
   * takes the next request. The JDK's server reads a body its handler left only after the answer
   * has gone; a client that has its answer sends its next request, which over TLS could reach the
   * server together with the end of the body and stay unseen in the TLS layer's buffer: never
   * answered, and the connection closed as idle half a minute later ({@code HTTP/1.1 header parser
   * received no bytes} in java.net.http).
   */
  @Test
  void aRefusedRequestIsAnsweredOnceItsBodyHasArrivedAndItsConnectionTakesTheNext()
      throws Exception {
    TestCertificates certificates = TestCertificates.create(dir);
    String reader = "reader-secret-0123456789";
    ApiTokens tokens =
        ApiTokens.of(List.of(new Token("ranking-service", reader, Set.of(Scope.READ))));
    byte[] body =
        "{\"features\": [\"driver_hourly_stats:conv_rate\"], \"entities\": {\"driver_id\": [1]}}"
            .getBytes(StandardCharsets.UTF_8);
    try (OnlineStore store = RocksDbOnlineStore.open(dir.resolve("online"));
        FeatureServer server =
            ServingFixtures.startedServer(
                store,
                ServerConfig.defaults(0)
                    .withAuth(tokens)
                    .withTls(ServerTls.pem(certificates.certificate(), certificates.key())));
        SSLSocket socket =
            (SSLSocket)
                certificates
                    .trustingClient()
                    .getSocketFactory()
                    .createSocket("localhost", server.port())) {
      RawHttp http = new RawHttp(socket);
      http.send(
          "POST /push HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
              + reader
              + "\r\nContent-Length: "
              + body.length
              + "\r\n\r\n");
      // a server that answers before the body comes does so at once: a second is ample to see it
      socket.setSoTimeout(1_000);
      assertThatThrownBy(http::peek)
          .as("an answer before the body was sent")
          .isInstanceOf(SocketTimeoutException.class);

      socket.setSoTimeout(60_000);
      http.send(body);
      assertThat(http.answer()).startsWith("HTTP/1.1 403 ").contains("\"error\":\"forbidden\"");
      http.send("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n");
      assertThat(http.answer()).startsWith("HTTP/1.1 200 ").contains("\"status\":\"ok\"");
    }
  }
}
