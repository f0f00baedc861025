package dev.featurewatch.modelregistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ModelRegistry} does, run against each implementation: a subclass gives the
 * registry and the means to create versions and aliases, which the interface leaves to the
 * registry's own tools.
 */
abstract class ModelRegistryContract {

  abstract ModelRegistry registry();

  /** Creates a new version of {@code model} (and the model if needed); returns its number. */
  abstract String createVersion(String model) throws Exception;

  abstract void setAlias(String model, String alias, String version) throws Exception;

  /** What every model name of these tests starts with. */
  static final String CONTRACT_PREFIX = "fw-contract-";

  /** A model name no other test uses, on this registry. */
  String uniqueModel() {
    return CONTRACT_PREFIX + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void tagsAreSetReplacedAndDeletedOnOneVersionOnly() throws Exception {
    String model = uniqueModel();
    String first = createVersion(model);
    String second = createVersion(model);
    ModelRegistry registry = registry();

    registry.setTag(model, first, "featurewatch.status", "ok");
    registry.setTag(model, first, "featurewatch.status", "drift");
    registry.setTag(model, first, "featurewatch.drifted_features", "income,utilization");

    assertThat(registry.version(model, first))
        .extracting(ModelVersion::model, ModelVersion::version, ModelVersion::tags)
        .containsExactly(
            model,
            first,
            Map.of(
                "featurewatch.status", "drift",
                "featurewatch.drifted_features", "income,utilization"));
    assertThat(registry.version(model, second).tags()).isEmpty();

    registry.deleteTag(model, first, "featurewatch.status");
    registry.deleteTag(model, first, "featurewatch.status");
    registry.deleteTag(model, first, "never.set");
    assertThat(registry.version(model, first).tags())
        .containsExactly(Map.entry("featurewatch.drifted_features", "income,utilization"));
  }

  @Test
  void anAliasLeadsToItsVersionWithItsTags() throws Exception {
    String model = uniqueModel();
    createVersion(model);
    String second = createVersion(model);
    setAlias(model, "champion", second);
    registry().setTag(model, second, "featurewatch.status", "ok");

    assertThat(registry().alias(model, "champion"))
        .extracting(ModelVersion::model, ModelVersion::version, ModelVersion::tags)
        .containsExactly(model, second, Map.of("featurewatch.status", "ok"));
  }

  @Test
  void aRegisteredVersionIsNumberedAfterTheHighestAndKeepsWhereItCameFrom() throws Exception {
    String model = uniqueModel();
    Instant before = Instant.now().minusSeconds(60);
    ModelRegistry registry = registry();

    ModelVersion first = registry.createVersion(model, "s3://models/fraud/1", "run-1", "May");
    ModelVersion second = registry.createVersion(model, "s3://models/fraud/2", "", null);

    assertThat(first.version()).isEqualTo("1");
    assertThat(second.version()).isEqualTo("2");
    assertThat(registry.models()).contains(model);
    List<ModelVersion> versions = registry.versions(model);
    assertThat(versions)
        .extracting(
            ModelVersion::version,
            ModelVersion::source,
            ModelVersion::runId,
            ModelVersion::description)
        .containsExactly(
            tuple("1", "s3://models/fraud/1", "run-1", "May"),
            tuple("2", "s3://models/fraud/2", "", ""));
    assertThat(versions.get(0).created()).isBetween(before, Instant.now().plusSeconds(60));
    assertThat(registry.version(model, "1")).isEqualTo(versions.get(0));
  }

  @Test
  void anAliasIsSetMovedAndDeletedAndShownOnItsVersion() throws Exception {
    String model = uniqueModel();
    ModelRegistry registry = registry();
    registry.createVersion(model, "s3://models/fraud/1", "", "");
    registry.createVersion(model, "s3://models/fraud/2", "", "");

    registry.setAlias(model, "champion", "1");
    registry.setAlias(model, "challenger", "2");
    assertThat(registry.version(model, "1").aliases()).containsExactly("champion");
    registry.setAlias(model, "champion", "2");

    assertThat(registry.versions(model))
        .extracting(ModelVersion::aliases)
        .containsExactly(List.of(), List.of("challenger", "champion"));
    assertThat(registry.alias(model, "champion").aliases())
        .containsExactly("challenger", "champion");

    registry.deleteAlias(model, "champion");
    assertNotFound(() -> registry.alias(model, "champion"), "has no alias 'champion'");
    assertNotFound(() -> registry.deleteAlias(model, "champion"), "has no alias 'champion'");
    assertThat(registry.version(model, "2").aliases()).containsExactly("challenger");
  }

  @Test
  void anAttachedBaselineIsReadBackAndTaggedWithItsDigestAndAReattachedOneReplacesIt()
      throws Exception {
    String model = uniqueModel();
    String version = createVersion(model);
    byte[] first = "{\"format_version\": 1, \"features\": {}}".getBytes(StandardCharsets.UTF_8);
    byte[] second =
        "{\"format_version\": 1, \"features\": {\"a\": 1}}".getBytes(StandardCharsets.UTF_8);

    registry().attachBaseline(model, version, first);
    assertThat(registry().baseline(model, version)).isEqualTo(first);
    assertThat(registry().version(model, version).tags())
        .containsEntry(ModelRegistry.BASELINE_TAG, "sha256:" + sha256(first));

    registry().attachBaseline(model, version, second);
    assertThat(registry().baseline(model, version)).isEqualTo(second);
    assertThat(registry().version(model, version).tags())
        .containsEntry(ModelRegistry.BASELINE_TAG, "sha256:" + sha256(second));

    String without = createVersion(model);
    assertNotFound(() -> registry().baseline(model, without), "no baseline");
    assertNotFound(() -> registry().attachBaseline(model, "99", first), "99");
  }

  /** SHA-256 in hex as the JDK computes it, independently of the registry's own digest. */
  private static String sha256(byte[] bytes) throws Exception {
    StringBuilder hex = new StringBuilder();
    for (byte b : MessageDigest.getInstance("SHA-256").digest(bytes)) {
      hex.append(String.format("%02x", b));
    }
    return hex.toString();
  }

  @Test
  void whatDoesNotExistIsNotFoundAndSaysWhat() throws Exception {
    String model = uniqueModel();
    String version = createVersion(model);

    String unknown = uniqueModel();
    assertNotFound(
        () -> registry().version(model, "99"), "model '" + model + "' has no version 99");
    assertNotFound(() -> registry().version(unknown, version), "no model '" + unknown + "'");
    assertNotFound(() -> registry().versions(unknown), "no model '" + unknown + "'");
    assertNotFound(() -> registry().alias(unknown, "champion"), "no model '" + unknown + "'");
    assertNotFound(() -> registry().alias(model, "challenger"), "has no alias 'challenger'");
    assertNotFound(() -> registry().setTag(model, "99", "featurewatch.status", "ok"), "99");
    assertNotFound(() -> registry().setAlias(model, "champion", "99"), "has no version 99");
    assertNotFound(() -> registry().deleteAlias(unknown, "champion"), "no model '" + unknown + "'");
    assertThat(registry().models()).contains(model).doesNotContain(unknown);
  }

  private static void assertNotFound(Runnable call, String named) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            ModelRegistryException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ModelRegistryException.Kind.NOT_FOUND);
              assertThat(e.retryable()).isFalse();
            })
        .hasMessageContaining(named);
  }
}
