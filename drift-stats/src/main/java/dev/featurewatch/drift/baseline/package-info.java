/**
 * Baselines: the reference profiles of a model's features, and the versioned JSON file they are
 * stored in ({@link dev.featurewatch.drift.baseline.BaselineFile}). The file format is a contract
 * documented in {@code drift-stats/README.md}; files of every released version keep loading.
 */
package dev.featurewatch.drift.baseline;
