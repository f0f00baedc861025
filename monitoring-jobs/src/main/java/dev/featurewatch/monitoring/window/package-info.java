/**
 * A window's profiles aligned to its baseline and their evaluation, per series (monitor, version,
 * segment); a window's segments judged together.
 */
package dev.featurewatch.monitoring.window;
