package dev.featurewatch.app.batch;

import dev.featurewatch.app.input.InputException;
import dev.featurewatch.app.repo.ModelRegistryOption;
import dev.featurewatch.drift.baseline.Baseline;
import dev.featurewatch.drift.baseline.BaselineFile;
import dev.featurewatch.modelregistry.ModelRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code featurewatch baseline attach}: stores a baseline file with a model version in the model
 * registry, where the monitoring job finds it. The file is checked to be a baseline this version
 * reads before anything is stored.
 */
@Command(
    name = "attach",
    mixinStandardHelpOptions = true,
    description = "Attach a baseline file to a model version in the model registry.")
public final class BaselineAttachCommand implements Callable<Integer> {

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "NAME", description = "The model.")
  private String model;

  @Option(
      names = "--version",
      required = true,
      paramLabel = "V",
      description = "The model version, e.g. 3.")
  private String version;

  @Option(
      names = "--file",
      required = true,
      paramLabel = "FILE",
      description = "The baseline, as 'featurewatch baseline' writes it.")
  private Path file;

  @Mixin private ModelRegistryOption registryOption;

  @Override
  public Integer call() {
    byte[] bytes;
    Baseline baseline;
    try {
      baseline = BaselineFile.read(file);
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InputException(file + ": no such file", e);
    } catch (IOException e) {
      String message = String.valueOf(e.getMessage());
      throw new InputException(
          message.startsWith(file.toString()) ? message : file + ": " + message, e);
    }
    String where = registryOption.location();
    // a version that does not exist is bad input: Main says so with the registry's message
    registryOption.open().attachBaseline(model, version, bytes);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "attached %s (%d features, %s) to %s version %s in %s%n",
        file,
        baseline.features().size(),
        ModelRegistry.baselineDigest(bytes),
        model,
        version,
        where);
    out.flush();
    return 0;
  }
}
