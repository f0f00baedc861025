/**
 * Finding each monitor's model version (an alias followed) and its baseline in the model registry
 * or a file, polled by the job's baseline source.
 */
package dev.featurewatch.monitoring.baseline;
