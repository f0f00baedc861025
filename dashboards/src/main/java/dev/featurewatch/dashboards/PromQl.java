package dev.featurewatch.dashboards;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the series selectors of a PromQL expression without parsing it: enough to check metric
 * names and label filters, while {@code promtool} (in the integration tests) checks the syntax.
 *
 * <p>A selector is a name that is not a function, an aggregation or a keyword, with its {@code
 * {...}} matchers if any. Strings, label lists ({@code by (le, path)}), ranges ({@code [5m]}),
 * numbers and Grafana variables are skipped. Selectors by {@code {__name__="..."}} alone are not
 * reported. Linear in the expression's length.
 */
final class PromQl {

  /** A metric name and the text between its braces, {@code ""} when it has none. */
  record Selector(String metric, String matchers) {}

  private static final Set<String> AGGREGATIONS =
      Set.of(
          "sum",
          "min",
          "max",
          "avg",
          "group",
          "stddev",
          "stdvar",
          "count",
          "count_values",
          "bottomk",
          "topk",
          "quantile",
          "limitk",
          "limit_ratio");

  /** Followed by a parenthesised list of label names, not of expressions. */
  private static final Set<String> LABEL_LISTS =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan");

  private PromQl() {}

  static Set<String> metricNames(String expr) {
    Set<String> names = new LinkedHashSet<>();
    for (Selector s : selectors(expr)) {
      names.add(s.metric());
    }
    return names;
  }

  static List<Selector> selectors(String expr) {
    List<Selector> selectors = new ArrayList<>();
    int n = expr.length();
    int i = 0;
    while (i < n) {
      char c = expr.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        i = afterString(expr, i);
      } else if (c == '{') {
        i = afterBraces(expr, i);
      } else if (c == '[') {
        i = after(expr, i, ']');
      } else if (c == '#') {
        i = after(expr, i, '\n');
      } else if (c == '$') {
        i = afterVariable(expr, i);
      } else if (Character.isDigit(c) || c == '.') {
        // a number or a duration: 0.99, 1e3, 0x1f, 5m, 1h30m
        do {
          i++;
        } while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.'));
      } else if (isNameStart(c)) {
        int start = i;
        while (i < n && isNamePart(expr.charAt(i))) {
          i++;
        }
        String word = expr.substring(start, i);
        String lower = word.toLowerCase(Locale.ROOT);
        int next = skipSpaces(expr, i);
        boolean call = next < n && expr.charAt(next) == '(';
        if (LABEL_LISTS.contains(lower)) {
          i = call ? after(expr, next, ')') : i;
        } else if (!call && !AGGREGATIONS.contains(lower) && !KEYWORDS.contains(lower)) {
          boolean braces = next < n && expr.charAt(next) == '{';
          int end = braces ? afterBraces(expr, next) : i;
          String matchers = braces ? expr.substring(next + 1, Math.max(next + 1, end - 1)) : "";
          selectors.add(new Selector(word, matchers));
          i = end;
        }
      } else {
        i++;
      }
    }
    return selectors;
  }

  private static boolean isNameStart(char c) {
    return c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isNamePart(char c) {
    return isNameStart(c) || (c >= '0' && c <= '9');
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The index after the first {@code end} at or after {@code i + 1}, or the length. */
  private static int after(String s, int i, char end) {
    int at = s.indexOf(end, i + 1);
    return at < 0 ? s.length() : at + 1;
  }

  /** The index after the string opening at {@code i}; backquoted strings have no escapes. */
  private static int afterString(String s, int i) {
    char quote = s.charAt(i);
    for (int j = i + 1; j < s.length(); j++) {
      char c = s.charAt(j);
      if (c == '\\' && quote != '`') {
        j++;
      } else if (c == quote) {
        return j + 1;
      }
    }
    return s.length();
  }

  /** The index after the {@code }} closing the matchers opening at {@code i}. */
  private static int afterBraces(String s, int i) {
    int j = i + 1;
    while (j < s.length()) {
      char c = s.charAt(j);
      if (c == '"' || c == '\'' || c == '`') {
        j = afterString(s, j);
      } else if (c == '}') {
        return j + 1;
      } else {
        j++;
      }
    }
    return s.length();
  }

  /** The index after a Grafana variable at {@code i}: {@code $name} or {@code ${name...}}. */
  private static int afterVariable(String s, int i) {
    if (i + 1 < s.length() && s.charAt(i + 1) == '{') {
      return after(s, i, '}');
    }
    int j = i + 1;
    while (j < s.length() && isNamePart(s.charAt(j)) && s.charAt(j) != ':') {
      j++;
    }
    return j;
  }
}
