/**
 * Change detectors over a metric series (one value per window): Page–Hinkley for a sustained shift
 * of the mean in a known direction, ADWIN for a change of the mean with no parameter but a
 * confidence.
 *
 * <p>Detectors are mutable and not thread-safe; feed each series its own instance, in order.
 */
package dev.featurewatch.drift.detect;
