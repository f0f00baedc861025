/**
 * Feature definitions: entities, data sources, feature views and their typed fields, feature
 * services, model monitors, and the {@link dev.featurewatch.store.definition.FeatureRepository}
 * that holds them all, as declared in a feature repository. Immutable values; their keys, in YAML
 * and in the registry, are declared once in {@link
 * dev.featurewatch.store.definition.DefinitionKeys}. Reading and validating YAML lives in {@code
 * dev.featurewatch.store.repo}.
 */
package dev.featurewatch.store.definition;
