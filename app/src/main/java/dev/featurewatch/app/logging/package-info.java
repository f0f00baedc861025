/** The command's logging: what of the libraries' logs a user sees. */
package dev.featurewatch.app.logging;
