/** The {@code featurewatch} command. */
package dev.featurewatch.app;
