/**
 * Model performance metrics as mergeable accumulators: binary classification (from scores or from
 * labels), ROC AUC (exact or in bounded memory), multiclass accuracy and macro F1, regression
 * errors and R², and label coverage.
 *
 * <p>Every accumulator is <em>mutable</em> and not thread-safe, so that the per-prediction hot path
 * allocates nothing; {@code merge(other)} folds in a partial accumulator (from another window pane
 * or another parallel instance) and leaves {@code other} unchanged; {@code result()} returns an
 * immutable record. An accumulator that has seen nothing returns {@link java.util.Optional#empty()}
 * rather than NaN, and so does a metric that is undefined for the data seen (ROC AUC with one
 * class, R² with fewer than two observations).
 *
 * <p>Definitions follow scikit-learn 1.9 (the golden values under {@code
 * src/test/resources/golden/performance} are written by {@code
 * src/test/python/generate_performance_golden.py}): precision, recall and F1 with {@code
 * zero_division=0}; log loss with probabilities clipped to {@code [eps, 1 - eps]}, {@code eps =
 * 2^-52}; MAPE dividing by {@code max(|y|, eps)}; R² with {@code force_finite=True}.
 */
package dev.featurewatch.drift.performance;
