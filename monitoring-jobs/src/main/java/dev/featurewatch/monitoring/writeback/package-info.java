/**
 * The monitoring results written back to the model registry as tags on the model version, on a
 * thread of their own.
 */
package dev.featurewatch.monitoring.writeback;
