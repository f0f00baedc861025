package dev.featurewatch.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurewatch.app.Cli;
import dev.featurewatch.app.Main;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code featurewatch report} on result lines the monitoring job wrote (three drift and three
 * performance lines of the demo's run, in {@code results.jsonl}).
 */
class ReportCommandTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;
  private Path results;

  @BeforeEach
  void results() throws IOException {
    results = Files.createDirectories(dir.resolve("results"));
    try (InputStream in = ReportCommandTest.class.getResourceAsStream("results.jsonl")) {
      Files.write(results.resolve("results-0.jsonl"), in.readAllBytes());
    }
    // an in-progress part of Flink's file sink: hidden, not committed, never read
    Files.writeString(results.resolve(".results-1.jsonl.inprogress"), "{\"half a li");
  }

  @Test
  void thePageHoldsTheMonitorsWindowsEachPerformanceOnce() throws IOException {
    Path page = dir.resolve("history.html");

    Cli cli = Cli.run("report", "--results", results.toString(), "--out", page.toString());

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.err()).contains("wrote the history of monitor loan_champion to " + page);
    JsonNode data = data(Files.readString(page));
    assertThat(data.get("monitor").asText()).isEqualTo("loan_champion");
    assertThat(data.get("drift")).hasSize(3);
    Set<String> windows = new HashSet<>();
    data.get("performance")
        .forEach(p -> assertThat(windows.add(p.get("window_end").asText())).isTrue());
    assertThat(windows).isNotEmpty();
    assertThat(data.get("drift").get(0).get("window_end").asText())
        .isLessThan(data.get("drift").get(2).get("window_end").asText());
  }

  @Test
  void fromAndToKeepTheWindowsEndingBetween() throws IOException {
    JsonNode all = data(Cli.run("report", "--results", results.toString()).out());
    String second = all.get("drift").get(1).get("window_end").asText();

    JsonNode later =
        data(Cli.run("report", "--results", results.toString(), "--from", second).out());
    JsonNode upTo = data(Cli.run("report", "--results", results.toString(), "--to", second).out());

    assertThat(later.get("drift")).hasSize(1);
    assertThat(upTo.get("drift")).hasSize(2);
  }

  @Test
  void badInputIsNamed() throws IOException {
    assertBadInput(
        "--monitor nope: no results of it in " + results + "; found [loan_champion]",
        "report",
        "--results",
        results.toString(),
        "--monitor",
        "nope");
    assertBadInput(
        "--results " + dir.resolve("none") + ": no such directory",
        "report",
        "--results",
        dir.resolve("none").toString());
    assertBadInput(
        "--to must be after --from",
        "report",
        "--results",
        results.toString(),
        "--from",
        "2026-11-02",
        "--to",
        "2026-11-01");
    Files.writeString(results.resolve("results-2.jsonl"), "{\"type\":\"drift\"}\n");
    assertBadInput(
        results.resolve("results-2.jsonl") + ":1: not a monitoring result",
        "report",
        "--results",
        results.toString());
  }

  private static void assertBadInput(String message, String... args) {
    Cli cli = Cli.run(args);
    assertThat(cli.exitCode()).as(cli.out() + cli.err()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(cli.err()).contains(message);
  }

  /** The data the page draws: its inlined JSON, whose '<' the page writes as \u003c. */
  private static JsonNode data(String html) throws IOException {
    String start = "id=\"fw-data\">";
    int from = html.indexOf(start) + start.length();
    return MAPPER.readTree(html.substring(from, html.indexOf("</script>", from)));
  }
}
