package dev.featurewatch.dashboards;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Grafana's variable syntax in queries and titles: see {@link Dashboards#expand}. */
final class Templates {

  /**
   * {@code ${name}} or {@code ${name:format}}, {@code [[name]]} or {@code [[name:format]]} (the
   * deprecated form), and {@code $name}. Names start with a letter or {@code _}, so PromQL's {@code
   * $1} in {@code label_replace} is not a variable.
   */
  private static final Pattern REFERENCE =
      Pattern.compile(
          "\\$\\{([A-Za-z_]\\w*)(?::([^}]*))?}"
              + "|\\[\\[([A-Za-z_]\\w*)(?::([^\\]]*))?]]"
              + "|\\$([A-Za-z_]\\w*)");

  /** Formats whose result for one value is that value. */
  private static final Set<String> VERBATIM = Set.of("raw", "pipe", "csv", "text", "glob");

  /** The characters Grafana's {@code regex} format escapes. */
  private static final Pattern REGEX_SPECIAL = Pattern.compile("[\\\\^$*+?.()|\\[\\]{}/]");

  private Templates() {}

  /** The names of the variables {@code text} refers to, built-ins included, in order. */
  static Set<String> references(String text) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = REFERENCE.matcher(text);
    while (m.find()) {
      names.add(name(m));
    }
    return names;
  }

  static String expand(String text, Map<String, String> values) {
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = name(m);
      String value = values.get(name);
      if (value == null) {
        throw new IllegalArgumentException(
            "'"
                + text
                + "': variable $"
                + name
                + " has no value; values are given for "
                + new TreeSet<>(values.keySet()));
      }
      String format = m.group(2) != null ? m.group(2) : m.group(4);
      m.appendReplacement(out, Matcher.quoteReplacement(format(value, format, m.group())));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String name(Matcher m) {
    for (int group : new int[] {1, 3, 5}) {
      if (m.group(group) != null) {
        return m.group(group);
      }
    }
    throw new IllegalStateException("REFERENCE matched without a name: " + m.group());
  }

  private static String format(String value, String format, String reference) {
    if (format == null || VERBATIM.contains(format)) {
      return value;
    }
    if (format.equals("regex")) {
      return REGEX_SPECIAL.matcher(value).replaceAll("\\\\$0");
    }
    throw new IllegalArgumentException(
        reference
            + ": format must be one of regex, "
            + String.join(", ", new TreeSet<>(VERBATIM))
            + ", found '"
            + format
            + "'");
  }
}
