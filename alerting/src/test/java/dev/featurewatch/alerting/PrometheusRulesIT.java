package dev.featurewatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.testing.TestServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The alert rules pass {@code promtool check rules} with every lint, each alert's {@code promtool
 * test rules} cases pass, every alert has a test case and a runbook that exists.
 */
class PrometheusRulesIT {

  private static final Path PROMETHEUS = Path.of("prometheus");
  private static final Pattern ALERT = Pattern.compile("^\\s*- alert: (\\w+)", Pattern.MULTILINE);
  private static final Pattern RUNBOOK =
      Pattern.compile(
          "runbook_url: https://github.com/featurewatch/featurewatch/blob/main/alerting/(\\S+)");

  private static String promtool(String... args) throws IOException, InterruptedException {
    List<String> command =
        Stream.concat(Stream.of(TestServices.promtool().toString()), Stream.of(args)).toList();
    Process process =
        new ProcessBuilder(command)
            .directory(PROMETHEUS.toFile())
            .redirectErrorStream(true)
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("promtool did not answer within 60 s: " + command);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  private static List<Path> files(String dir) throws IOException {
    try (Stream<Path> files = Files.list(PROMETHEUS.resolve(dir))) {
      return files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
    }
  }

  @Test
  void theRulesPassPromtoolsChecksWithEveryLint() throws Exception {
    for (Path rules : files("rules")) {
      assertThat(
              promtool(
                  "check",
                  "rules",
                  "--lint=all",
                  "--lint-fatal",
                  PROMETHEUS.relativize(rules).toString()))
          .contains("SUCCESS");
    }
  }

  @Test
  void everyAlertFiresWhenItShouldAndStaysSilentWhenItShouldNot() throws Exception {
    for (Path test : files("tests")) {
      assertThat(promtool("test", "rules", PROMETHEUS.relativize(test).toString()))
          .contains("SUCCESS");
    }
  }

  @Test
  void everyAlertHasATestCaseAndARunbook() throws IOException {
    StringBuilder tests = new StringBuilder();
    for (Path test : files("tests")) {
      tests.append(Files.readString(test));
    }
    for (Path rules : files("rules")) {
      String text = Files.readString(rules);
      Matcher alerts = ALERT.matcher(text);
      while (alerts.find()) {
        assertThat(tests.toString()).as(alerts.group(1)).contains("alertname: " + alerts.group(1));
      }
      Matcher runbooks = RUNBOOK.matcher(text);
      while (runbooks.find()) {
        assertThat(Path.of(runbooks.group(1))).as(runbooks.group(0)).isRegularFile();
      }
    }
  }
}
