/**
 * Feature definitions: entities, data sources, feature views and their typed fields, feature
 * services, and the {@link dev.featurewatch.store.definition.FeatureRepository} that holds them
 * all, as declared in a feature repository. Immutable values; reading and validating YAML lives in
 * {@code dev.featurewatch.store.repo}.
 */
package dev.featurewatch.store.definition;
