package dev.featurewatch.web;

import java.util.Map;
import java.util.Optional;

/**
 * The web console's shell: a page that links featurewatch's stylesheet and chart script and the
 * console's own, served by a server at a base path such as {@code /ui/}, and draws each view from
 * JSON it fetches from that server ({@code api/...} under the base). Unlike {@link HtmlPage}'s
 * reports it is not self-contained, so its policy lets it load scripts and styles, and fetch data,
 * from its own origin only.
 *
 * <pre>{@code
 * String html = ConsolePage.html();             // at /ui/
 * String script = ConsolePage.asset("console.js").orElseThrow().text();
 * }</pre>
 */
public final class ConsolePage {

  /** The console's page script: routing, the registry and model-health views. */
  public static final String SCRIPT = "console.js";

  /** The console's stylesheet, beside {@link HtmlPage#STYLESHEET}. */
  public static final String STYLESHEET = "console.css";

  /**
   * The content security policy to serve the shell with: scripts, styles and data from the same
   * origin only (inline style attributes, which the charts' legends use, allowed), nothing framed.
   */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline';"
          + " connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none';"
          + " frame-ancestors 'none'";

  private static final Map<String, String> TYPES =
      Map.of(
          HtmlPage.STYLESHEET,
          "text/css; charset=utf-8",
          STYLESHEET,
          "text/css; charset=utf-8",
          HtmlPage.CHARTS,
          "text/javascript; charset=utf-8",
          SCRIPT,
          "text/javascript; charset=utf-8");

  private ConsolePage() {}

  /** One file the shell links, with its content type. */
  public record Asset(String contentType, String text) {}

  /** The shell: its links are relative, so it is served at the base path itself. */
  public static String html() {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<meta name=\"generator\" content=\"featurewatch\">\n"
        + "<title>featurewatch console</title>\n"
        // no request for /favicon.ico, which the server does not have
        + "<link rel=\"icon\" href=\"data:,\">\n"
        + "<link rel=\"stylesheet\" href=\""
        + HtmlPage.STYLESHEET
        + "\">\n<link rel=\"stylesheet\" href=\""
        + STYLESHEET
        + "\">\n</head>\n<body class=\"console\">\n"
        + "<nav class=\"fw-nav\" id=\"fw-nav\"></nav>\n"
        + "<main id=\"fw-page\"><noscript>The console draws its pages with JavaScript: open it"
        + " in a browser with scripts on.</noscript></main>\n"
        + "<script src=\""
        + HtmlPage.CHARTS
        + "\"></script>\n<script src=\""
        + SCRIPT
        + "\"></script>\n</body>\n</html>\n";
  }

  /** The asset the shell links by {@code name}, empty for any other name. */
  public static Optional<Asset> asset(String name) {
    String type = TYPES.get(name);
    return type == null ? Optional.empty() : Optional.of(new Asset(type, HtmlPage.asset(name)));
  }
}
