/**
 * The fault benchmarks of issue 20 over the whole stack: each service and command in a process of
 * its own under a steady open-loop load, a fault injected, and what was lost, doubled and how long
 * recovery took measured; plain mains, not JMH. Results are recorded in RELIABILITY.md at the
 * repository root.
 */
package dev.featurewatch.benchmarks.faults;
