/**
 * Reading the batch commands' input files (CSV, JSON lines) into typed columns, with errors that
 * name the file, the row and the column.
 */
package dev.featurewatch.app.input;
