/**
 * Multivariate drift: a change in how features relate, which per-feature tests cannot see. {@link
 * dev.featurewatch.drift.multivariate.ReconstructionModel} is NannyML's data-reconstruction drift:
 * the error of reconstructing each row from the reference's principal components.
 */
package dev.featurewatch.drift.multivariate;
