/**
 * Reading the batch commands' input files (CSV, Arrow IPC, Parquet; the entity CSV of historical)
 * into typed columns, with errors that name the file, the row and the column.
 */
package dev.featurewatch.app.input;
