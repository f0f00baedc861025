package dev.featurewatch.app.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.app.output.Columns;
import dev.featurewatch.app.output.FormatOption;
import dev.featurewatch.app.repo.ModelRegistryOption;
import dev.featurewatch.modelregistry.ModelRegistry;
import dev.featurewatch.modelregistry.ModelVersion;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code featurewatch models list}: every model and its versions, one row per version, or as JSON:
 * {@code {"registry": ..., "models": [{"name": ..., "versions": [{"version", "created", "aliases",
 * "source", "run_id", "description", "tags"}]}]}}, {@code created} an ISO-8601 instant or null.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List the models and their versions: created, aliases, source, run id.")
final class ModelsListCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NONE = "-";

  @Spec private picocli.CommandLine.Model.CommandSpec spec;
  @Mixin private ModelRegistryOption registry;

  @Parameters(arity = "0..1", paramLabel = "NAME", description = "Only this model.")
  private String model;

  @Mixin private FormatOption format;

  @Override
  public Integer call() throws JsonProcessingException {
    boolean json = format.json();
    ModelRegistry models = registry.open();
    Map<String, List<ModelVersion>> versions = new LinkedHashMap<>();
    for (String name : model == null ? models.models() : List.of(model)) {
      versions.put(name, models.versions(name));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(json(registry.location(), versions));
    } else if (versions.isEmpty()) {
      out.println("no models in the model registry at " + registry.location());
    } else {
      out.print(table(versions));
    }
    out.flush();
    return 0;
  }

  private static String table(Map<String, List<ModelVersion>> versions) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"model", "version", "created", "aliases", "source", "run id"});
    versions.forEach(
        (name, list) -> {
          if (list.isEmpty()) {
            rows.add(new String[] {name, NONE, NONE, NONE, NONE, NONE});
          }
          for (ModelVersion v : list) {
            rows.add(
                new String[] {
                  name,
                  v.version(),
                  created(v.created()),
                  v.aliases().isEmpty() ? NONE : String.join(",", v.aliases()),
                  v.source().isEmpty() ? NONE : v.source(),
                  v.runId().isEmpty() ? NONE : v.runId()
                });
          }
        });
    return Columns.aligned(rows);
  }

  /** A version's creation time to the second, as the table shows it. */
  static String created(Instant created) {
    return created == null ? NONE : created.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String json(String location, Map<String, List<ModelVersion>> versions)
      throws JsonProcessingException {
    ObjectNode root = JSON.createObjectNode();
    root.put("registry", location);
    ArrayNode models = root.putArray("models");
    versions.forEach(
        (name, list) -> {
          ObjectNode model = models.addObject();
          model.put("name", name);
          ArrayNode array = model.putArray("versions");
          for (ModelVersion v : list) {
            ObjectNode version = array.addObject();
            version.put("version", v.version());
            version.put("created", v.created() == null ? null : v.created().toString());
            v.aliases().forEach(version.putArray("aliases")::add);
            version.put("source", v.source());
            version.put("run_id", v.runId());
            version.put("description", v.description());
            ObjectNode tags = version.putObject("tags");
            v.tags().forEach(tags::put);
          }
        });
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }
}
