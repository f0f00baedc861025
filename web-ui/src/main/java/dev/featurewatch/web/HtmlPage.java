package dev.featurewatch.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A self-contained HTML page: featurewatch's stylesheet and chart script, a page script that draws
 * the page from its data, and the data as JSON, all inline. Nothing is fetched (the page's content
 * security policy forbids it), so a report opens from a file, an e-mail or an artifact store as it
 * was written.
 *
 * <pre>{@code
 * String html = HtmlPage.render("Drift report", HtmlPage.DRIFT_REPORT, reportJson);
 * }</pre>
 */
public final class HtmlPage {

  /** The page script of {@code featurewatch drift --format html}. */
  public static final String DRIFT_REPORT = "drift-report.js";

  /** The page script of {@code featurewatch report}, the monitoring history. */
  public static final String HISTORY_REPORT = "history-report.js";

  /** The stylesheet every page uses. */
  public static final String STYLESHEET = "fw.css";

  /** The chart script every page uses: SVG histograms, bars, lines and heatmaps. */
  public static final String CHARTS = "fw-charts.js";

  private HtmlPage() {}

  /**
   * The page titled {@code title} whose {@code script} (one of the constants above) draws {@code
   * json}, a JSON document, into it.
   */
  public static String render(String title, String script, String json) {
    Objects.requireNonNull(json, "json");
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
        + " style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
        + "<meta name=\"generator\" content=\"featurewatch\">\n"
        + "<title>"
        + escape(title)
        + "</title>\n<style>\n"
        + asset(STYLESHEET)
        + "</style>\n</head>\n<body>\n<main id=\"fw-page\"><noscript>This page draws its tables"
        + " and charts with JavaScript: open it in a browser with scripts on.</noscript></main>\n"
        + "<script type=\"application/json\" id=\"fw-data\">"
        + scriptSafe(json)
        + "</script>\n<script>\n"
        + asset(CHARTS)
        + "</script>\n<script>\n"
        + asset(script)
        + "</script>\n</body>\n</html>\n";
  }

  /** The text of one of this package's assets, such as {@link #CHARTS}. */
  public static String asset(String name) {
    try (InputStream in = HtmlPage.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no web asset named '" + name + "'");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the web asset '" + name + "'", e);
    }
  }

  /** Text as HTML element content or a quoted attribute value. */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * JSON that cannot end its script element: {@code <} appears in JSON only inside strings, where
   * {@code \u003c} means the same, so no {@code </script>} or {@code <!--} survives.
   */
  static String scriptSafe(String json) {
    return json.replace("<", "\\u003c");
  }
}
