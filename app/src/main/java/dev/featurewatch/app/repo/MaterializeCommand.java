package dev.featurewatch.app.repo;

import dev.featurewatch.app.input.InputException;
import dev.featurewatch.app.input.Instants;
import dev.featurewatch.store.config.RepositoryConfig;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.materialize.MaterializeListener;
import dev.featurewatch.store.materialize.Materializer;
import dev.featurewatch.store.materialize.Progress;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.offline.file.FileSources;
import dev.featurewatch.store.online.OnlineStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code featurewatch materialize}: the latest offline row of each entity with event time in {@code
 * [--start, --end)}, copied to the online store. Rerun after a failure with the same arguments, it
 * resumes where it stopped (see {@link Materializer}).
 */
@Command(
    name = "materialize",
    mixinStandardHelpOptions = true,
    description = "Copy the latest offline row per entity in [start, end) to the online store.")
public final class MaterializeCommand implements Callable<Integer> {

  /**
   * Where the checkpoints are when none is given, relative to the feature repository: one file per
   * online store, since what one store holds says nothing about another.
   */
  static final String DEFAULT_STATE_DIRECTORY = ".featurewatch/materialize";

  @Spec private CommandSpec spec;

  @Option(
      names = "--start",
      required = true,
      paramLabel = "TIME",
      description = "Inclusive: an ISO-8601 instant (2026-11-01T08:00:00Z) or a UTC date.")
  private String start;

  @Option(
      names = "--end",
      required = true,
      paramLabel = "TIME",
      description = "Exclusive: an ISO-8601 instant or a UTC date (its start).")
  private String end;

  @Mixin private Common common;

  @Mixin private OnlineStoreOption onlineOption;

  @Mixin private RegistryOption registryOption;

  @Override
  public Integer call() throws Exception {
    Instant from = Instants.parse("--start", start);
    Instant to = Instants.parse("--end", end);
    if (!to.isAfter(from)) {
      throw new InputException("--end must be after --start: --start " + start + ", --end " + end);
    }
    return common.run(
        spec,
        onlineOption,
        registryOption,
        (materializer, views) ->
            materializer.materialize(views, from, to, listener(spec.commandLine().getOut())));
  }

  /** What both materialize commands share: the views, the repository and the stores. */
  static final class Common {

    @Option(
        names = "--views",
        split = ",",
        paramLabel = "VIEW",
        description = "The feature views to materialize (default: every online view).")
    List<String> views;

    @Option(
        names = "--repo",
        defaultValue = ".",
        paramLabel = "DIR",
        description = "The feature repository whose registry to use (default: .).")
    Path repo;

    @Option(
        names = "--offline",
        paramLabel = "DIR",
        description =
            "The offline store (default: <repo>/"
                + RepositoryConfig.DEFAULT_OFFLINE_STORE
                + ", or offline_store in <repo>/featurewatch.yaml).")
    Path offline;

    @Option(
        names = "--state",
        paramLabel = "FILE",
        description =
            "The checkpoint recording what was materialized, one per online store"
                + " (default: <repo>/"
                + DEFAULT_STATE_DIRECTORY
                + "/<store>.json, named after the --online store).")
    Path state;

    /** The work of one command, given the materializer and the selected views. */
    interface Work {
      List<Progress> apply(Materializer materializer, List<FeatureView> views);
    }

    int run(CommandSpec spec, OnlineStoreOption online, RegistryOption registry, Work work) {
      FeatureRepository repository = currentRepository(registry);
      List<FeatureView> selected = select(repository);
      Path offlineRoot = offline != null ? offline : RepositoryConfig.read(repo).offlineStore();
      Path stateFile =
          state != null
              ? state
              : repo.resolve(DEFAULT_STATE_DIRECTORY).resolve(online.fileName(repo) + ".json");
      PrintWriter out = spec.commandLine().getOut();
      try (OfflineStore offlineStore = new OfflineStore(offlineRoot);
          OnlineStore onlineStore = online.open(repo)) {
        Materializer materializer =
            new Materializer(
                offlineStore,
                new FileSources(repository, repo),
                onlineStore,
                stateFile,
                Clock.systemUTC(),
                Materializer.DEFAULT_BATCH_ROWS);
        long started = System.nanoTime();
        List<Progress> done = work.apply(materializer, selected);
        out.printf(
            Locale.ROOT,
            "materialized %d view%s in %.2f s%n",
            done.size(),
            done.size() == 1 ? "" : "s",
            (System.nanoTime() - started) / 1e9);
      }
      return 0;
    }

    private FeatureRepository currentRepository(RegistryOption registry) {
      return registry.current(repo).repository();
    }

    /** The named views, or every online view; a named view must exist and be online. */
    private List<FeatureView> select(FeatureRepository repository) {
      if (views == null || views.isEmpty()) {
        return repository.featureViews().stream().filter(FeatureView::online).toList();
      }
      List<FeatureView> selected = new ArrayList<>();
      for (String name : views) {
        FeatureView view =
            repository
                .featureView(name)
                .orElseThrow(
                    () ->
                        new InputException(
                            "--views: no feature view '" + name + "' in the registry"));
        if (!view.online()) {
          throw new InputException(
              "--views: feature view '" + name + "' is offline only (online: false)");
        }
        if (!selected.contains(view)) {
          selected.add(view);
        }
      }
      return selected;
    }
  }

  /** Prints one line per finished partition and per skipped view. */
  static MaterializeListener listener(PrintWriter out) {
    return new MaterializeListener() {
      @Override
      public void progress(Progress p) {
        String partitions =
            p.isComplete()
                ? p.partitions() + " partition" + (p.partitions() == 1 ? "" : "s")
                : p.partitionsDone() + "/" + p.partitions() + " partitions";
        out.printf(
            Locale.ROOT,
            "%s: %s, %,d rows read, %,d keys written (%d%%)%n",
            p.view(),
            partitions,
            p.rowsRead(),
            p.keysWritten(),
            (int) Math.floor(p.fraction() * 100));
        out.flush();
      }

      @Override
      public void rowsLeftOut(String view, long rows, String reason) {
        out.printf(Locale.ROOT, "%s: left out %d rows of its files: %s%n", view, rows, reason);
      }

      @Override
      public void skipped(String view, String reason) {
        out.printf(Locale.ROOT, "%s: skipped, %s%n", view, reason);
        out.flush();
      }
    };
  }
}
