package dev.featurewatch.app.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.modelregistry.ModelRegistry;
import dev.featurewatch.modelregistry.ModelRegistryException;
import dev.featurewatch.modelregistry.ModelVersion;
import dev.featurewatch.monitoring.result.MonitorOutput;
import dev.featurewatch.store.config.ApiTokens;
import dev.featurewatch.store.registry.Registry;
import dev.featurewatch.store.registry.RegistryException;
import dev.featurewatch.store.registry.RegistryVersion;
import dev.featurewatch.store.serving.FeatureServer;
import dev.featurewatch.store.serving.Pages;
import dev.featurewatch.web.ConsolePage;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The web console, mounted on a feature server: the page shell and its scripts at {@value #PATH}
 * for everyone (they hold no data), and the JSON they draw from under {@value #API}, which needs a
 * token with the read scope when the server has tokens. The page asks for a token when the API
 * answers 401 and keeps it in the tab's {@code sessionStorage}.
 *
 * <pre>{@code
 * Console.mount(server, registry, () -> ModelRegistries.open(location), () -> results);
 * server.start(); // http://host:port/ui/
 * }</pre>
 *
 * <p>The API, all GET, all JSON:
 *
 * <ul>
 *   <li>{@code registry}: the current version's definitions; {@code registry/versions}, newest
 *       first; {@code registry/versions/N}; {@code registry/diff?from=A&to=B};
 *   <li>{@code models}: the monitored model versions with their status; {@code models/M/V}: one
 *       version's health and timeline.
 * </ul>
 *
 * Errors answer as the feature server's do: 404 for what does not exist, 400 for a malformed
 * request, 503 when the registry or the model registry does not answer.
 */
public final class Console {

  /** Where the console is served. */
  public static final String PATH = "/ui/";

  /** Where its data is served. */
  public static final String API = "/ui/api/";

  private final Registry registry;
  private final Supplier<ModelRegistry> models;
  private final Supplier<List<MonitorOutput>> results;

  private Console(
      Registry registry, Supplier<ModelRegistry> models, Supplier<List<MonitorOutput>> results) {
    this.registry = registry;
    this.models = models;
    this.results = results;
  }

  /**
   * Mounts the console on {@code server}, which is not started yet.
   *
   * @param registry the feature registry whose versions are shown
   * @param models opens the model registry, at each request that needs it (a client of MLflow holds
   *     no connection)
   * @param results the monitoring results, read at each request for a model version's timeline
   */
  public static void mount(
      FeatureServer server,
      Registry registry,
      Supplier<ModelRegistry> models,
      Supplier<List<MonitorOutput>> results) {
    Console console = new Console(registry, models, results);
    server.mount(PATH, null, Console::shell);
    server.mount(API, ApiTokens.Scope.READ, console::api);
  }

  private static Pages.Page shell(String path, String query) {
    if (path.equals(PATH.substring(0, PATH.length() - 1))) {
      return new Pages.Page(302, "text/plain", new byte[0], Map.of("Location", PATH));
    }
    if (path.equals(PATH)) {
      return page("text/html; charset=utf-8", ConsolePage.html());
    }
    return ConsolePage.asset(path.substring(PATH.length()))
        .map(asset -> page(asset.contentType(), asset.text()))
        .orElseGet(() -> Pages.Page.error(404, "not_found", "the console has no file " + path));
  }

  private static Pages.Page page(String type, String text) {
    return new Pages.Page(200, type, text.getBytes(StandardCharsets.UTF_8), Map.of())
        .withHeader("Content-Security-Policy", ConsolePage.CONTENT_SECURITY_POLICY)
        .withHeader("X-Content-Type-Options", "nosniff")
        .withHeader("Cache-Control", "no-cache");
  }

  private Pages.Page api(String path, String query) {
    String[] parts = path.substring(API.length()).split("/", -1);
    try {
      return switch (parts[0]) {
        case "registry" -> registryPage(parts, parameters(query));
        case "models" -> modelsPage(parts);
        default -> notFound(path);
      };
    } catch (RegistryException e) {
      return Pages.Page.error(503, "registry_unavailable", e.getMessage());
    } catch (ModelRegistryException e) {
      return Pages.Page.error(
          e.kind() == ModelRegistryException.Kind.NOT_FOUND ? 404 : 503,
          e.kind() == ModelRegistryException.Kind.NOT_FOUND
              ? "not_found"
              : "model_registry_unavailable",
          e.getMessage());
    } catch (IllegalArgumentException e) {
      return Pages.Page.error(400, "invalid_request", e.getMessage());
    }
  }

  private Pages.Page registryPage(String[] parts, Map<String, String> parameters) {
    if (parts.length == 1) {
      return registry
          .current()
          .map(v -> json(RegistryJson.version(v)))
          .orElseGet(
              () ->
                  Pages.Page.error(
                      404, "not_found", "the registry is empty: run 'featurewatch apply' first"));
    }
    if (parts.length == 2 && parts[1].equals("versions")) {
      ArrayNode list = JsonNodeFactory.instance.arrayNode();
      long last = registry.current().map(RegistryVersion::version).orElse(0L);
      for (long n = last; n >= 1; n--) {
        registry.version(n).ifPresent(v -> list.add(RegistryJson.summary(v)));
      }
      return json(list);
    }
    if (parts.length == 3 && parts[1].equals("versions")) {
      return version(parts[2], "version")
          .map(v -> json(RegistryJson.version(v)))
          .orElseGet(() -> notFound("registry version " + parts[2]));
    }
    if (parts.length == 2 && parts[1].equals("diff")) {
      String from = parameters.getOrDefault("from", "");
      String to = parameters.getOrDefault("to", "");
      Optional<RegistryVersion> before = version(from, "from");
      Optional<RegistryVersion> after = version(to, "to");
      if (before.isEmpty() || after.isEmpty()) {
        return notFound("registry version " + (before.isEmpty() ? from : to));
      }
      return json(RegistryJson.diff(before.get(), after.get()));
    }
    return notFound(String.join("/", parts));
  }

  private Optional<RegistryVersion> version(String number, String name) {
    long n;
    try {
      n = Long.parseLong(number);
    } catch (NumberFormatException e) {
      n = 0;
    }
    if (n < 1) {
      throw new IllegalArgumentException(
          name + ": must be a registry version, a whole number from 1, found '" + number + "'");
    }
    return registry.version(n);
  }

  private Pages.Page modelsPage(String[] parts) {
    if (parts.length == 1) {
      RegistryVersion current = registry.current().orElse(null);
      if (current == null) {
        return json(JsonNodeFactory.instance.arrayNode());
      }
      return json(ModelHealth.versions(current.repository(), models.get()));
    }
    if (parts.length == 3) {
      String model = decode(parts[1]);
      String version = decode(parts[2]);
      ModelVersion found = models.get().version(model, version);
      List<MonitorOutput> outputs = List.of();
      String problem = null;
      try {
        outputs = results.get();
      } catch (RuntimeException e) {
        // the tags still say how the version is; the page says why its timeline is missing
        problem = e.getMessage();
      }
      ObjectNode health = ModelHealth.version(found, outputs);
      if (problem != null) {
        health.put("results_error", problem);
      }
      return json(health);
    }
    return notFound(String.join("/", parts));
  }

  private static Pages.Page json(JsonNode node) {
    return Pages.Page.json(200, node.toString()).withHeader("Cache-Control", "no-store");
  }

  private static Pages.Page notFound(String what) {
    return Pages.Page.error(404, "not_found", "the console's API has nothing at " + what);
  }

  private static String decode(String part) {
    return URLDecoder.decode(part, StandardCharsets.UTF_8);
  }

  private static Map<String, String> parameters(String query) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (query != null) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          parameters.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        }
      }
    }
    return parameters;
  }
}
