package dev.featurewatch.dashboards;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

  private DashboardReader(String source) {
    this.source = source;
  }

  /**
   * @throws IllegalArgumentException naming {@code source} and the key, for JSON that is not a
   *     dashboard
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

  private Dashboard dashboard(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw invalid("", "must be a JSON object", root);
    }
    String uid = text(root, "uid", "");
    List<String> tags = new ArrayList<>();
    List<JsonNode> tagNodes = array(root, "tags", "");
    for (int i = 0; i < tagNodes.size(); i++) {
      tags.add(text(tagNodes.get(i), "tags[" + i + "]"));
    }
    List<Variable> variables = new ArrayList<>();
    JsonNode templating = root.path("templating");
    List<JsonNode> variableNodes =
        templating.isMissingNode() ? List.of() : array(templating, "list", "templating");
    for (int i = 0; i < variableNodes.size(); i++) {
      variables.add(variable(variableNodes.get(i), "templating.list[" + i + "]"));
    }
    List<Panel> panels = new ArrayList<>();
    List<JsonNode> panelNodes = array(root, "panels", "");
    for (int i = 0; i < panelNodes.size(); i++) {
      panels.add(panel(panelNodes.get(i), "panels[" + i + "]", uid));
    }
    List<String> links = new ArrayList<>();
    List<JsonNode> linkNodes = array(root, "links", "");
    for (int i = 0; i < linkNodes.size(); i++) {
      links.add(text(linkNodes.get(i), "url", "links[" + i + "]"));
    }
    return new Dashboard(source, uid, text(root, "title", ""), tags, variables, panels, links);
  }

  private Variable variable(JsonNode node, String path) {
    requireObject(node, path);
    JsonNode query = node.path("query");
    // Grafana 10's query editor saves an object holding the query; provisioned files may give text.
    String text =
        query.isObject() ? text(query, "query", path + ".query") : text(node, "query", path);
    return new Variable(
        text(node, "name", path),
        text(node, "type", path),
        text,
        datasource(node, path),
        bool(node, "multi", path),
        bool(node, "includeAll", path));
  }

  private Panel panel(JsonNode node, String path, String uid) {
    requireObject(node, path);
    int id = integer(node, "id", path);
    String title = text(node, "title", path);
    JsonNode grid = node.get("gridPos");
    String gridPath = path + ".gridPos";
    requireObject(grid, gridPath);
    Panel.GridPos gridPos =
        new Panel.GridPos(
            integer(grid, "x", gridPath),
            integer(grid, "y", gridPath),
            integer(grid, "w", gridPath),
            integer(grid, "h", gridPath));
    List<Query> queries = new ArrayList<>();
    List<JsonNode> targets = array(node, "targets", path);
    for (int i = 0; i < targets.size(); i++) {
      String targetPath = path + ".targets[" + i + "]";
      JsonNode target = targets.get(i);
      requireObject(target, targetPath);
      queries.add(
          new Query(
              uid,
              id,
              title,
              text(target, "refId", targetPath),
              text(target, "expr", targetPath),
              datasource(target, targetPath)));
    }
    List<Panel> nested = new ArrayList<>();
    List<JsonNode> nestedNodes = array(node, "panels", path);
    for (int i = 0; i < nestedNodes.size(); i++) {
      nested.add(panel(nestedNodes.get(i), path + ".panels[" + i + "]", uid));
    }
    return new Panel(
        id,
        text(node, "type", path),
        title,
        text(node, "description", path),
        datasource(node, path),
        gridPos,
        queries,
        nested);
  }

  /** A datasource object; a bare string is the pre-8.3 form, a datasource's name. */
  private Datasource datasource(JsonNode parent, String path) {
    JsonNode node = parent.get("datasource");
    if (node == null || node.isNull()) {
      return Datasource.NONE;
    }
    if (node.isTextual()) {
      return new Datasource("", node.asText());
    }
    requireObject(node, path + ".datasource");
    return new Datasource(
        text(node, "type", path + ".datasource"), text(node, "uid", path + ".datasource"));
  }

  /** The text at {@code field}, or "" when absent or null. */
  private String text(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    return node == null || node.isNull() ? "" : text(node, join(path, field));
  }

  private String text(JsonNode node, String path) {
    if (!node.isTextual()) {
      throw invalid(path, "must be a string", node);
    }
    return node.asText();
  }

  private int integer(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
      throw invalid(join(path, field), "must be an integer", node);
    }
    return node.asInt();
  }

  private boolean bool(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node != null && !node.isNull() && !node.isBoolean()) {
      throw invalid(join(path, field), "must be true or false", node);
    }
    return node != null && node.asBoolean();
  }

  /** The elements at {@code field}, none when absent or null. */
  private List<JsonNode> array(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw invalid(join(path, field), "must be an array", node);
    }
    List<JsonNode> elements = new ArrayList<>();
    node.forEach(elements::add);
    return elements;
  }

  private void requireObject(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw invalid(path, "must be an object", node);
    }
  }

  private IllegalArgumentException invalid(String path, String rule, JsonNode found) {
    return new IllegalArgumentException(
        source
            + (path.isEmpty() ? "" : ": " + path)
            + ": "
            + rule
            + ", found "
            + (found == null ? "nothing" : abbreviate(found.toString())));
  }

  private static String abbreviate(String json) {
    return json.length() <= 80 ? json : json.substring(0, 77) + "...";
  }

  private static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }
}
