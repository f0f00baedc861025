/**
 * Reading a feature repository: the YAML files of entities, data sources, feature views, feature
 * services and model monitors under a directory, validated strictly into a {@link
 * dev.featurewatch.store.definition.FeatureRepository}, every problem reported as {@code file:line:
 * path: rule, value}. Entry point: {@link
 * dev.featurewatch.store.repo.RepositoryReader#read(java.nio.file.Path)}; behind it,
 * package-private, a cursor over the YAML tree ({@code YamlCursor}) and one reader per kind of
 * definition.
 */
package dev.featurewatch.store.repo;
