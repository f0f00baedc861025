package dev.featurewatch.app.repo;

import dev.featurewatch.app.input.EntityCsv;
import dev.featurewatch.app.input.InputException;
import dev.featurewatch.store.config.RepositoryConfig;
import dev.featurewatch.store.definition.FeatureReference;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureService;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.offline.file.FileSources;
import dev.featurewatch.store.offline.join.EntityRows;
import dev.featurewatch.store.offline.join.JoinResult;
import dev.featurewatch.store.offline.join.PointInTimeJoin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code featurewatch historical}: a point-in-time correct training set, the features of each
 * entity row as they were at the row's timestamp, from the offline store.
 */
@Command(
    name = "historical",
    mixinStandardHelpOptions = true,
    description = "Point-in-time correct training sets from the offline store.")
public final class HistoricalCommand implements Callable<Integer> {

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--entities",
      required = true,
      paramLabel = "FILE",
      description =
          "CSV with a header: the join keys of the requested views and event_timestamp"
              + " (ISO-8601).")
  private Path entities;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private Features features;

  static final class Features {
    @Option(
        names = "--features",
        split = ",",
        paramLabel = "VIEW:FEATURE",
        description = "Features as view:feature, or a whole view as view.")
    List<String> references;

    @Option(names = "--feature-service", paramLabel = "NAME", description = "A feature service.")
    String service;
  }

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "The training set: FILE.parquet (Snappy), FILE.arrow (Arrow IPC) or FILE.csv.")
  private Path out;

  @Option(
      names = "--full-feature-names",
      description = "Name the columns view__feature, as Feast's full feature names.")
  private boolean fullFeatureNames;

  @Option(
      names = "--offline",
      paramLabel = "DIR",
      description =
          "The offline store (default: <repo>/"
              + RepositoryConfig.DEFAULT_OFFLINE_STORE
              + ", or offline_store in <repo>/featurewatch.yaml).")
  private Path offline;

  @Option(
      names = "--repo",
      defaultValue = ".",
      paramLabel = "DIR",
      description = "The feature repository whose registry to use (default: .).")
  private Path repo;

  @Mixin private RegistryOption registryOption;

  @Override
  public Integer call() throws Exception {
    String name = out.getFileName().toString();
    if (!name.endsWith(".parquet") && !name.endsWith(".arrow") && !name.endsWith(".csv")) {
      throw new InputException("--out must end in .parquet, .arrow or .csv, found " + out);
    }
    FeatureRepository repository = registryOption.current(repo).repository();
    List<PointInTimeJoin.Request> requests = requests(repository);
    Set<Field> joinKeys = new LinkedHashSet<>();
    for (PointInTimeJoin.Request request : requests) {
      joinKeys.addAll(repository.joinKeys(request.view()));
    }
    if (!Files.isRegularFile(entities)) {
      throw new InputException(entities + ": no such file");
    }
    Path offlineRoot = offline != null ? offline : RepositoryConfig.read(repo).offlineStore();
    try (OfflineStore store = new OfflineStore(offlineRoot)) {
      EntityRows rows = EntityCsv.read(entities, List.copyOf(joinKeys));
      PointInTimeJoin join = new PointInTimeJoin(store, new FileSources(repository, repo));
      try (JoinResult result = join.join(rows, requests, fullFeatureNames)) {
        for (int r = 0; r < requests.size(); r++) {
          long skipped = result.skippedRows().get(r);
          if (skipped > 0) {
            spec.commandLine()
                .getErr()
                .printf(
                    "%s: left out %d rows of its files: a join key is null%n",
                    requests.get(r).view().name(), skipped);
          }
        }
        if (name.endsWith(".parquet")) {
          result.writeParquet(out);
        } else if (name.endsWith(".arrow")) {
          result.writeArrow(out);
        } else {
          result.writeCsv(out);
        }
        spec.commandLine()
            .getOut()
            .printf(
                "wrote %s: %d rows, %d columns (%s)%n",
                out, result.size(), result.columnNames().size(), result.columnNames());
      }
    }
    return 0;
  }

  /** The requested features, grouped by view in the order first named. */
  private List<PointInTimeJoin.Request> requests(FeatureRepository repository) {
    List<FeatureReference> references = new ArrayList<>();
    if (features.service != null) {
      FeatureService service =
          repository
              .featureService(features.service)
              .orElseThrow(
                  () ->
                      new InputException(
                          "--feature-service: no feature service '"
                              + features.service
                              + "' in the registry"));
      references.addAll(service.features());
    } else {
      for (String text : features.references) {
        try {
          references.add(FeatureReference.parse(text));
        } catch (IllegalArgumentException e) {
          throw new InputException("--features: " + e.getMessage(), e);
        }
      }
    }
    try {
      return PointInTimeJoin.Request.grouped(repository, references);
    } catch (IllegalArgumentException e) {
      throw new InputException(
          (features.service != null ? "--feature-service " + features.service : "--features")
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
