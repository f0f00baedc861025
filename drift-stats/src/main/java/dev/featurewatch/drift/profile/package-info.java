/**
 * Feature profiles: what is known about a feature's values in a reference data set or a live
 * window, built by mutable, mergeable accumulators on the hot path and read as immutable values.
 *
 * <pre>{@code
 * NumericProfile reference = NumericProfile.ofReference("age", trainingAges, 10);
 * NumericAccumulator live = NumericAccumulator.alignedTo(reference); // same bin edges
 * for (double age : window) live.add(age);
 * AlignedCounts counts = live.toProfile().countsAlignedTo(reference); // for PSI, chi-square, ...
 * }</pre>
 *
 * Accumulators of the same feature merge exactly (counts, missing, minimum, maximum, bin and
 * category counts) or to rounding (mean, variance), and their quantile sketches within KLL's rank
 * error, so windows can be split across parallel workers and combined.
 */
package dev.featurewatch.drift.profile;
