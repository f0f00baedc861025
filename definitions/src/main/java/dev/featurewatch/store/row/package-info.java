/** The values that move between stores: entity keys and feature rows. */
package dev.featurewatch.store.row;
