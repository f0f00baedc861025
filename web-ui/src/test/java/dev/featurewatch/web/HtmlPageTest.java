package dev.featurewatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HtmlPageTest {

  @Test
  void dataCannotCloseItsScriptElementAndKeepsItsMeaning() {
    String json = "{\"file\":\"</script><script>alert(1)</script><!--\"}";

    String page = HtmlPage.render("t", HtmlPage.DRIFT_REPORT, json);

    String data =
        page.substring(
            page.indexOf("id=\"fw-data\">") + "id=\"fw-data\">".length(),
            page.indexOf("</script>", page.indexOf("id=\"fw-data\">")));
    // JSON's \u003c is '<': the same document, with no '<' left in it
    assertThat(data).doesNotContain("<").isEqualTo(json.replace("<", "\\u003c"));
  }

  @Test
  void theTitleIsEscapedAndEveryAssetIsInlined() {
    String page = HtmlPage.render("a <b> & \"c\"", HtmlPage.DRIFT_REPORT, "{}");

    assertThat(page)
        .contains("<title>a &lt;b&gt; &amp; &quot;c&quot;</title>")
        .contains(HtmlPage.asset(HtmlPage.STYLESHEET))
        .contains(HtmlPage.asset(HtmlPage.CHARTS))
        .contains(HtmlPage.asset(HtmlPage.DRIFT_REPORT))
        .contains("default-src 'none'")
        .doesNotContain("<link", " src=");
  }

  @Test
  void anUnknownAssetIsNamed() {
    assertThatThrownBy(() -> HtmlPage.asset("nope.js"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no web asset named 'nope.js'");
  }
}
