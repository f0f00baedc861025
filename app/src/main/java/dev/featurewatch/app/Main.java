package dev.featurewatch.app;

import dev.featurewatch.app.alerts.AlertsCommand;
import dev.featurewatch.app.batch.BaselineCommand;
import dev.featurewatch.app.batch.DriftCommand;
import dev.featurewatch.app.input.InputException;
import dev.featurewatch.app.models.ModelsCommand;
import dev.featurewatch.app.repo.ApplyCommand;
import dev.featurewatch.app.repo.DemoCommand;
import dev.featurewatch.app.repo.HistoricalCommand;
import dev.featurewatch.app.repo.MaterializeCommand;
import dev.featurewatch.app.repo.MaterializeIncrementalCommand;
import dev.featurewatch.app.repo.RegistryCommand;
import dev.featurewatch.app.repo.RunCommand;
import dev.featurewatch.app.repo.ServeCommand;
import dev.featurewatch.app.repo.SubmitCommand;
import dev.featurewatch.app.report.ReportCommand;
import dev.featurewatch.modelregistry.ModelRegistryException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code featurewatch} command: one subcommand per task, each listed by {@code --help}. */
@Command(
    name = "featurewatch",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Streaming feature store and model monitoring on Apache Flink.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      ApplyCommand.class,
      RegistryCommand.class,
      HistoricalCommand.class,
      MaterializeCommand.class,
      MaterializeIncrementalCommand.class,
      ServeCommand.class,
      RunCommand.class,
      SubmitCommand.class,
      ModelsCommand.class,
      BaselineCommand.class,
      DriftCommand.class,
      ReportCommand.class,
      AlertsCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 done, 1 drift found (with --fail-on-drift), 2 bad input or usage,"
          + " 3 unexpected error.",
      "Run 'featurewatch COMMAND --help' for a command's options."
    })
public final class Main implements Runnable {

  /** Bad input or usage: the message says what to fix. */
  public static final int EXIT_BAD_INPUT = 2;

  /** A failure that is not the user's: a bug or the environment. */
  public static final int EXIT_UNEXPECTED = 3;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with featurewatch's error handling, for {@code main} and for tests. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    // wide enough that every command's description stays on one line next to the longest name
    cli.setUsageHelpWidth(110);
    cli.setParameterExceptionHandler(
        (exception, args) -> {
          CommandLine failed = exception.getCommandLine();
          failed.getErr().println("featurewatch: " + exception.getMessage());
          failed
              .getErr()
              .println("Run 'featurewatch " + failed.getCommandName() + " --help' for usage.");
          return EXIT_BAD_INPUT;
        });
    cli.setExecutionExceptionHandler(
        (exception, commandLine, parseResult) -> {
          if (exception instanceof InputException
              || exception instanceof IllegalArgumentException) {
            commandLine.getErr().println("featurewatch: " + exception.getMessage());
            return EXIT_BAD_INPUT;
          }
          if (exception instanceof ModelRegistryException e) {
            // no such model, version or alias, or a refusal: the user's to fix; else the
            // registry is down, which its message says without a stack trace
            commandLine.getErr().println("featurewatch: " + e.getMessage());
            return e.retryable() ? EXIT_UNEXPECTED : EXIT_BAD_INPUT;
          }
          commandLine.getErr().println("featurewatch: unexpected error: " + exception);
          exception.printStackTrace(commandLine.getErr());
          return EXIT_UNEXPECTED;
        });
    return cli;
  }

  @Override
  public void run() {
    // no command given: show what there is
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"featurewatch " + (version == null ? "(development build)" : version)};
    }
  }
}
