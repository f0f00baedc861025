/** Each TaskManager's metrics endpoint, serving what the jobs in it include. */
package dev.featurewatch.streaming.metrics;
