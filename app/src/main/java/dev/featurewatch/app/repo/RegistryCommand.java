package dev.featurewatch.app.repo;

import dev.featurewatch.app.input.InputException;
import dev.featurewatch.drift.calibration.Calibration;
import dev.featurewatch.store.definition.DataSource;
import dev.featurewatch.store.definition.Entity;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureService;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.store.definition.StreamSpec;
import dev.featurewatch.store.registry.RegistryVersion;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code featurewatch registry}: what the current registry version holds. */
@Command(
    name = "registry",
    mixinStandardHelpOptions = true,
    description = "List or describe what the registry holds.",
    subcommands = {RegistryCommand.ListCommand.class, RegistryCommand.DescribeCommand.class})
public final class RegistryCommand implements Runnable {

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options of both subcommands. */
  static final class Source {
    @Option(
        names = "--repo",
        defaultValue = ".",
        paramLabel = "DIR",
        description = "The feature repository whose default registry to read (default: .).")
    Path repo;

    @Mixin RegistryOption registryOption;

    RegistryVersion current() {
      return registryOption.current(repo);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the entities, sources, feature views and services.")
  static final class ListCommand implements Callable<Integer> {
    @Spec private picocli.CommandLine.Model.CommandSpec spec;
    @Mixin private Source source;

    @Override
    public Integer call() throws Exception {
      RegistryVersion version = source.current();
      FeatureRepository repo = version.repository();
      PrintWriter out = spec.commandLine().getOut();
      out.printf("registry version %d, applied %s%n", version.version(), version.appliedAt());
      out.println("entities:");
      for (Entity e : repo.entities()) {
        out.printf("  %-28s join keys %s%n", e.name(), fields(e.joinKeys()));
      }
      out.println("sources:");
      for (DataSource s : repo.sources()) {
        out.printf("  %-28s %s%n", s.name(), s.kind().id());
      }
      out.println("feature views:");
      for (FeatureView v : repo.featureViews()) {
        out.printf(
            "  %-28s %d features, entities %s, ttl %s%n",
            v.name(), v.features().size(), v.entities(), ttl(v));
      }
      out.println("feature services:");
      for (FeatureService s : repo.featureServices()) {
        out.printf("  %-28s %s%n", s.name(), s.features());
      }
      out.println("model monitors:");
      for (ModelMonitor m : repo.modelMonitors()) {
        out.printf(
            "  %-28s %s, %d features, windows of %s%n",
            m.name(), modelVersion(m), m.features().size(), window(m.window()));
      }
      return 0;
    }
  }

  @Command(
      name = "describe",
      mixinStandardHelpOptions = true,
      description = "Describe one entity, source, feature view, feature service or model monitor.")
  static final class DescribeCommand implements Callable<Integer> {
    @Spec private picocli.CommandLine.Model.CommandSpec spec;
    @Mixin private Source source;

    @Parameters(paramLabel = "NAME", description = "What to describe.")
    private String name;

    @Override
    public Integer call() throws Exception {
      FeatureRepository repo = source.current().repository();
      PrintWriter out = spec.commandLine().getOut();
      Optional<FeatureView> view = repo.featureView(name);
      if (view.isPresent()) {
        FeatureView v = view.get();
        out.printf("feature view %s%n", v.name());
        out.printf("  entities:    %s (join keys %s)%n", v.entities(), fields(repo.joinKeys(v)));
        out.printf("  source:      %s%n", v.source().isEmpty() ? "-" : v.source());
        out.printf("  ttl:         %s%n", ttl(v));
        StreamSpec stream = v.stream();
        if (stream != null) {
          out.printf(
              "  stream:      %s, events up to %s out of order%n",
              stream.windowed()
                  ? duration(stream.window()) + " window every " + duration(stream.slide())
                  : "latest value of each field",
              duration(stream.maxOutOfOrderness()));
        }
        out.printf("  online:      %s, offline: %s%n", v.online(), v.offline());
        out.printf("  owner:       %s%n", v.owner().isEmpty() ? "-" : v.owner());
        out.printf("  description: %s%n", v.description().isEmpty() ? "-" : v.description());
        out.printf("  tags:        %s%n", v.tags());
        out.println("  features:");
        for (Field f : v.features()) {
          out.printf(
              "    %-26s %-12s %s%s%n", f.name(), f.type().id(), computed(v, f), f.description());
        }
        return 0;
      }
      Optional<Entity> entity = repo.entity(name);
      if (entity.isPresent()) {
        out.printf(
            "entity %s%n  join keys:   %s%n  description: %s%n",
            name, fields(entity.get().joinKeys()), entity.get().description());
        return 0;
      }
      Optional<DataSource> dataSource = repo.source(name);
      if (dataSource.isPresent()) {
        DataSource s = dataSource.get();
        out.printf(
            "source %s%n  kind:        %s%n  settings:    %s%n  timestamp:   %s%n",
            name, s.kind().id(), s.settings(), s.timestampField());
        return 0;
      }
      Optional<FeatureService> service = repo.featureService(name);
      if (service.isPresent()) {
        out.printf(
            "feature service %s%n  features:    %s%n  description: %s%n",
            name, service.get().features(), service.get().description());
        return 0;
      }
      Optional<ModelMonitor> monitor = repo.modelMonitor(name);
      if (monitor.isPresent()) {
        describe(monitor.get(), out);
        return 0;
      }
      throw new InputException(
          "nothing named '" + name + "' in the registry: see 'featurewatch registry list'");
    }
  }

  private static void describe(ModelMonitor m, PrintWriter out) {
    out.printf("model monitor %s%n", m.name());
    out.printf("  model:       %s%n", modelVersion(m));
    ModelMonitor.Prediction prediction = m.prediction();
    out.printf(
        "  predictions: %s, %s%s%n",
        m.source(),
        prediction.kind().id(),
        switch (prediction.kind()) {
          case BINARY_PROBABILITY -> " (positive at or above " + prediction.threshold() + ")";
          case CLASS_LABEL, CLASS_PROBABILITIES -> " of " + prediction.classes();
          case REGRESSION -> "";
        });
    out.printf(
        "  labels:      %s%n",
        m.labels() == null
            ? "none"
            : m.labels().source() + ", joined up to " + duration(m.labels().maxDelay()) + " later");
    out.printf("  window:      %s%n", window(m.window()));
    StringBuilder drift = new StringBuilder(driftSetting(m.drift())).append(", ");
    drift.append(
        m.drift().falseAlertEvery() != null
            ? "calibrated for one false alert per " + duration(m.drift().falseAlertEvery())
            : "calibrated at alpha "
                + (m.drift().alpha() != null ? m.drift().alpha() : Calibration.DEFAULT_ALPHA));
    new TreeMap<>(m.drift().features())
        .forEach((f, d) -> drift.append("; ").append(f).append(": ").append(driftSetting(d)));
    out.printf("  drift:       %s%n", drift);
    out.printf(
        "  segments:    %s%n",
        m.segments().isEmpty()
            ? "none"
            : m.segments().stream()
                .map(g -> g.feature() + " " + g.values())
                .collect(Collectors.joining(", ")));
    out.printf("  baseline:    %s%n", m.baseline());
    out.printf(
        "  write-back:  %severy %s%n",
        m.writeBack().onChange() ? "on change and " : "", duration(m.writeBack().interval()));
    out.printf("  description: %s%n", m.description().isEmpty() ? "-" : m.description());
    out.printf(
        "  features:    %s%s%n",
        m.featureService().isEmpty() ? "" : "(service " + m.featureService() + ") ",
        fields(m.features()));
  }

  private static String modelVersion(ModelMonitor m) {
    return m.model() + (m.alias().isEmpty() ? " version " + m.version() : " alias " + m.alias());
  }

  private static String window(ModelMonitor.Window window) {
    String size = window.size().isZero() ? "" : duration(window.size());
    String count = window.predictions() == 0 ? "" : window.predictions() + " predictions";
    return size.isEmpty() ? count : count.isEmpty() ? size : size + " or " + count;
  }

  private static String driftSetting(ModelMonitor.Drift drift) {
    return drift.method()
        + (drift.threshold() == null ? "" : " fixed at " + drift.threshold())
        + (drift.floor() == null ? "" : " floor " + drift.floor())
        + (drift.minSamples() == null ? "" : " from " + drift.minSamples() + " values");
  }

  /** A ttl as the repository writes it: 90s, 30m, 24h, 7d; "none" for no limit. */
  static String ttl(FeatureView view) {
    return view.ttl().isZero() ? "none" : duration(view.ttl());
  }

  /** How a windowed stream view computes the feature, e.g. {@code count(trip_id) }; else empty. */
  private static String computed(FeatureView view, Field feature) {
    if (view.stream() == null) {
      return "";
    }
    return view.stream().aggregations().stream()
        .filter(a -> a.feature().equals(feature.name()))
        .map(a -> a.function().id() + "(" + a.field() + ") ")
        .findFirst()
        .orElse("");
  }

  /** A duration as the repository writes it: 0s, 90s, 30m, 24h, 7d. */
  private static String duration(java.time.Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds == 0) {
      return "0s";
    }
    if (seconds % 86_400 == 0) {
      return seconds / 86_400 + "d";
    }
    if (seconds % 3_600 == 0) {
      return seconds / 3_600 + "h";
    }
    return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
  }

  private static String fields(List<Field> fields) {
    return fields.stream()
        .map(f -> f.name() + " " + f.type().id())
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
