package dev.featurewatch.store.repo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featurewatch.store.definition.DefinitionKeys;
import dev.featurewatch.store.definition.DefinitionKeys.Key;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A place in a repository's YAML being read: the node there (none where a key is missing), where it
 * is (the file, the printed path and the JSON pointer that finds its line), and the problem list of
 * the whole read. Its getters read a key of this mapping and record a problem naming the key's
 * place when the value breaks their rule, then return null (or the default) so that reading goes
 * on.
 *
 * <p>Keys are constants of a {@link Key} enum, never strings. As client_java's {@code
 * PrometheusPropertiesLoader} reports the properties its loaders did not consume, {@link #keys}
 * reports every key of a mapping that is not among those its reader declares; it does so when the
 * reader starts on the mapping rather than after it, so that problems keep the order in which they
 * have always been reported (an unknown key before a missing one on the same line).
 *
 * <pre>{@code
 * view.keys(List.of(ViewKeys.values()));
 * String owner = view.text(ViewKeys.OWNER, false); // views.yaml:9: feature_views[0].owner: ...
 * }</pre>
 */
final class YamlCursor {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})([smhd])");

  /** What a ttl must be. */
  private static final String TTL_RULE =
      "must be a duration like 90s, 30m, 24h or 7d, or 0 for no limit";

  /** What a window, a delay or an interval must be. */
  static final String WINDOW_RULE = "must be a positive duration like 90s, 5m, 1h or 1d";

  private final JsonNode node;
  private final String file;
  private final Map<String, Integer> lines;
  private final String path;
  private final String pointer;
  private final List<Problem> problems;

  private YamlCursor(
      JsonNode node,
      String file,
      Map<String, Integer> lines,
      String path,
      String pointer,
      List<Problem> problems) {
    this.node = node;
    this.file = file;
    this.lines = lines;
    this.path = path;
    this.pointer = pointer;
    this.problems = problems;
  }

  /**
   * The root of a file.
   *
   * @param lines the line of each JSON pointer ({@link YamlLines#index})
   * @param problems where every problem of the read is recorded
   */
  static YamlCursor root(
      JsonNode node, String file, Map<String, Integer> lines, List<Problem> problems) {
    return new YamlCursor(node, file, lines, "", "", problems);
  }

  /** The node here; null where a key is missing. */
  JsonNode node() {
    return node;
  }

  /** Whether there is no value here: a missing key, or {@code null}. */
  boolean isMissing() {
    return node == null || node.isNull();
  }

  /** The value at {@code key} of this mapping. */
  YamlCursor at(Key key) {
    return at(key.yaml());
  }

  /** The value at a key that is data, not a declared key: a tag's, a feature's name. */
  YamlCursor at(String key) {
    return new YamlCursor(
        node == null ? null : node.get(key),
        file,
        lines,
        path.isEmpty() ? key : path + "." + key,
        pointer + "/" + key.replace("~", "~0").replace("/", "~1"),
        problems);
  }

  private YamlCursor index(int i) {
    return new YamlCursor(
        node.get(i), file, lines, path + "[" + i + "]", pointer + "/" + i, problems);
  }

  /** The path printed in problems, like {@code feature_views[1].ttl}; empty for a whole file. */
  String path() {
    return path;
  }

  /** Records a problem here: the rule, then the value found. */
  void problem(String message) {
    problems.add(new Problem(file, line(), path, message));
  }

  /** How many problems the read has found so far, to tell whether a part added any. */
  int problemCount() {
    return problems.size();
  }

  /** The line of this place, or of the nearest enclosing one (a missing key has none). */
  private int line() {
    String p = pointer;
    while (true) {
      Integer line = lines.get(p);
      if (line != null || p.isEmpty()) {
        return line == null ? 0 : line;
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }

  /** {@code file:line: path}, as a problem names a place. */
  @Override
  public String toString() {
    int line = line();
    return file + (line > 0 ? ":" + line : "") + ": " + path;
  }

  /**
   * Whether the value here is a mapping. When it is, reports each of its keys that is not one of
   * {@code allowed}; when it is not, records that it must be a mapping {@code shape} ({@code "with
   * name and type"}).
   */
  boolean isMapping(String shape, List<? extends Key> allowed) {
    if (!node.isObject()) {
      problem("must be a mapping " + shape + ", found " + describe());
      return false;
    }
    keys(allowed);
    return true;
  }

  /** Reports each key of this mapping that is not one of {@code allowed}. */
  void keys(List<? extends Key> allowed) {
    List<String> names = DefinitionKeys.yaml(allowed);
    Set<String> known = Set.copyOf(names);
    String expected = String.join(", ", names);
    node.fieldNames()
        .forEachRemaining(
            key -> {
              if (!known.contains(key)) {
                at(key).problem("unknown key: expected one of " + expected);
              }
            });
  }

  /** A name matching {@code [a-z][a-z0-9_]*}; required. */
  String name(Key key) {
    String name = text(key, true);
    if (name != null && !NAME.matcher(name).matches()) {
      at(key).problem("must match [a-z][a-z0-9_]*, found '" + name + "'");
      return null;
    }
    return name;
  }

  /** A string; null (with a problem when required) when missing, and null when not a string. */
  String text(Key key, boolean required) {
    YamlCursor value = at(key);
    if (value.isMissing()) {
      if (required) {
        value.problem("required, missing");
      }
      return null;
    }
    if (!value.node.isTextual()) {
      value.problem("must be a string, found " + value.describe());
      return null;
    }
    if (required && value.node.textValue().isBlank()) {
      value.problem("must not be empty, found ''");
      return null;
    }
    return value.node.textValue();
  }

  /** An optional string, or a whole number written without quotes ({@code version: 3}). */
  String scalarText(Key key) {
    JsonNode value = at(key).node;
    if (value != null && value.isIntegralNumber()) {
      return value.asText();
    }
    return text(key, false);
  }

  /** {@code true} or {@code false}; {@code otherwise} when missing or not a boolean. */
  boolean bool(Key key, boolean otherwise) {
    YamlCursor value = at(key);
    if (value.isMissing()) {
      return otherwise;
    }
    if (!value.node.isBoolean()) {
      value.problem("must be true or false, found " + value.describe());
      return otherwise;
    }
    return value.node.booleanValue();
  }

  /** A mapping of names to text; empty when missing. */
  Map<String, String> tags(Key key) {
    YamlCursor value = at(key);
    if (value.isMissing()) {
      return Map.of();
    }
    if (!value.node.isObject()) {
      value.problem("must be a mapping of names to text, found " + value.describe());
      return Map.of();
    }
    Map<String, String> tags = new LinkedHashMap<>();
    value
        .node
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                tags.put(e.getKey(), e.getValue().asText());
              } else {
                value.at(e.getKey()).problem("must be text, found " + describe(e.getValue()));
              }
            });
    return tags;
  }

  /** The items of a list; empty (with a problem when required) when missing or not a list. */
  List<YamlCursor> list(Key key, boolean required) {
    YamlCursor value = at(key);
    if (value.isMissing()) {
      if (required) {
        value.problem("required, missing");
      }
      return List.of();
    }
    if (!value.node.isArray()) {
      value.problem("must be a list, found " + value.describe());
      return List.of();
    }
    if (required && value.node.isEmpty()) {
      value.problem("must not be empty, found []");
    }
    return value.items();
  }

  /** The items of this list. */
  List<YamlCursor> items() {
    List<YamlCursor> items = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      items.add(index(i));
    }
    return items;
  }

  /** This list item as the name of a definition; null (with a problem) when it is not one. */
  String nameItem() {
    if (!node.isTextual() || node.textValue().isBlank()) {
      problem("must be a name, found " + describe());
      return null;
    }
    return node.textValue();
  }

  /** A ttl: {@code 0} for no limit, or a duration; required. */
  Duration ttl(Key key) {
    YamlCursor value = at(key);
    if (value.isMissing()) {
      value.problem("required: " + TTL_RULE);
      return null;
    }
    if (value.node.isIntegralNumber() && value.node.asLong() == 0) {
      return Duration.ZERO;
    }
    if (!value.node.isTextual()) {
      value.problem(TTL_RULE + ", found " + value.describe());
      return null;
    }
    try {
      return parseTtl(value.node.textValue());
    } catch (IllegalArgumentException e) {
      value.problem(e.getMessage());
      return null;
    }
  }

  /** A positive duration; null when missing (with a problem when required) or invalid. */
  Duration duration(Key key, boolean required) {
    return duration(key, required, false);
  }

  /** A duration or 0 (as an event's allowed lateness is); null when missing or invalid. */
  Duration durationOrZero(Key key) {
    return duration(key, false, true);
  }

  private Duration duration(Key key, boolean required, boolean zeroAllowed) {
    YamlCursor value = at(key);
    if (value.isMissing()) {
      if (required) {
        value.problem("required: " + WINDOW_RULE);
      }
      return null;
    }
    if (zeroAllowed && value.node.isIntegralNumber() && value.node.asLong() == 0) {
      return Duration.ZERO;
    }
    Duration parsed = null;
    if (value.node.isTextual()) {
      try {
        parsed = parseTtl(value.node.textValue());
      } catch (IllegalArgumentException e) {
        parsed = null;
      }
    }
    if (parsed == null || (parsed.isZero() && !zeroAllowed)) {
      value.problem(
          (zeroAllowed ? "must be 0 or a duration like 90s, 5m, 1h or 1d" : WINDOW_RULE)
              + ", found "
              + value.describe());
      return null;
    }
    return parsed;
  }

  /**
   * Parses a ttl: {@code 0} for no limit, or a whole number of seconds, minutes, hours or days
   * ({@code 90s}, {@code 30m}, {@code 24h}, {@code 7d}).
   *
   * @throws IllegalArgumentException naming the rule and the value
   */
  private static Duration parseTtl(String text) {
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(TTL_RULE + ", found '" + text + "'");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  /** The value here as problems quote it: {@code 'text'}, {@code a mapping}, {@code 12}. */
  String describe() {
    return describe(node);
  }

  /** A value as problems quote it. */
  static String describe(JsonNode node) {
    if (node.isTextual()) {
      return "'" + node.textValue() + "'";
    }
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isArray()) {
      return "a list";
    }
    return node.asText();
  }
}
