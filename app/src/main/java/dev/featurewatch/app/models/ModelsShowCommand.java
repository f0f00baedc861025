package dev.featurewatch.app.models;

import dev.featurewatch.app.input.InputException;
import dev.featurewatch.app.repo.ModelRegistryOption;
import dev.featurewatch.drift.baseline.Baseline;
import dev.featurewatch.drift.baseline.BaselineFile;
import dev.featurewatch.drift.profile.FeatureType;
import dev.featurewatch.modelregistry.ModelRegistry;
import dev.featurewatch.modelregistry.ModelVersion;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code featurewatch models show}: one version's fields, its tags, and a summary of the baseline
 * {@code baseline attach} stored with it (the digest it is tagged with, then what the file holds).
 */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Show a model version: where it came from, its aliases, tags and baseline.")
final class ModelsShowCommand implements Callable<Integer> {

  private static final String INDENT = "               ";

  @Spec private picocli.CommandLine.Model.CommandSpec spec;
  @Mixin private ModelRegistryOption registry;

  @Parameters(
      index = "0",
      paramLabel = "NAME[@ALIAS]",
      description =
          "The model, with VERSION; or the model and one of its aliases, e.g. fraud@champion.")
  private String name;

  @Parameters(index = "1", arity = "0..1", paramLabel = "VERSION", description = "The version.")
  private String version;

  @Override
  public Integer call() {
    ModelRegistry models = registry.open();
    int at = name.lastIndexOf('@');
    ModelVersion shown;
    if (version != null) {
      shown = models.version(name, version);
    } else if (at > 0 && at < name.length() - 1) {
      shown = models.alias(name.substring(0, at), name.substring(at + 1));
    } else {
      throw new InputException(
          "models show needs NAME VERSION or NAME@ALIAS, found '" + name + "'");
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf("model %s version %s%n", shown.model(), shown.version());
    field(out, "created", ModelsListCommand.created(shown.created()));
    field(out, "aliases", shown.aliases().isEmpty() ? "-" : String.join(", ", shown.aliases()));
    field(out, "source", shown.source());
    field(out, "run id", shown.runId());
    field(out, "description", shown.description());
    field(out, "baseline", baseline(models, shown));
    if (shown.tags().isEmpty()) {
      field(out, "tags", "");
    } else {
      out.println("  tags:");
      int width = shown.tags().keySet().stream().mapToInt(String::length).max().orElse(0);
      shown.tags().forEach((k, v) -> out.printf("    %-" + width + "s  %s%n", k, v));
    }
    out.flush();
    return 0;
  }

  private static void field(PrintWriter out, String name, String value) {
    out.printf("  %-13s%s%n", name + ":", value.isEmpty() ? "-" : value);
  }

  /** The attached baseline in a few lines: its digest, then what it holds, or why it cannot say. */
  private static String baseline(ModelRegistry models, ModelVersion version) {
    String digest = version.tags().get(ModelRegistry.BASELINE_TAG);
    if (digest == null) {
      return "none (attach one with featurewatch baseline attach)";
    }
    byte[] bytes = models.baseline(version.model(), version.version());
    if (!ModelRegistry.baselineDigest(bytes).equals(digest)) {
      return digest + ", but the stored file's digest is " + ModelRegistry.baselineDigest(bytes);
    }
    Baseline baseline;
    try {
      baseline = BaselineFile.read(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      return digest + ", not a baseline this version reads: " + e.getMessage();
    }
    long numeric =
        baseline.features().values().stream().filter(f -> f.type() == FeatureType.NUMERIC).count();
    StringBuilder summary =
        new StringBuilder(digest)
            .append(" (format version ")
            .append(baseline.formatVersion())
            .append(")\n")
            .append(INDENT)
            .append(
                String.format(
                    Locale.ROOT,
                    "%d features (%d numeric, %d categorical) from %d rows",
                    baseline.features().size(),
                    numeric,
                    baseline.features().size() - numeric,
                    baseline.rowCount()));
    baseline.source().ifPresent(s -> summary.append(" of ").append(s));
    summary.append(", profiled ").append(ModelsListCommand.created(baseline.createdAt()));
    List<String> with = new ArrayList<>();
    baseline.prediction().ifPresent(p -> with.add("the predictions' profile"));
    if (!baseline.performance().isEmpty()) {
      with.add(
          "training performance "
              + baseline.performance().entrySet().stream()
                  .map(e -> String.format(Locale.ROOT, "%s=%.4f", e.getKey().id(), e.getValue()))
                  .collect(Collectors.joining(" ")));
    }
    baseline.multivariate().ifPresent(m -> with.add("a multivariate drift model"));
    if (!with.isEmpty()) {
      summary.append('\n').append(INDENT).append("with ").append(String.join(", ", with));
    }
    return summary.toString();
  }
}
