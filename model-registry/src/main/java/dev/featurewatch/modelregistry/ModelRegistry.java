package dev.featurewatch.modelregistry;

/**
 * The model versions featurewatch monitors, as a model registry holds them: each version's tags,
 * and the aliases (such as {@code champion}) that point at versions. featurewatch reads versions
 * and writes its monitoring results as tags under {@code featurewatch.}; creating models and
 * versions is the registry's own business (MLflow's client, or {@link LocalModelRegistry} for the
 * embedded default).
 *
 * <pre>{@code
 * ModelRegistry registry = ModelRegistries.open("http://mlflow:5000");
 * ModelVersion champion = registry.alias("fraud", "champion");
 * registry.setTag("fraud", champion.version(), "featurewatch.status", "drift");
 * }</pre>
 *
 * <p>Every method throws {@link ModelRegistryException} with a {@link ModelRegistryException.Kind}:
 * {@code NOT_FOUND} (no such model, version or alias), {@code UNAVAILABLE} (the registry cannot be
 * reached or failed: worth retrying) or {@code REFUSED} (it said no: not worth retrying).
 * Implementations are safe for use by several threads.
 */
public interface ModelRegistry {

  /** A version of a model, with its tags. */
  ModelVersion version(String model, String version);

  /** The version that {@code alias} of {@code model} points at, with its tags. */
  ModelVersion alias(String model, String alias);

  /** Sets a tag of a version, replacing its value if it has one. */
  void setTag(String model, String version, String key, String value);

  /** Removes a tag of a version; nothing happens if it has none. */
  void deleteTag(String model, String version, String key);

  /** The tag that names a version's training baseline: {@code sha256:<hex>} of its bytes. */
  String BASELINE_TAG = "featurewatch.baseline";

  /**
   * Stores {@code baseline} (a baseline file's bytes) with a version, replacing the one before, and
   * sets {@link #BASELINE_TAG} to its digest, so that a job watching the tag sees a new one.
   */
  void attachBaseline(String model, String version, byte[] baseline);

  /** The bytes of the baseline attached to a version; {@code NOT_FOUND} when it has none. */
  byte[] baseline(String model, String version);

  /** The value of {@link #BASELINE_TAG} for these bytes. */
  static String baselineDigest(byte[] baseline) {
    return "sha256:" + Digests.sha256(baseline);
  }
}
