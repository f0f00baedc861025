package dev.featurewatch.app.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurewatch.app.Cli;
import dev.featurewatch.modelregistry.LocalModelRegistry;
import dev.featurewatch.modelregistry.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code featurewatch models} with the embedded default, the repository's model registry directory:
 * the path of issue 19, where a user registers a version and then attaches a baseline to it.
 */
class ModelsCommandTest {

  private static final String CREATED = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";

  @TempDir Path repo;

  @Test
  void aRegisteredVersionIsListedAliasedShownAndUnaliased() throws Exception {
    Cli first =
        models(
            "register",
            "fraud",
            "--source",
            "s3://models/fraud/1",
            "--run-id",
            "4f2a",
            "--description",
            "trained on April");
    Cli second = models("register", "fraud");

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).isEqualTo("1\n");
    assertThat(second.out()).isEqualTo("2\n");

    Cli alias = models("alias", "set", "fraud", "champion", "1");
    assertThat(alias.exitCode()).as(alias.err()).isZero();
    assertThat(alias.out()).isEqualTo("fraud@champion is version 1\n");

    Cli list = models("list");
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out().split("\n"))
        .satisfiesExactly(
            header ->
                assertThat(header).matches("model +version +created +aliases +source +run id"),
            row ->
                assertThat(row)
                    .matches("fraud +1 +" + CREATED + " +champion +s3://models/fraud/1 +4f2a"),
            row -> assertThat(row).matches("fraud +2 +" + CREATED + " +- +- +-"));

    Cli show = models("show", "fraud@champion");
    assertThat(show.exitCode()).as(show.err()).isZero();
    assertThat(show.out())
        .matches(
            "model fraud version 1\n"
                + "  created:     "
                + CREATED
                + "\n"
                + "  aliases:     champion\n"
                + "  source:      s3://models/fraud/1\n"
                + "  run id:      4f2a\n"
                + "  description: trained on April\n"
                + "  baseline:    none \\(attach one with featurewatch baseline attach\\)\n"
                + "  tags:        -\n");

    Cli deleted = models("alias", "delete", "fraud", "champion");
    assertThat(deleted.exitCode()).as(deleted.err()).isZero();
    assertThat(deleted.out()).isEqualTo("deleted fraud@champion\n");
    assertThat(models("show", "fraud", "1").out()).contains("  aliases:     -\n");
    assertThatThrownBy(() -> registry().alias("fraud", "champion"))
        .hasMessageContaining("model 'fraud' has no alias 'champion'");
  }

  @Test
  void aBaselineAttachesToARegisteredVersionAndShowsWithIt() throws Exception {
    Path train =
        Files.writeString(
            repo.resolve("train.csv"), "amount,country,score\n1,PT,0.1\n2,ES,0.7\n3,PT,0.4\n");
    Path baseline = repo.resolve("baseline.json");
    assertThat(
            Cli.run(
                    "baseline",
                    "--input",
                    train.toString(),
                    "--out",
                    baseline.toString(),
                    "--prediction",
                    "score")
                .exitCode())
        .isZero();
    String version = models("register", "fraud", "--source", "s3://models/fraud/1").out().strip();

    Cli attach =
        Cli.run(
            "baseline",
            "attach",
            "--repo",
            repo.toString(),
            "--model",
            "fraud",
            "--version",
            version,
            "--file",
            baseline.toString());

    assertThat(attach.exitCode()).as(attach.err()).isZero();
    String digest = ModelRegistry.baselineDigest(Files.readAllBytes(baseline));
    Cli show = models("show", "fraud", version);
    assertThat(show.exitCode()).as(show.err()).isZero();
    assertThat(show.out())
        .contains(
            "  baseline:    "
                + digest
                + " (format version 4)\n"
                + "               2 features (1 numeric, 1 categorical) from 3 rows of train.csv,"
                + " profiled ",
            "               with the predictions' profile\n",
            "  tags:\n    featurewatch.baseline  " + digest + "\n");
  }

  @Test
  void theListIsJsonWhenAsked() throws Exception {
    models("register", "churn", "--source", "file:/models/churn/1");
    models("register", "fraud", "--run-id", "r1");
    models("alias", "set", "fraud", "champion", "1");
    registry().setTag("fraud", "1", "featurewatch.status", "ok");

    Cli list = models("list", "--format", "json");

    assertThat(list.exitCode()).as(list.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(list.out());
    assertThat(json.path("registry").asText()).isEqualTo(registryDir().toString());
    assertThat(json.path("models").findValuesAsText("name")).containsExactly("churn", "fraud");
    JsonNode fraud = json.path("models").path(1).path("versions").path(0);
    assertThat(fraud.path("version").asText()).isEqualTo("1");
    assertThat(fraud.path("created").asText()).matches("\\d{4}-.*Z");
    assertThat(fraud.path("aliases").toString()).isEqualTo("[\"champion\"]");
    assertThat(fraud.path("source").asText()).isEmpty();
    assertThat(fraud.path("run_id").asText()).isEqualTo("r1");
    assertThat(fraud.path("tags").toString()).isEqualTo("{\"featurewatch.status\":\"ok\"}");

    Cli one = models("list", "churn");
    assertThat(one.out()).contains("file:/models/churn/1").doesNotContain("fraud");
  }

  @Test
  void anEmptyRegistrySaysSo() {
    Cli list = models("list");

    assertThat(list.exitCode()).isZero();
    assertThat(list.out()).isEqualTo("no models in the model registry at " + registryDir() + "\n");
  }

  @Test
  void whatDoesNotExistIsBadInputInOneLineNamingTheRegistry() {
    models("register", "fraud");
    String in = " in the registry at " + registryDir();

    assertBadInput(models("show", "fraud", "3"), "model 'fraud' has no version 3" + in);
    assertBadInput(models("show", "churn", "1"), "no model 'churn'" + in);
    assertBadInput(models("show", "fraud@champion"), "model 'fraud' has no alias 'champion'" + in);
    assertBadInput(models("list", "churn"), "no model 'churn'" + in);
    assertBadInput(
        models("alias", "set", "fraud", "champion", "3"), "model 'fraud' has no version 3" + in);
    assertBadInput(
        models("alias", "delete", "fraud", "champion"),
        "model 'fraud' has no alias 'champion'" + in);
    assertBadInput(
        models("show", "fraud"), "models show needs NAME VERSION or NAME@ALIAS, found 'fraud'");
    assertBadInput(models("list", "--format", "xml"), "--format must be table or json: xml");
    assertBadInput(
        models("register", "../fraud"),
        "model name must be 1 to 255 of [A-Za-z0-9._-], starting with a letter or digit,"
            + " found '../fraud'");
  }

  private static void assertBadInput(Cli cli, String message) {
    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err()).isEqualTo("featurewatch: " + message + "\n");
  }

  private Path registryDir() {
    return repo.resolve(".featurewatch/models");
  }

  private LocalModelRegistry registry() {
    return new LocalModelRegistry(registryDir());
  }

  /** {@code featurewatch models ARGS --repo REPO}. */
  private Cli models(String... args) {
    List<String> all = new ArrayList<>(List.of("models"));
    all.addAll(List.of(args));
    all.add("--repo");
    all.add(repo.toString());
    return Cli.run(all.toArray(String[]::new));
  }
}
