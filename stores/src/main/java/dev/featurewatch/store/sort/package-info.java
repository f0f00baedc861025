/** Sorting rows as columns of primitives, without a comparator: for the join and for loads. */
package dev.featurewatch.store.sort;
