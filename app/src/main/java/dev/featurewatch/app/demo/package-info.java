/**
 * {@code featurewatch demo}'s scenario: a loan-default model, its training data and a day of its
 * predictions and late labels, generated, in which some features drift partway through.
 */
package dev.featurewatch.app.demo;
