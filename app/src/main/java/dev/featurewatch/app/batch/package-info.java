/**
 * The batch commands on files: {@code baseline} (profile training data), {@code baseline attach},
 * {@code drift} (compare two data sets or a baseline with data).
 */
package dev.featurewatch.app.batch;
