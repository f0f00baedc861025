/**
 * {@code featurewatch models}: the model versions in the configured model registry (a directory or
 * MLflow): register a version, list them, move and delete aliases, show one with its baseline.
 */
package dev.featurewatch.app.models;
