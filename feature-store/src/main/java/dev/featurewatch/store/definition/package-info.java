/**
 * Feature definitions: entities, feature views and their typed fields, as declared in a feature
 * repository.
 */
package dev.featurewatch.store.definition;
