package dev.featurewatch.modelregistry;

import java.util.List;

/**
 * The model versions featurewatch monitors, as a model registry holds them: each version's tags,
 * and the aliases (such as {@code champion}) that point at versions. featurewatch reads versions
 * and writes its monitoring results as tags under {@code featurewatch.}. It can also register
 * versions and move aliases ({@code featurewatch models}), which the embedded default has no other
 * tool for; with MLflow, its own client does the same.
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

  /** The names of the registered models, sorted. */
  List<String> models();

  /** Every version of a model, lowest number first; {@code NOT_FOUND} when there is no model. */
  List<ModelVersion> versions(String model);

  /**
   * Registers a new version of {@code model}, numbered after the highest there is, registering the
   * model first if there is none of that name.
   *
   * @param source where the model's files are, a URI; MLflow requires one, a directory does not
   * @param runId the run that trained it; {@code ""} or null for none
   * @param description free text; {@code ""} or null for none
   */
  ModelVersion createVersion(String model, String source, String runId, String description);

  /** Points {@code alias} of {@code model} at {@code version}, which must exist. */
  void setAlias(String model, String alias, String version);

  /** Removes {@code alias} of {@code model}; {@code NOT_FOUND} when the model has no such alias. */
  void deleteAlias(String model, String alias);

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
