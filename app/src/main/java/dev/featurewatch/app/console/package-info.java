/**
 * The web console at {@code /ui/} of {@code featurewatch serve} and the demo: a page shell and its
 * scripts from {@code web-ui}, and the JSON it draws from (the registry, its versions and their
 * diff, the monitored model versions' health), mounted on the feature server.
 */
package dev.featurewatch.app.console;
