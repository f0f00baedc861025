package dev.featurewatch.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.featurewatch.alerting.ShippedFiles;
import dev.featurewatch.app.Cli;
import dev.featurewatch.monitoring.job.MonitorClusterJob;
import dev.featurewatch.store.config.RepositoryConfig;
import dev.featurewatch.store.pipeline.job.ClusterJob;
import dev.featurewatch.testing.TestServices;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml, which cannot run here (no Docker engine), kept valid and in step with what
 * the native tests run: valid against the Compose Specification's schema ({@code
 * compose-spec.json}, the Apache-2.0 schema of github.com/compose-spec/compose-spec at commit
 * 170098b), every file it mounts present, the rules, routing and dashboards mounted from where the
 * tests read them, every address a service, and the images at the versions the tests run.
 */
class ComposeFileIT {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path ROOT = Cli.ROOT;
  private static JsonNode compose;

  @BeforeAll
  static void read() throws IOException {
    compose = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile());
  }

  private static JsonNode service(String name) {
    JsonNode service = compose.path("services").path(name);
    assertThat(service.isMissingNode()).as("service " + name).isFalse();
    return service;
  }

  /** The service's bind mounts, host path (relative to the root) to container path. */
  private static Map<String, String> mounts(String service) {
    Map<String, String> mounts = new LinkedHashMap<>();
    for (JsonNode volume : service(service).path("volumes")) {
      String[] parts = volume.asText().split(":");
      if (parts[0].startsWith("./")) {
        mounts.put(parts[0].substring(2), parts[1]);
      }
    }
    return mounts;
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not end within 60 s");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  private static String version(String image) {
    return service(image).path("image").asText().replaceFirst("^[^:]+:v?", "");
  }

  @Test
  void theFileIsValidAgainstTheComposeSpecification() throws Exception {
    String checked =
        run(
            TestServices.python().toString(),
            "scripts/check_compose.py",
            "docker-compose.yml",
            "app/src/test/resources/compose-spec.json");

    assertThat(checked).contains("valid");
  }

  @Test
  void everyFileItMountsIsInTheRepository() {
    List<String> missing = new ArrayList<>();
    compose
        .path("services")
        .fieldNames()
        .forEachRemaining(
            name ->
                mounts(name).keySet().stream()
                    .filter(host -> !Files.exists(ROOT.resolve(host)))
                    .forEach(host -> missing.add(name + ": ./" + host)));
    assertThat(missing).isEmpty();
  }

  @Test
  void prometheusAndAlertmanagerRunTheRulesAndRoutingTheTestsRun() throws Exception {
    assertThat(mounts("prometheus"))
        .containsEntry("alerting/prometheus/rules", "/etc/prometheus/rules")
        .containsEntry("deploy/prometheus/prometheus.yml", "/etc/prometheus/prometheus.yml");
    assertThat(mounts("alertmanager"))
        .containsEntry(
            "alerting/alertmanager/alertmanager.yml", "/etc/alertmanager/alertmanager.yml");

    JsonNode prometheus = YAML.readTree(ROOT.resolve("deploy/prometheus/prometheus.yml").toFile());
    assertThat(prometheus.path("rule_files").get(0).asText())
        .isEqualTo("/etc/prometheus/rules/*.yml");
    assertThat(
            run(
                TestServices.promtool().toString(),
                "check",
                "config",
                "--syntax-only",
                "deploy/prometheus/prometheus.yml"))
        .contains("SUCCESS");
    // every scraped or alerted address is a service of the file
    List<String> hosts = new ArrayList<>();
    prometheus.findValues("targets").forEach(t -> t.forEach(a -> hosts.add(a.asText())));
    for (String address : hosts) {
      String host = address.substring(0, address.indexOf(':'));
      if (!host.equals("localhost")) {
        service(host);
      }
    }
    // each job on the cluster serves its own metrics: the pipeline's and the monitors' endpoints
    assertThat(hosts)
        .contains(
            "alertmanager:9093", "feature-server:6566", "taskmanager:9250", "taskmanager:9251");
  }

  @Test
  void theSetupCallsOnlyServicesThatDoNotWaitForIt() throws IOException {
    Matcher calls =
        Pattern.compile("https?://([a-z-]+):")
            .matcher(Files.readString(ROOT.resolve("deploy/setup.sh")));
    List<String> called = new ArrayList<>();
    while (calls.find()) {
      called.add(calls.group(1));
    }
    assertThat(called).isNotEmpty();
    for (String service : called) {
      assertThat(dependsOn(service, "setup")).as(service + " waits for setup").isFalse();
    }
  }

  /** Whether {@code service} waits, directly or not, for {@code other}. */
  private static boolean dependsOn(String service, String other) {
    List<String> direct = new ArrayList<>();
    service(service).path("depends_on").fieldNames().forEachRemaining(direct::add);
    return direct.contains(other) || direct.stream().anyMatch(d -> dependsOn(d, other));
  }

  @Test
  void theRegistryReceiverIsTheFeaturewatchAlertsService() {
    URI receiver = URI.create(ShippedFiles.RECEIVER_URL);
    JsonNode command = service(receiver.getHost()).path("command");

    assertThat(command.toString())
        .contains("\"alerts\",\"receive\"")
        .contains("\"--port\",\"" + receiver.getPort() + "\"")
        .contains("\"--host\",\"0.0.0.0\"");
  }

  @Test
  void grafanaLoadsTheDashboardsFromWhereTheirProvisioningSays() throws Exception {
    assertThat(mounts("grafana"))
        .containsEntry("dashboards/grafana/provisioning", "/etc/grafana/provisioning")
        .containsEntry("dashboards/grafana/dashboards", "/var/lib/grafana/dashboards/featurewatch");
    JsonNode datasources =
        YAML.readTree(
            ROOT.resolve("dashboards/grafana/provisioning/datasources/prometheus.yml").toFile());
    URI prometheus = URI.create(datasources.path("datasources").get(0).path("url").asText());
    service(prometheus.getHost());
    assertThat(prometheus.getPort()).isEqualTo(9090);
  }

  @Test
  void theImagesAreTheVersionsTheTestsRun() throws Exception {
    assertThat(run(TestServices.promtool().toString(), "--version"))
        .contains("version " + version("prometheus"));
    assertThat(run(TestServices.amtool().toString(), "--version"))
        .contains("version " + version("alertmanager"));
    assertThat(Files.readString(ROOT.resolve("scripts/requirements-test.txt")))
        .contains("mlflow==" + version("mlflow") + "\n");
    Matcher flink =
        Pattern.compile("<flink.version>([^<]+)</flink.version>")
            .matcher(Files.readString(ROOT.resolve("pom.xml")));
    assertThat(flink.find()).isTrue();
    assertThat(service("jobmanager").path("image").asText())
        .isEqualTo(service("taskmanager").path("image").asText())
        .isEqualTo("flink:" + flink.group(1) + "-java17");
    Matcher kafka =
        Pattern.compile("<kafka.version>([^<]+)</kafka.version>")
            .matcher(Files.readString(ROOT.resolve("pom.xml")));
    assertThat(kafka.find()).isTrue();
    assertThat(version("kafka")).isEqualTo(kafka.group(1));
  }

  @Test
  void theRepositorySettingsAreValidAndTheSetupKnowsTheJobsNames() throws Exception {
    Path repo = Files.createTempDirectory("compose-settings");
    Files.copy(ROOT.resolve("deploy/featurewatch.yaml"), repo.resolve("featurewatch.yaml"));
    RepositoryConfig settings = RepositoryConfig.read(repo);

    assertThat(settings.registry()).isEqualTo("redis://redis:6379/0");
    assertThat(settings.modelRegistry()).isEqualTo("http://mlflow:5000");
    assertThat(Files.readString(ROOT.resolve("deploy/setup.sh")))
        .contains("running \"" + ClusterJob.NAME + "\"")
        .contains("running \"" + MonitorClusterJob.NAME + "\"");
  }
}
