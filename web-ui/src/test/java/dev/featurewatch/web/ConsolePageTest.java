package dev.featurewatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsolePageTest {

  @Test
  void theShellLinksEveryAssetItServesAndNothingElse() {
    String html = ConsolePage.html();

    for (String name :
        new String[] {
          HtmlPage.STYLESHEET, ConsolePage.STYLESHEET, HtmlPage.CHARTS, ConsolePage.SCRIPT
        }) {
      assertThat(html).contains("\"" + name + "\"");
      assertThat(ConsolePage.asset(name))
          .get()
          .extracting(ConsolePage.Asset::text)
          .isEqualTo(HtmlPage.asset(name));
    }
    // no request for a favicon the server does not have
    assertThat(html).contains("<link rel=\"icon\" href=\"data:,\">");
  }

  @Test
  void onlyTheShellsAssetsAreServed() {
    assertThat(ConsolePage.asset("console.js"))
        .get()
        .extracting(ConsolePage.Asset::contentType)
        .isEqualTo("text/javascript; charset=utf-8");
    assertThat(ConsolePage.asset("fw.css"))
        .get()
        .extracting(ConsolePage.Asset::contentType)
        .isEqualTo("text/css; charset=utf-8");
    assertThat(ConsolePage.asset("drift-report.js")).isEmpty();
    assertThat(ConsolePage.asset("../HtmlPage.class")).isEmpty();
  }

  @Test
  void thePolicyLetsThePageLoadAndFetchFromItsOwnOriginOnly() {
    assertThat(ConsolePage.CONTENT_SECURITY_POLICY)
        .startsWith("default-src 'none';")
        .contains("script-src 'self';", "connect-src 'self';", "frame-ancestors 'none'")
        .doesNotContain("unsafe-eval", "script-src 'self' 'unsafe-inline'");
  }
}
