/** Test fixtures for the real services featurewatch's tests run against. */
package dev.featurewatch.testing;
