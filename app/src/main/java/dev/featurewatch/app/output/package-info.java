/** What the commands print for people: aligned columns. */
package dev.featurewatch.app.output;
