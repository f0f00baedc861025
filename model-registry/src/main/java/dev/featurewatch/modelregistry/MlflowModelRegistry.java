package dev.featurewatch.modelregistry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurewatch.json.JsonChecks;
import dev.featurewatch.json.JsonFields;
import dev.featurewatch.json.Problems;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * MLflow's model registry over its REST API (2.0): {@code model-versions/get}, {@code search} and
 * {@code create}, {@code registered-models/get}, {@code search}, {@code create} and {@code alias},
 * {@code model-versions/set-tag} and {@code delete-tag}, and the tracking server's artifact proxy
 * ({@code mlflow-artifacts}) for baselines. Version numbers are strings, as MLflow has them; stages
 * are not used (deprecated since MLflow 2.9), aliases are.
 *
 * <p>An MLflow error answer ({@code {"error_code": ..., "message": ...}}) becomes a {@link
 * ModelRegistryException} with MLflow's message: {@code RESOURCE_DOES_NOT_EXIST} is {@code
 * NOT_FOUND} (saying which of model, version or alias is missing), a 5xx, a 429 or no answer is
 * {@code UNAVAILABLE}, any other refusal {@code REFUSED}. A 401 or 403 is {@code REFUSED} too,
 * saying where the credentials sent came from ({@link MlflowCredentials}) and never the secret.
 */
public final class MlflowModelRegistry implements ModelRegistry {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API = "api/2.0/mlflow/";
  // the most registered-models/search answers with at once; pages beyond are followed
  private static final int PAGE = 1000;
  private static final String ARTIFACTS =
      "api/2.0/mlflow-artifacts/artifacts/featurewatch/baselines/";

  private final URI base;
  private final Duration timeout;
  private final MlflowCredentials credentials;
  private final HttpClient http;

  /**
   * With the credentials that this process's environment sets, as MLflow's clients take them
   * ({@link MlflowCredentials}: {@code MLFLOW_TRACKING_TOKEN}, or {@code MLFLOW_TRACKING_USERNAME}
   * and {@code MLFLOW_TRACKING_PASSWORD}, or their files).
   *
   * @param base the tracking server, e.g. {@code http://mlflow:5000}, without credentials in it
   * @param timeout the longest one call may take, connecting included
   * @throws ModelRegistryException {@code REFUSED}: {@code base} holds credentials, or the
   *     environment's contradict each other or name a file that cannot be read
   */
  public MlflowModelRegistry(URI base, Duration timeout) {
    this(base, timeout, MlflowCredentials.fromEnvironment());
  }

  MlflowModelRegistry(URI base, Duration timeout, MlflowCredentials credentials) {
    checkUrl(base);
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text : text + "/");
    this.timeout = timeout;
    this.credentials = credentials;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /**
   * Refuses a URL with credentials in it ({@code http://user:password@host}), naming it without
   * them: a location is printed and stored in job graphs, and Java's HTTP client would not send
   * them anyway.
   */
  static void checkUrl(URI base) {
    if (base.getRawUserInfo() != null) {
      URI shown;
      try {
        shown =
            new URI(
                base.getScheme(),
                null,
                base.getHost(),
                base.getPort(),
                base.getPath(),
                base.getQuery(),
                base.getFragment());
      } catch (URISyntaxException e) {
        throw new IllegalStateException("a URI without its user info is a URI", e);
      }
      throw new ModelRegistryException(
          ModelRegistryException.Kind.REFUSED,
          "MLflow at "
              + shown
              + ": the URL holds credentials (user:password@), which featurewatch does not send:"
              + " remove them and set "
              + MlflowCredentials.USERNAME
              + " and "
              + MlflowCredentials.PASSWORD
              + " (or "
              + MlflowCredentials.PASSWORD
              + MlflowCredentials.FILE
              + "), or "
              + MlflowCredentials.TOKEN);
    }
  }

  @Override
  public ModelVersion version(String model, String version) {
    String what = "model '" + model + "' version " + version;
    JsonNode answer;
    try {
      answer =
          get("model-versions/get?name=" + encode(model) + "&version=" + encode(version), what);
    } catch (ModelRegistryException e) {
      throw missing(model, "has no version " + version, e);
    }
    return modelVersion(answer(answer, what).object("model_version"), problems(what), null);
  }

  @Override
  public List<String> models() {
    List<String> names = new ArrayList<>();
    for (JsonFields<ModelRegistryException> page :
        pages("registered-models/search?", "listing the registered models")) {
      for (JsonFields<ModelRegistryException> registered : objects(page, "registered_models")) {
        names.add(registered.text("name"));
      }
    }
    return names.stream().sorted().toList();
  }

  /**
   * {@code model-versions/search} leaves out the versions' aliases: they come from the registered
   * model.
   */
  @Override
  public List<ModelVersion> versions(String model) {
    Map<String, List<String>> aliases = new TreeMap<>();
    for (JsonFields<ModelRegistryException> alias : objects(registeredModel(model), "aliases")) {
      aliases
          .computeIfAbsent(alias.text("version"), v -> new ArrayList<>())
          .add(alias.text("alias"));
    }
    // MLflow's filter takes a value in single or double quotes
    char quote = model.indexOf('\'') < 0 ? '\'' : '"';
    String what = "listing the versions of model '" + model + "'";
    List<ModelVersion> versions = new ArrayList<>();
    for (JsonFields<ModelRegistryException> page :
        pages(
            "model-versions/search?filter=" + encode("name=" + quote + model + quote) + "&",
            what)) {
      for (JsonFields<ModelRegistryException> version : objects(page, "model_versions")) {
        versions.add(
            modelVersion(
                version, problems(what), aliases.getOrDefault(version.text("version"), List.of())));
      }
    }
    versions.sort(Comparator.comparingLong(v -> Long.parseLong(v.version())));
    return versions;
  }

  /** Registers the model first unless MLflow has it ({@code RESOURCE_ALREADY_EXISTS}). */
  @Override
  public ModelVersion createVersion(String model, String source, String runId, String description) {
    if (source == null || source.isBlank()) {
      throw new ModelRegistryException(
          ModelRegistryException.Kind.REFUSED,
          "MLflow at "
              + base
              + ": a version of model '"
              + model
              + "' needs a source, the URI of the model's files");
    }
    send(
        "POST",
        "registered-models/create",
        Map.of("name", model),
        "registering model '" + model + "'",
        "RESOURCE_ALREADY_EXISTS");
    Map<String, String> body = new LinkedHashMap<>();
    body.put("name", model);
    body.put("source", source);
    if (runId != null && !runId.isEmpty()) {
      body.put("run_id", runId);
    }
    if (description != null && !description.isEmpty()) {
      body.put("description", description);
    }
    String what = "registering a version of model '" + model + "'";
    JsonNode answer = send("POST", "model-versions/create", body, what, null);
    return modelVersion(answer(answer, what).object("model_version"), problems(what), List.of());
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
      boolean unknown =
          e.kind() == ModelRegistryException.Kind.REFUSED && e.getMessage().contains("not found");
      throw missing(
          model,
          "has no alias '" + alias + "'",
          unknown
              ? new ModelRegistryException(ModelRegistryException.Kind.NOT_FOUND, e.getMessage(), e)
              : e);
    }
    return modelVersion(answer(answer, what).object("model_version"), problems(what), null);
  }

  @Override
  public void setAlias(String model, String alias, String version) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("name", model);
    body.put("alias", alias);
    body.put("version", version);
    try {
      send(
          "POST",
          "registered-models/alias",
          body,
          "setting alias '" + alias + "' of " + model + " to v" + version,
          null);
    } catch (ModelRegistryException e) {
      throw missing(model, "has no version " + version, e);
    }
  }

  /** MLflow deletes an alias that does not exist without a word: it is looked up first. */
  @Override
  public void deleteAlias(String model, String alias) {
    alias(model, alias);
    send(
        "DELETE",
        "registered-models/alias",
        Map.of("name", model, "alias", alias),
        "deleting alias '" + alias + "' of " + model,
        null);
  }

  @Override
  public void setTag(String model, String version, String key, String value) {
    Map<String, String> body = body(model, version, key);
    body.put("value", value);
    send(
        "POST",
        "model-versions/set-tag",
        body,
        "setting tag '" + key + "' of " + model + " v" + version,
        null);
  }

  @Override
  public void deleteTag(String model, String version, String key) {
    send(
        "DELETE",
        "model-versions/delete-tag",
        body(model, version, key),
        "deleting tag '" + key + "' of " + model + " v" + version,
        null);
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
        "uploading the baseline of " + model + " v" + version,
        null);
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
   * A cursor over an answer of MLflow's about {@code what}, reporting as {@link #problems} does.
   */
  private JsonFields<ModelRegistryException> answer(JsonNode answer, String what) {
    return JsonFields.of(answer, "", problems(what));
  }

  /** An answer about {@code what} of another shape than the one read is {@code UNAVAILABLE}. */
  private Problems<ModelRegistryException> problems(String what) {
    return (path, rule) ->
        new ModelRegistryException(
            ModelRegistryException.Kind.UNAVAILABLE,
            "MLflow at " + base + ": " + what + ": the answer's " + path + ": " + rule);
  }

  /**
   * A model version of an answer ({@code model_version}, or an item of {@code model_versions}); its
   * aliases are the answer's unless given (a search answer has none). MLflow's JSON leaves out
   * empty fields, as protobuf's JSON mapping does: a version without tags has no {@code tags}, a
   * tag with an empty value no {@code value}, a version without a run no {@code run_id}.
   */
  private static ModelVersion modelVersion(
      JsonFields<ModelRegistryException> version,
      Problems<ModelRegistryException> problems,
      List<String> aliases) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (JsonFields<ModelRegistryException> tag : objects(version, "tags")) {
      tags.put(tag.text("key"), tag.has("value") ? tag.text("value") : "");
    }
    List<String> names = aliases;
    if (names == null) {
      names = new ArrayList<>();
      if (version.has("aliases")) {
        List<JsonNode> items = version.array("aliases");
        for (int i = 0; i < items.size(); i++) {
          names.add(
              JsonChecks.text(
                  items.get(i), JsonChecks.index(version.pathOf("aliases"), i), problems));
        }
      }
    }
    return new ModelVersion(
        version.text("name"),
        version.text("version"),
        version.has("creation_timestamp")
            ? Instant.ofEpochMilli(version.longValue("creation_timestamp"))
            : null,
        version.has("source") ? version.text("source") : "",
        version.has("run_id") ? version.text("run_id") : "",
        version.has("description") ? version.text("description") : "",
        names,
        tags);
  }

  /** The registered model, with its aliases; {@code NOT_FOUND} naming it when there is none. */
  private JsonFields<ModelRegistryException> registeredModel(String model) {
    String what = "model '" + model + "'";
    JsonNode answer;
    try {
      answer = get("registered-models/get?name=" + encode(model), what);
    } catch (ModelRegistryException e) {
      if (e.kind() == ModelRegistryException.Kind.NOT_FOUND) {
        throw new ModelRegistryException(
            ModelRegistryException.Kind.NOT_FOUND,
            "no model '" + model + "' in MLflow at " + base,
            e);
      }
      throw e;
    }
    return answer(answer, what).object("registered_model");
  }

  /**
   * The objects of the array at {@code key}, each a cursor; MLflow leaves an empty array out, so a
   * missing one is empty.
   */
  private static List<JsonFields<ModelRegistryException>> objects(
      JsonFields<ModelRegistryException> parent, String key) {
    List<JsonFields<ModelRegistryException>> objects = new ArrayList<>();
    if (parent.has(key)) {
      List<JsonNode> items = parent.array(key);
      for (int i = 0; i < items.size(); i++) {
        objects.add(parent.cursor(items.get(i), JsonChecks.index(parent.pathOf(key), i)));
      }
    }
    return objects;
  }

  /**
   * What a {@code NOT_FOUND} about something of {@code model}'s means: no such model, or the model
   * {@code lacks} (e.g. "has no version 3"). Any other failure is {@code failure} itself.
   */
  private ModelRegistryException missing(
      String model, String lacks, ModelRegistryException failure) {
    if (failure.kind() != ModelRegistryException.Kind.NOT_FOUND) {
      return failure;
    }
    try {
      registeredModel(model);
    } catch (ModelRegistryException e) {
      return e.kind() == ModelRegistryException.Kind.NOT_FOUND ? e : failure;
    }
    return new ModelRegistryException(
        ModelRegistryException.Kind.NOT_FOUND,
        "model '" + model + "' " + lacks + " in MLflow at " + base,
        failure);
  }

  private JsonNode get(String path, String what) {
    return call(HttpRequest.newBuilder(base.resolve(API + path)).GET(), what, null);
  }

  /** Every page of a search, {@code query} ending in {@code ?} or {@code &}. */
  private List<JsonFields<ModelRegistryException>> pages(String query, String what) {
    List<JsonFields<ModelRegistryException>> pages = new ArrayList<>();
    String token = "";
    do {
      JsonFields<ModelRegistryException> page =
          answer(
              get(
                  query
                      + "max_results="
                      + PAGE
                      + (token.isEmpty() ? "" : "&page_token=" + encode(token)),
                  what),
              what);
      pages.add(page);
      token = page.has("next_page_token") ? page.text("next_page_token") : "";
    } while (!token.isEmpty());
    return pages;
  }

  /**
   * Sends a JSON body; an error answer with MLflow's {@code error_code} {@code ignored} (when not
   * null) counts as done.
   */
  private JsonNode send(
      String method, String path, Map<String, String> body, String what, String ignored) {
    String json;
    try {
      json = JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalStateException("a map of strings is always JSON", e);
    }
    return call(
        HttpRequest.newBuilder(base.resolve(API + path))
            .header("Content-Type", "application/json")
            .method(method, BodyPublishers.ofString(json)),
        what,
        ignored);
  }

  /**
   * Sends a request with the credentials and the call timeout; no answer at all is {@code
   * UNAVAILABLE}, a 401 or 403 {@code REFUSED}, saying what was sent (never the secret).
   */
  private <T> HttpResponse<T> exchange(
      HttpRequest.Builder request, HttpResponse.BodyHandler<T> body, String what) {
    credentials.authorization().ifPresent(value -> request.header("Authorization", value));
    HttpResponse<T> response;
    try {
      response = http.send(request.timeout(timeout).build(), body);
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
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      throw new ModelRegistryException(
          ModelRegistryException.Kind.REFUSED,
          "MLflow at "
              + base
              + " refused the credentials (HTTP "
              + status
              + "): "
              + MlflowCredentials.HOW_TO_SET
              + " ("
              + what
              + "; sent "
              + credentials
              + ")");
    }
    return response;
  }

  private JsonNode call(HttpRequest.Builder request, String what, String ignored) {
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
    if (code.equals(ignored)) {
      return answer;
    }
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
