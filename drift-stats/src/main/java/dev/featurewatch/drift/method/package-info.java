/**
 * Drift methods: statistical tests (Kolmogorov–Smirnov, chi-square, z-test) and distances
 * (Wasserstein, PSI, Jensen–Shannon, Hellinger, total variation, KL) between a reference profile
 * and a current one, each with its score and verdict ({@link
 * dev.featurewatch.drift.method.DriftScore}).
 */
package dev.featurewatch.drift.method;
