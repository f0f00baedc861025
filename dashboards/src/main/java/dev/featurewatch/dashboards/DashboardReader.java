package dev.featurewatch.dashboards;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurewatch.json.JsonChecks;
import dev.featurewatch.json.JsonFields;
import dev.featurewatch.json.Problems;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a dashboard's JSON into a {@link Dashboard}. Only the shape is checked here (the fields
 * read have the right JSON types, panels have an id and a gridPos); what Grafana would accept but
 * featurewatch does not (no datasource, no title, an unknown variable) is left to {@link
 * DashboardCheck}, which reports every problem at once.
 */
final class DashboardReader {

  // A key given twice is a mistake Grafana would silently resolve: reject it.
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final String source;
  private final Problems<IllegalArgumentException> problems;

  private DashboardReader(String source) {
    this.source = source;
    this.problems =
        (path, rule) ->
            new IllegalArgumentException(
                source + ": " + (path.isEmpty() ? "" : path + ": ") + rule);
  }

  /**
   * @throws IllegalArgumentException naming {@code source}, the path, the rule and the value found,
   *     for JSON that is not a dashboard: {@code bad.json: panels[0].gridPos.w: must be an integer,
   *     found "12"}
   */
  static Dashboard parse(String json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          source
              + ": must be JSON, line "
              + e.getLocation().getLineNr()
              + ": "
              + e.getOriginalMessage(),
          e);
    }
    return new DashboardReader(source).dashboard(root);
  }

  private Dashboard dashboard(JsonNode tree) {
    JsonFields<IllegalArgumentException> root = JsonFields.of(tree, "", problems);
    String uid = text(root, "uid");
    List<String> tags = new ArrayList<>();
    List<JsonNode> tagNodes = array(root, "tags");
    for (int i = 0; i < tagNodes.size(); i++) {
      tags.add(JsonChecks.text(tagNodes.get(i), JsonChecks.index("tags", i), problems));
    }
    List<Variable> variables = new ArrayList<>();
    if (root.has("templating")) {
      JsonFields<IllegalArgumentException> templating = root.object("templating");
      for (JsonFields<IllegalArgumentException> variable : objects(templating, "list")) {
        variables.add(variable(variable));
      }
    }
    List<Panel> panels = new ArrayList<>();
    for (JsonFields<IllegalArgumentException> panel : objects(root, "panels")) {
      panels.add(panel(panel, uid));
    }
    List<String> links = new ArrayList<>();
    for (JsonFields<IllegalArgumentException> link : objects(root, "links")) {
      links.add(text(link, "url"));
    }
    return new Dashboard(source, uid, text(root, "title"), tags, variables, panels, links);
  }

  private Variable variable(JsonFields<IllegalArgumentException> variable) {
    JsonNode query = variable.get("query");
    // Grafana 10's query editor saves an object holding the query; provisioned files may give text.
    String text =
        query != null && query.isObject()
            ? text(variable.object("query"), "query")
            : text(variable, "query");
    return new Variable(
        text(variable, "name"),
        text(variable, "type"),
        text,
        datasource(variable),
        bool(variable, "multi"),
        bool(variable, "includeAll"));
  }

  private Panel panel(JsonFields<IllegalArgumentException> panel, String uid) {
    int id = panel.intValue("id");
    String title = text(panel, "title");
    JsonFields<IllegalArgumentException> grid = panel.object("gridPos");
    Panel.GridPos gridPos =
        new Panel.GridPos(
            grid.intValue("x"), grid.intValue("y"), grid.intValue("w"), grid.intValue("h"));
    List<Query> queries = new ArrayList<>();
    for (JsonFields<IllegalArgumentException> target : objects(panel, "targets")) {
      queries.add(
          new Query(
              uid, id, title, text(target, "refId"), text(target, "expr"), datasource(target)));
    }
    List<Panel> nested = new ArrayList<>();
    for (JsonFields<IllegalArgumentException> inner : objects(panel, "panels")) {
      nested.add(panel(inner, uid));
    }
    return new Panel(
        id,
        text(panel, "type"),
        title,
        text(panel, "description"),
        datasource(panel),
        gridPos,
        queries,
        nested);
  }

  /** A datasource object; a bare string is the pre-8.3 form, a datasource's name. */
  private static Datasource datasource(JsonFields<IllegalArgumentException> parent) {
    JsonNode node = parent.optional("datasource");
    if (node == null) {
      return Datasource.NONE;
    }
    if (node.isTextual()) {
      return new Datasource("", node.textValue());
    }
    JsonFields<IllegalArgumentException> datasource = parent.object("datasource");
    return new Datasource(text(datasource, "type"), text(datasource, "uid"));
  }

  /** The text at {@code key}, or "" when absent or null. */
  private static String text(JsonFields<IllegalArgumentException> object, String key) {
    return object.has(key) ? object.text(key) : "";
  }

  /** The boolean at {@code key}, false when absent or null. */
  private static boolean bool(JsonFields<IllegalArgumentException> object, String key) {
    return object.has(key) && object.bool(key);
  }

  /** The items at {@code key}, none when absent or null. */
  private static List<JsonNode> array(JsonFields<IllegalArgumentException> object, String key) {
    return object.has(key) ? object.array(key) : List.of();
  }

  /** The items at {@code key}, each an object; none when absent or null. */
  private static List<JsonFields<IllegalArgumentException>> objects(
      JsonFields<IllegalArgumentException> object, String key) {
    List<JsonNode> items = array(object, key);
    List<JsonFields<IllegalArgumentException>> cursors = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      cursors.add(object.cursor(items.get(i), JsonChecks.index(object.pathOf(key), i)));
    }
    return cursors;
  }
}
