/**
 * Reading a feature repository: the YAML files of entities, data sources, feature views and feature
 * services under a directory, validated strictly into a {@link
 * dev.featurewatch.store.definition.FeatureRepository}. Entry point: {@link
 * dev.featurewatch.store.repo.RepositoryReader#read(java.nio.file.Path)}.
 */
package dev.featurewatch.store.repo;
