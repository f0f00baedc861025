package dev.featurewatch.app.repo;

import dev.featurewatch.app.input.InputException;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.offline.file.FileSources;
import dev.featurewatch.store.registry.ApplyResult;
import dev.featurewatch.store.registry.BreakingChangeException;
import dev.featurewatch.store.registry.Registries;
import dev.featurewatch.store.registry.Registry;
import dev.featurewatch.store.registry.RepositoryDiff;
import dev.featurewatch.store.repo.Problem;
import dev.featurewatch.store.repo.RepositoryException;
import dev.featurewatch.store.repo.RepositoryReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code featurewatch apply}: validates a feature repository and stores it as a registry version.
 */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = "Validate a feature repository and store it as a registry version.")
public final class ApplyCommand implements Callable<Integer> {

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--repo",
      defaultValue = ".",
      paramLabel = "DIR",
      description = "The feature repository: a directory of YAML files (default: .).")
  private Path repo;

  @Option(
      names = "--force",
      description = "Store even breaking changes (a type change, a removed feature).")
  private boolean force;

  @Option(names = "--dry-run", description = "Validate and show the changes, store nothing.")
  private boolean dryRun;

  @Mixin private RegistryOption registryOption;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    FeatureRepository repository = read(repo);
    for (String problem : new FileSources(repository, repo).unreadablePaths()) {
      // a warning, not a refusal: the files may be on the machines that run the reading commands
      spec.commandLine()
          .getErr()
          .println("warning: " + problem + " (historical and materialize will fail on it here)");
    }
    try (Registries.Opened opened = registryOption.open(repo)) {
      apply(opened.registry(), repository, force, dryRun, out);
      return 0;
    }
  }

  /**
   * Shows what storing {@code repository} changes, then stores it unless {@code dryRun}.
   *
   * @throws InputException a breaking change without {@code force}
   */
  static void apply(
      Registry registry,
      FeatureRepository repository,
      boolean force,
      boolean dryRun,
      PrintWriter out) {
    RepositoryDiff plan = registry.plan(repository);
    out.println(plan);
    if (dryRun) {
      out.println("dry run: nothing stored");
      return;
    }
    ApplyResult result;
    try {
      result = registry.apply(repository, force);
    } catch (BreakingChangeException e) {
      throw new InputException(
          e.getMessage() + "\nrefused: apply again with --force to store breaking changes", e);
    }
    out.println(
        result.stored()
            ? "stored registry version " + result.current().version()
            : "no changes: registry version " + result.current().version() + " stays current");
  }

  /** The repository, or bad input listing every problem found. */
  static FeatureRepository read(Path repo) {
    try {
      return RepositoryReader.read(repo);
    } catch (RepositoryException e) {
      StringBuilder message =
          new StringBuilder(repo + ": " + e.problems().size() + " problem(s) in the repository:");
      for (Problem problem : e.problems()) {
        message.append("\n  ").append(problem);
      }
      throw new InputException(message.toString(), e);
    }
  }
}
