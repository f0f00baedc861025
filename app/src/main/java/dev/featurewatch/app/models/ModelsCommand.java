package dev.featurewatch.app.models;

import dev.featurewatch.app.repo.ModelRegistryOption;
import dev.featurewatch.modelregistry.ModelVersion;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code featurewatch models}: the model versions of the repository's model registry, the one
 * {@code baseline attach} and the monitoring job use. With the embedded default, a directory, these
 * commands are the only way to make a version; with MLflow, they do what MLflow's client does.
 *
 * <pre>{@code
 * V=$(featurewatch models register fraud --source s3://models/fraud/7 --run-id 4f2a)
 * featurewatch baseline attach --model fraud --version "$V" --file baseline.json
 * featurewatch models alias set fraud champion "$V"
 * featurewatch models show fraud@champion
 * }</pre>
 *
 * <p>A model, version or alias that does not exist is bad input (exit 2), with a message naming the
 * registry; {@code Main} turns the registry's exception into it.
 */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "Register, list and show model versions in the model registry; set aliases.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      ModelsCommand.RegisterCommand.class,
      ModelsListCommand.class,
      ModelsCommand.AliasCommand.class,
      ModelsShowCommand.class
    })
public final class ModelsCommand {

  @Command(
      name = "register",
      mixinStandardHelpOptions = true,
      description = {
        "Register a new version of a model (and the model, the first time); print its number.",
        "MLflow needs --source; a directory registry does not."
      })
  static final class RegisterCommand implements Callable<Integer> {
    @Spec private picocli.CommandLine.Model.CommandSpec spec;
    @Mixin private ModelRegistryOption registry;

    @Parameters(paramLabel = "NAME", description = "The model.")
    private String model;

    @Option(
        names = "--source",
        paramLabel = "URI",
        description = "Where the model's files are, e.g. s3://models/fraud/7.")
    private String source = "";

    @Option(names = "--run-id", paramLabel = "ID", description = "The run that trained it.")
    private String runId = "";

    @Option(names = "--description", paramLabel = "TEXT", description = "Free text.")
    private String description = "";

    @Override
    public Integer call() {
      ModelVersion created = registry.open().createVersion(model, source, runId, description);
      // the number alone, for V=$(featurewatch models register ...)
      PrintWriter out = spec.commandLine().getOut();
      out.println(created.version());
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "alias",
      mixinStandardHelpOptions = true,
      description = "Point a model's alias (e.g. champion) at a version, or delete it.",
      synopsisSubcommandLabel = "COMMAND",
      subcommands = {AliasCommand.SetCommand.class, AliasCommand.DeleteCommand.class})
  static final class AliasCommand {

    @Command(
        name = "set",
        mixinStandardHelpOptions = true,
        description = "Point ALIAS of model NAME at VERSION, moving it if it pointed elsewhere.")
    static final class SetCommand implements Callable<Integer> {
      @Spec private picocli.CommandLine.Model.CommandSpec spec;
      @Mixin private ModelRegistryOption registry;

      @Parameters(index = "0", paramLabel = "NAME", description = "The model.")
      private String model;

      @Parameters(index = "1", paramLabel = "ALIAS", description = "The alias, e.g. champion.")
      private String alias;

      @Parameters(index = "2", paramLabel = "VERSION", description = "The version, e.g. 3.")
      private String version;

      @Override
      public Integer call() {
        registry.open().setAlias(model, alias, version);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s@%s is version %s%n", model, alias, version);
        out.flush();
        return 0;
      }
    }

    @Command(
        name = "delete",
        mixinStandardHelpOptions = true,
        description = "Delete ALIAS of model NAME; the version stays.")
    static final class DeleteCommand implements Callable<Integer> {
      @Spec private picocli.CommandLine.Model.CommandSpec spec;
      @Mixin private ModelRegistryOption registry;

      @Parameters(index = "0", paramLabel = "NAME", description = "The model.")
      private String model;

      @Parameters(index = "1", paramLabel = "ALIAS", description = "The alias.")
      private String alias;

      @Override
      public Integer call() {
        registry.open().deleteAlias(model, alias);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("deleted %s@%s%n", model, alias);
        out.flush();
        return 0;
      }
    }
  }
}
