package dev.featurewatch.monitoring.baseline;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.modelregistry.ModelRegistries;
import dev.featurewatch.store.definition.ModelMonitor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * The baseline source's generator: each call looks up the next monitor's baseline when a round is
 * due (the first at once, then one every {@code interval}) and gives its update if it changed, else
 * a tick. Called at a fixed rate by Flink's generator source, so a slow registry delays only this
 * source, never the predictions.
 */
@Internal
public final class BaselinePoller implements GeneratorFunction<Long, BaselineUpdate> {

  private static final long serialVersionUID = 1L;

  private final List<ModelMonitor> monitors;
  private final String registryLocation;
  private final String repo;
  private final long intervalMillis;

  private transient BaselineLookup lookup;
  private transient Map<String, BaselineUpdate> known;
  private transient int next;
  private transient boolean ready;
  private transient long dueMillis;

  /**
   * @param registryLocation the model registry, as {@link ModelRegistries#open} takes it
   * @param repo the feature repository, for baseline files
   * @param interval between rounds of look-ups
   */
  public BaselinePoller(
      List<ModelMonitor> monitors, String registryLocation, Path repo, Duration interval) {
    if (monitors.isEmpty()) {
      throw new IllegalArgumentException("no model monitors to look up baselines for");
    }
    this.monitors = List.copyOf(monitors);
    this.registryLocation = registryLocation;
    this.repo = repo.toString();
    this.intervalMillis = interval.toMillis();
  }

  @Override
  public void open(SourceReaderContext context) {
    lookup = new BaselineLookup(ModelRegistries.open(registryLocation), Path.of(repo));
    known = new HashMap<>();
  }

  @Override
  public BaselineUpdate map(Long index) {
    long now = System.currentTimeMillis();
    if (now < dueMillis) {
      return BaselineUpdate.tick(ready);
    }
    ModelMonitor monitor = monitors.get(next);
    Optional<BaselineUpdate> update = lookup.lookUp(monitor, known.get(monitor.name()));
    update.ifPresent(u -> known.put(monitor.name(), u));
    next++;
    if (next == monitors.size()) {
      next = 0;
      ready = true;
      dueMillis = now + intervalMillis;
    }
    if (update.isEmpty()) {
      return BaselineUpdate.tick(ready);
    }
    return ready ? update.get().markedReady() : update.get();
  }
}
