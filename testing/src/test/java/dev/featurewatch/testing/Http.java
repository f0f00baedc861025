package dev.featurewatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Small JSON-over-HTTP helper for the smoke tests; fails with the status and body on non-2xx. */
final class Http {

  static final ObjectMapper JSON = new ObjectMapper();

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {}

  static HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return CLIENT.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri).GET());
  }

  static JsonNode getJson(URI uri) throws IOException, InterruptedException {
    return ok(get(uri));
  }

  static JsonNode sendJson(String method, URI uri, Object body)
      throws IOException, InterruptedException {
    return ok(
        send(
            HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .method(
                    method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))));
  }

  private static JsonNode ok(HttpResponse<String> response) throws IOException {
    if (response.statusCode() / 100 != 2) {
      throw new AssertionError(
          response.request().method()
              + " "
              + response.uri()
              + " answered "
              + response.statusCode()
              + ": "
              + response.body());
    }
    return JSON.readTree(response.body());
  }
}
