package dev.featurewatch.store.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.store.config.ApiTokens;
import dev.featurewatch.store.config.ApiTokens.Scope;
import dev.featurewatch.store.config.ApiTokens.Token;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.rocksdb.RocksDbOnlineStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pages mounted beside the API ({@link FeatureServer#mount}): routed by prefix, behind the tokens
 * when mounted with a scope, GET only, counted under their prefix.
 */
class FeatureServerPagesTest {

  private static final String READER = "reader-secret-0123456789";
  private static final String WRITER_ONLY = "writer-secret-0123456789";

  @TempDir Path dir;

  private OnlineStore store;
  private FeatureServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void mountAndStart() {
    store = RocksDbOnlineStore.open(dir);
    server =
        ServingFixtures.server(
            store,
            ServerConfig.defaults(0)
                .withAuth(
                    ApiTokens.of(
                        List.of(
                            new Token("console-reader", READER, Set.of(Scope.READ)),
                            new Token("ingest", WRITER_ONLY, Set.of(Scope.WRITE))))));
    server.mount(
        "/ui/",
        null,
        (path, query) ->
            new Pages.Page(
                200, "text/html", ("shell " + path).getBytes(StandardCharsets.UTF_8), Map.of()));
    server.mount(
        "/ui/api/",
        Scope.READ,
        (path, query) ->
            path.equals("/ui/api/missing")
                ? Pages.Page.error(404, "not_found", "nothing at " + path)
                : Pages.Page.json(200, "{\"path\":\"" + path + "\",\"query\":\"" + query + "\"}")
                    .withHeader("Cache-Control", "no-store"));
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aPublicMountAnswersEveryoneUnderItsPrefixAndWithoutItsLastSlash() throws Exception {
    assertThat(get("/ui/", null).body()).isEqualTo("shell /ui/");
    assertThat(get("/ui/console.js", null).body()).isEqualTo("shell /ui/console.js");
    assertThat(get("/ui", null).body()).isEqualTo("shell /ui");
    assertThat(get("/uix", null).statusCode()).isEqualTo(404);
  }

  @Test
  void aScopedMountNeedsATokenWithTheScopeAndTheLongerPrefixWins() throws Exception {
    HttpResponse<String> none = get("/ui/api/registry", null);
    HttpResponse<String> writer = get("/ui/api/registry", WRITER_ONLY);
    HttpResponse<String> reader = get("/ui/api/registry?version=2", READER);

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(writer.statusCode()).isEqualTo(403);
    assertThat(reader.statusCode()).isEqualTo(200);
    assertThat(reader.body()).isEqualTo("{\"path\":\"/ui/api/registry\",\"query\":\"version=2\"}");
    assertThat(reader.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(get("/ui/api/missing", READER).statusCode()).isEqualTo(404);
  }

  @Test
  void pagesAnswerGetOnlyAndAreCountedUnderTheirPrefix() throws Exception {
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/ui/"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    get("/ui/api/registry", READER);
    get("/ui/console.js", null);

    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET");
    assertThat(get("/metrics", null).body())
        .contains("path=\"/ui/\"")
        .contains("path=\"/ui/api/\"")
        .doesNotContain("path=\"/ui/console.js\"");
  }

  @Test
  void mountsAreCheckedAndMadeBeforeTheServerStarts() {
    Pages nothing = (path, query) -> Pages.Page.json(200, "{}");
    assertThatThrownBy(() -> server.mount("/console/", null, nothing))
        .isInstanceOf(IllegalStateException.class);
    FeatureServer fresh = ServingFixtures.server(store, ServerConfig.defaults(0));
    assertThatThrownBy(() -> fresh.mount("ui", null, nothing))
        .hasMessage("a mount prefix must start and end with '/', like /ui/: 'ui'");
    assertThatThrownBy(() -> fresh.mount("/health/", null, nothing))
        .hasMessage("a mount prefix must not hold the API's paths: /health/");
    fresh.mount("/ui/", null, nothing);
    assertThatThrownBy(() -> fresh.mount("/ui/", null, nothing))
        .hasMessage("pages are mounted at /ui/ already");
  }
}
