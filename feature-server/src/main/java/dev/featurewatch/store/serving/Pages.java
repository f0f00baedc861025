package dev.featurewatch.store.serving;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Read-only pages the feature server answers beside its API, under a path prefix given to {@link
 * FeatureServer#mount}: what another module (the command's web console) wants served from the same
 * port, behind the same bearer tokens. The server routes, checks the token and the method (GET
 * only), counts the request in its metrics under the prefix and sends the page; the pages decide
 * what to answer.
 *
 * <pre>{@code
 * server.mount("/ui/api/", ApiTokens.Scope.READ, (path, query) -> Pages.Page.json(200, "{}"));
 * server.start();
 * }</pre>
 */
@FunctionalInterface
public interface Pages {

  /**
   * The answer to {@code GET path}: the whole request path (the prefix included), and its query
   * string undecoded, or null when it has none. Runs on a request thread; an exception thrown is
   * answered 500 and logged as a bug, so answer expected failures (404, 503) with a page.
   */
  Page get(String path, String query) throws Exception;

  /**
   * One answer.
   *
   * @param headers headers besides {@code Content-Type}, such as {@code Cache-Control}
   */
  record Page(int status, String contentType, byte[] body, Map<String, String> headers) {

    public Page {
      if (status < 200 || status > 599) {
        throw new IllegalArgumentException("a page's status must be 200 to 599: " + status);
      }
      Objects.requireNonNull(contentType, "contentType");
      Objects.requireNonNull(body, "body");
      headers = Map.copyOf(headers);
    }

    /** A JSON document with {@code status}. */
    public static Page json(int status, String json) {
      return new Page(status, "application/json", json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /**
     * The server's error answer, {@code {"error": code, "detail": detail}}, for a page's 4xx or
     * 5xx.
     */
    public static Page error(int status, String code, String detail) {
      ObjectNode node = JsonNodeFactory.instance.objectNode();
      node.put("error", code);
      node.put("detail", detail);
      return json(status, node.toString());
    }

    /** This page with one more header. */
    public Page withHeader(String name, String value) {
      Map<String, String> more = new TreeMap<>(headers);
      more.put(name, value);
      return new Page(status, contentType, body, more);
    }
  }
}
