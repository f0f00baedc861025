package dev.featurewatch.monitoring.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.drift.baseline.Baseline;
import dev.featurewatch.drift.baseline.BaselineFile;
import dev.featurewatch.drift.profile.MissingCounts;
import dev.featurewatch.drift.report.Baselines;
import dev.featurewatch.drift.report.NumericSample;
import dev.featurewatch.modelregistry.LocalModelRegistry;
import dev.featurewatch.modelregistry.ModelRegistry;
import dev.featurewatch.modelregistry.ModelRegistryException;
import dev.featurewatch.modelregistry.ModelVersion;
import dev.featurewatch.monitoring.Monitors;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.store.definition.ValueType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineLookupTest {

  @TempDir Path dir;
  private LocalModelRegistry registry;
  private BaselineLookup lookup;

  @BeforeEach
  void registry() {
    registry = new LocalModelRegistry(dir.resolve("models"));
    lookup = new BaselineLookup(registry, dir);
  }

  private static ModelMonitor monitor(String version, String alias, String baseline) {
    ModelMonitor m = Monitors.monitor(List.of(Field.of("x", ValueType.DOUBLE)));
    return new ModelMonitor(
        m.name(),
        m.model(),
        version,
        alias,
        m.source(),
        "",
        m.features(),
        m.prediction(),
        null,
        m.window(),
        m.drift(),
        List.of(),
        baseline,
        m.writeBack(),
        "",
        m.tags());
  }

  private static byte[] baseline(double value) throws IOException {
    Baseline b =
        Baselines.fromSamples(
            List.of(new NumericSample("x", new double[] {value, value + 1}, MissingCounts.NONE, 0)),
            2,
            2,
            "test",
            Instant.EPOCH);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BaselineFile.write(b, out);
    return out.toByteArray();
  }

  @Test
  void theBaselineAttachedToTheAliasedVersionAndThenNothingUntilItChanges() throws IOException {
    ModelVersion v1 = registry.createVersion("fraud");
    ModelVersion v2 = registry.createVersion("fraud");
    registry.setAlias("fraud", "champion", v1.version());
    byte[] first = baseline(0);
    registry.attachBaseline("fraud", v1.version(), first);
    ModelMonitor monitor = monitor("", "champion", ModelMonitor.REGISTRY_BASELINE);

    BaselineUpdate update = lookup.lookUp(monitor, null).orElseThrow();
    assertThat(update.version()).isEqualTo(v1.version());
    assertThat(update.digest()).isEqualTo(ModelRegistry.baselineDigest(first));
    assertThat(update.baseline()).isEqualTo(first);
    assertThat(update.problem()).isEmpty();
    assertThat(lookup.lookUp(monitor, update)).isEmpty();

    registry.attachBaseline("fraud", v2.version(), baseline(5));
    registry.setAlias("fraud", "champion", v2.version());
    BaselineUpdate moved = lookup.lookUp(monitor, update).orElseThrow();
    assertThat(moved.version()).isEqualTo(v2.version());
    assertThat(moved.digest()).isNotEqualTo(update.digest());
  }

  @Test
  void aVersionWithoutABaselineSaysHowToAttachOne() {
    ModelVersion v1 = registry.createVersion("fraud");

    BaselineUpdate update =
        lookup
            .lookUp(monitor(v1.version(), "", ModelMonitor.REGISTRY_BASELINE), null)
            .orElseThrow();

    assertThat(update.baseline()).isNull();
    assertThat(update.problem())
        .isEqualTo(
            "model 'fraud' version 1 has no baseline: attach one with featurewatch baseline attach");
  }

  @Test
  void aBaselineFileOfTheRepositoryIsReadAndABadOneNamed() throws IOException {
    ModelVersion v1 = registry.createVersion("fraud");
    Files.write(dir.resolve("baseline.json"), baseline(1));
    Files.writeString(dir.resolve("bad.json"), "{}", StandardCharsets.UTF_8);

    BaselineUpdate good =
        lookup.lookUp(monitor(v1.version(), "", "baseline.json"), null).orElseThrow();
    BaselineUpdate bad = lookup.lookUp(monitor(v1.version(), "", "bad.json"), null).orElseThrow();
    BaselineUpdate missing =
        lookup.lookUp(monitor(v1.version(), "", "missing.json"), null).orElseThrow();

    assertThat(good.problem()).isEmpty();
    assertThat(good.digest()).isEqualTo(ModelRegistry.baselineDigest(baseline(1)));
    assertThat(bad.problem()).startsWith(dir.resolve("bad.json") + ": format: ");
    assertThat(missing.problem())
        .isEqualTo("baseline file " + dir.resolve("missing.json") + " does not exist");
  }

  @Test
  void anUnknownModelIsAProblemButAnUnreachableRegistryKeepsWhatIsKnown() {
    ModelMonitor monitor = monitor("1", "", ModelMonitor.REGISTRY_BASELINE);
    BaselineUpdate unknown = lookup.lookUp(monitor, null).orElseThrow();
    assertThat(unknown.problem()).startsWith("model registry: ");

    ModelRegistry down = new Unreachable();
    BaselineUpdate known = new BaselineUpdate("fraud", "1", "sha256:x", new byte[0], "", true);
    assertThat(new BaselineLookup(down, dir).lookUp(monitor, known)).isEqualTo(Optional.empty());
  }

  /** A registry that cannot be reached. */
  private static final class Unreachable implements ModelRegistry {
    private static ModelRegistryException down() {
      return new ModelRegistryException(
          ModelRegistryException.Kind.UNAVAILABLE, "connection refused");
    }

    @Override
    public ModelVersion version(String model, String version) {
      throw down();
    }

    @Override
    public ModelVersion alias(String model, String alias) {
      throw down();
    }

    @Override
    public void setTag(String model, String version, String key, String value) {
      throw down();
    }

    @Override
    public void deleteTag(String model, String version, String key) {
      throw down();
    }

    @Override
    public void attachBaseline(String model, String version, byte[] baseline) {
      throw down();
    }

    @Override
    public byte[] baseline(String model, String version) {
      throw down();
    }

    @Override
    public List<String> models() {
      throw down();
    }

    @Override
    public List<ModelVersion> versions(String model) {
      throw down();
    }

    @Override
    public ModelVersion createVersion(
        String model, String source, String runId, String description) {
      throw down();
    }

    @Override
    public void setAlias(String model, String alias, String version) {
      throw down();
    }

    @Override
    public void deleteAlias(String model, String alias) {
      throw down();
    }
  }
}
