package dev.featurewatch.app.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurewatch.app.Cli;
import dev.featurewatch.modelregistry.ModelRegistry;
import dev.featurewatch.testing.MlflowModels;
import dev.featurewatch.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code featurewatch models} against a real MLflow tracking server (scripts/test-services.sh
 * starts one): a version registered with its source and run, listed, aliased, given a baseline and
 * shown, as a data scientist without MLflow's Python client would do it.
 */
class ModelsCommandIT {

  private static final String MLFLOW = TestServices.mlflowUrl().toString();

  @TempDir Path dir;
  private final String model = "fw-models-it-" + UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void deleteModel() throws Exception {
    new MlflowModels(TestServices.mlflowUrl())
        .call("DELETE", "registered-models/delete", Map.of("name", model));
  }

  @Test
  void aVersionIsRegisteredListedAliasedGivenABaselineAndShown() throws Exception {
    Cli first =
        models(
            "register",
            model,
            "--source",
            "s3://models/" + model + "/1",
            "--run-id",
            "4f2a",
            "--description",
            "trained on April");
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).isEqualTo("1\n");
    assertThat(models("register", model, "--source", "s3://models/" + model + "/2").out())
        .as("the model is registered once")
        .isEqualTo("2\n");
    assertThat(models("alias", "set", model, "champion", "1").exitCode()).isZero();

    Cli list = models("list", model);
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out().split("\n"))
        .satisfiesExactly(
            header -> assertThat(header).startsWith("model "),
            row ->
                assertThat(row)
                    .matches(model + " +1 +\\S+Z +champion +s3://models/" + model + "/1 +4f2a"),
            row ->
                assertThat(row).matches(model + " +2 +\\S+Z +- +s3://models/" + model + "/2 +-"));

    Path baseline = baseline();
    Cli attach =
        Cli.run(
            "baseline",
            "attach",
            "--model-registry",
            MLFLOW,
            "--model",
            model,
            "--version",
            "2",
            "--file",
            baseline.toString());
    assertThat(attach.exitCode()).as(attach.err()).isZero();
    assertThat(models("alias", "set", model, "champion", "2").out())
        .isEqualTo(model + "@champion is version 2\n");

    Cli show = models("show", model + "@champion");
    assertThat(show.exitCode()).as(show.err()).isZero();
    String digest = ModelRegistry.baselineDigest(Files.readAllBytes(baseline));
    assertThat(show.out())
        .startsWith("model " + model + " version 2\n")
        .contains(
            "  aliases:     champion\n",
            "  source:      s3://models/" + model + "/2\n",
            "  baseline:    " + digest + " (format version 4)\n",
            "2 features (1 numeric, 1 categorical) from 3 rows of train.csv",
            "    featurewatch.baseline  " + digest + "\n");

    JsonNode json = new ObjectMapper().readTree(models("list", model, "--format", "json").out());
    JsonNode versions = json.path("models").path(0).path("versions");
    assertThat(versions.findValuesAsText("version")).containsExactly("1", "2");
    assertThat(versions.path(0).path("description").asText()).isEqualTo("trained on April");
    assertThat(versions.path(1).path("aliases").toString()).isEqualTo("[\"champion\"]");
    assertThat(versions.path(1).path("tags").path(ModelRegistry.BASELINE_TAG).asText())
        .isEqualTo(digest);

    Cli deleted = models("alias", "delete", model, "champion");
    assertThat(deleted.exitCode()).as(deleted.err()).isZero();
    assertThat(models("show", model, "2").out()).contains("  aliases:     -\n");
  }

  @Test
  void whatMlflowDoesNotHaveIsBadInputInOneLineNamingTheServer() {
    models("register", model, "--source", "s3://models/" + model + "/1");
    String in = " in MLflow at " + MLFLOW + "/";

    assertBadInput(models("show", model, "9"), "model '" + model + "' has no version 9" + in);
    assertBadInput(
        models("show", model + "@champion"), "model '" + model + "' has no alias 'champion'" + in);
    assertBadInput(
        models("alias", "set", model, "champion", "9"),
        "model '" + model + "' has no version 9" + in);
    assertBadInput(
        models("alias", "delete", model, "champion"),
        "model '" + model + "' has no alias 'champion'" + in);
    assertBadInput(models("list", model + "-none"), "no model '" + model + "-none'" + in);
    assertBadInput(
        models("register", model),
        "MLflow at "
            + MLFLOW
            + "/: a version of model '"
            + model
            + "' needs a source, the URI of the model's files");
  }

  private static void assertBadInput(Cli cli, String message) {
    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err()).isEqualTo("featurewatch: " + message + "\n");
  }

  private Path baseline() throws Exception {
    Path train = Files.writeString(dir.resolve("train.csv"), "amount,country\n1,PT\n2,ES\n3,PT\n");
    Path baseline = dir.resolve("baseline.json");
    Cli profiled = Cli.run("baseline", "--input", train.toString(), "--out", baseline.toString());
    assertThat(profiled.exitCode()).as(profiled.err()).isZero();
    return baseline;
  }

  /** {@code featurewatch models ARGS --model-registry MLFLOW}. */
  private static Cli models(String... args) {
    List<String> all = new ArrayList<>(List.of("models"));
    all.addAll(List.of(args));
    all.add("--model-registry");
    all.add(MLFLOW);
    return Cli.run(all.toArray(String[]::new));
  }
}
