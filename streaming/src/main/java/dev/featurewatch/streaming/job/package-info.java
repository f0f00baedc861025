/**
 * Running the Flink jobs: their arguments, the embedded MiniCluster runs resuming from retained
 * checkpoints, a cluster job's definitions and environment.
 */
package dev.featurewatch.streaming.job;
