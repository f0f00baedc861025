package dev.featurewatch.modelregistry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurewatch.json.JsonChecks;
import dev.featurewatch.json.JsonFields;
import dev.featurewatch.json.Problems;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MLflow's model registry over its REST API (2.0): {@code model-versions/get}, {@code
 * registered-models/alias}, {@code model-versions/set-tag} and {@code delete-tag}, and the tracking
 * server's artifact proxy ({@code mlflow-artifacts}) for baselines. Version numbers are strings, as
 * MLflow has them; stages are not used (deprecated since MLflow 2.9), aliases are.
 *
 * <p>An MLflow error answer ({@code {"error_code": ..., "message": ...}}) becomes a {@link
 * ModelRegistryException} with MLflow's message: {@code RESOURCE_DOES_NOT_EXIST} is {@code
 * NOT_FOUND}, a 5xx, a 429 or no answer is {@code UNAVAILABLE}, any other refusal {@code REFUSED}.
 */
public final class MlflowModelRegistry implements ModelRegistry {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API = "api/2.0/mlflow/";
  private static final String ARTIFACTS =
      "api/2.0/mlflow-artifacts/artifacts/featurewatch/baselines/";

  private final URI base;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * @param base the tracking server, e.g. {@code http://mlflow:5000}
   * @param timeout the longest one call may take, connecting included
   */
  public MlflowModelRegistry(URI base, Duration timeout) {
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text : text + "/");
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public ModelVersion version(String model, String version) {
    String what = "model '" + model + "' version " + version;
    JsonNode answer =
        get("model-versions/get?name=" + encode(model) + "&version=" + encode(version), what);
    return modelVersion(answer, what);
  }

  @Override
  public ModelVersion alias(String model, String alias) {
    String what = "model '" + model + "' alias '" + alias + "'";
    JsonNode answer;
    try {
      answer =
          get("registered-models/alias?name=" + encode(model) + "&alias=" + encode(alias), what);
    } catch (ModelRegistryException e) {
      // MLflow answers an unknown alias of a known model with 400 INVALID_PARAMETER_VALUE,
      // "Registered model alias ... not found.", not with RESOURCE_DOES_NOT_EXIST
      if (e.kind() == ModelRegistryException.Kind.REFUSED && e.getMessage().contains("not found")) {
        throw new ModelRegistryException(ModelRegistryException.Kind.NOT_FOUND, e.getMessage(), e);
      }
      throw e;
    }
    return modelVersion(answer, what);
  }

  @Override
  public void setTag(String model, String version, String key, String value) {
    Map<String, String> body = body(model, version, key);
    body.put("value", value);
    send(
        "POST",
        "model-versions/set-tag",
        body,
        "setting tag '" + key + "' of " + model + " v" + version);
  }

  @Override
  public void deleteTag(String model, String version, String key) {
    send(
        "DELETE",
        "model-versions/delete-tag",
        body(model, version, key),
        "deleting tag '" + key + "' of " + model + " v" + version);
  }

  /**
   * Uploads the baseline through the tracking server's artifact proxy, named by its digest ({@code
   * mlflow-artifacts:/featurewatch/baselines/<sha256>.json}: the same bytes are stored once), then
   * tags the version with the digest, which is how {@link #baseline} finds it again.
   */
  @Override
  public void attachBaseline(String model, String version, byte[] baseline) {
    version(model, version);
    String digest = Digests.sha256(baseline);
    call(
        HttpRequest.newBuilder(base.resolve(ARTIFACTS + digest + ".json"))
            .header("Content-Type", "application/json")
            .PUT(BodyPublishers.ofByteArray(baseline)),
        "uploading the baseline of " + model + " v" + version);
    setTag(model, version, BASELINE_TAG, ModelRegistry.baselineDigest(baseline));
  }

  @Override
  public byte[] baseline(String model, String version) {
    String tag = version(model, version).tags().get(BASELINE_TAG);
    if (tag == null || !tag.startsWith("sha256:")) {
      throw new ModelRegistryException(
          ModelRegistryException.Kind.NOT_FOUND,
          "MLflow at " + base + ": model '" + model + "' version " + version + " has no baseline");
    }
    String what = "downloading the baseline of " + model + " v" + version;
    HttpResponse<byte[]> response =
        exchange(
            HttpRequest.newBuilder(base.resolve(ARTIFACTS + tag.substring(7) + ".json")),
            HttpResponse.BodyHandlers.ofByteArray(),
            what);
    if (response.statusCode() != 200) {
      throw new ModelRegistryException(
          response.statusCode() >= 500
              ? ModelRegistryException.Kind.UNAVAILABLE
              : ModelRegistryException.Kind.NOT_FOUND,
          "MLflow at " + base + ": " + what + ": HTTP " + response.statusCode());
    }
    if (!ModelRegistry.baselineDigest(response.body()).equals(tag)) {
      throw new ModelRegistryException(
          ModelRegistryException.Kind.UNAVAILABLE,
          "MLflow at " + base + ": " + what + ": the artifact does not match the tag " + tag);
    }
    return response.body();
  }

  private static Map<String, String> body(String model, String version, String key) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("name", model);
    body.put("version", version);
    body.put("key", key);
    return body;
  }

  /**
   * The {@code model_version} of an answer. MLflow's JSON leaves out empty fields, as protobuf's
   * JSON mapping does: a version without tags has no {@code tags}, a tag with an empty value no
   * {@code value}. An answer of another shape is {@code UNAVAILABLE}, naming the path.
   */
  private ModelVersion modelVersion(JsonNode answer, String what) {
    Problems<ModelRegistryException> problems =
        (path, rule) ->
            new ModelRegistryException(
                ModelRegistryException.Kind.UNAVAILABLE,
                "MLflow at " + base + ": " + what + ": the answer's " + path + ": " + rule);
    JsonFields<ModelRegistryException> version =
        JsonFields.of(answer, "", problems).object("model_version");
    Map<String, String> tags = new LinkedHashMap<>();
    if (version.has("tags")) {
      List<JsonNode> items = version.array("tags");
      for (int i = 0; i < items.size(); i++) {
        JsonFields<ModelRegistryException> tag =
            version.cursor(items.get(i), JsonChecks.index(version.pathOf("tags"), i));
        tags.put(tag.text("key"), tag.has("value") ? tag.text("value") : "");
      }
    }
    return new ModelVersion(version.text("name"), version.text("version"), tags);
  }

  private JsonNode get(String path, String what) {
    return call(HttpRequest.newBuilder(base.resolve(API + path)).GET(), what);
  }

  private void send(String method, String path, Map<String, String> body, String what) {
    String json;
    try {
      json = JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalStateException("a map of strings is always JSON", e);
    }
    call(
        HttpRequest.newBuilder(base.resolve(API + path))
            .header("Content-Type", "application/json")
            .method(method, BodyPublishers.ofString(json)),
        what);
  }

  /** Sends a request with the call timeout; no answer at all is {@code UNAVAILABLE}. */
  private <T> HttpResponse<T> exchange(
      HttpRequest.Builder request, HttpResponse.BodyHandler<T> body, String what) {
    try {
      return http.send(request.timeout(timeout).build(), body);
    } catch (IOException e) {
      throw new ModelRegistryException(
          ModelRegistryException.Kind.UNAVAILABLE,
          "MLflow at " + base + ": " + what + ": no answer (" + e + ")",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelRegistryException(
          ModelRegistryException.Kind.UNAVAILABLE, "interrupted while " + what, e);
    }
  }

  private JsonNode call(HttpRequest.Builder request, String what) {
    HttpResponse<String> response =
        exchange(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), what);
    JsonNode answer;
    try {
      answer = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      answer = JSON.createObjectNode().put("message", abbreviate(response.body()));
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      return answer;
    }
    String code = answer.path("error_code").asText("");
    ModelRegistryException.Kind kind =
        status == 404 || code.equals("RESOURCE_DOES_NOT_EXIST")
            ? ModelRegistryException.Kind.NOT_FOUND
            : status >= 500 || status == 429
                ? ModelRegistryException.Kind.UNAVAILABLE
                : ModelRegistryException.Kind.REFUSED;
    throw new ModelRegistryException(
        kind,
        "MLflow at "
            + base
            + ": "
            + what
            + ": HTTP "
            + status
            + (code.isEmpty() ? "" : " " + code)
            + ": "
            + answer.path("message").asText(abbreviate(response.body())));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 197) + "...";
  }
}
