/**
 * The model-registry client of featurewatch: {@link dev.featurewatch.modelregistry.ModelRegistry},
 * with an MLflow REST implementation and a local directory one, opened by location with {@link
 * dev.featurewatch.modelregistry.ModelRegistries}. Used by the monitoring job (which versions to
 * watch, where results go) and by the alert receiver (alert state on the model version).
 */
package dev.featurewatch.modelregistry;
