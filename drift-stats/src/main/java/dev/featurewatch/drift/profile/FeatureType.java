package dev.featurewatch.drift.profile;

/** How a feature's values are compared: as numbers on a line, or as unordered categories. */
public enum FeatureType {
  NUMERIC,
  CATEGORICAL
}
