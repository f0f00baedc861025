/**
 * Events as a stream feature view reads them: {@link
 * dev.featurewatch.store.pipeline.event.EventReader} checks a JSON event against the view and
 * returns a {@link dev.featurewatch.store.pipeline.event.ViewEvent}, or the {@link
 * dev.featurewatch.store.pipeline.event.DeadLetterReason} it cannot be used for.
 */
package dev.featurewatch.store.pipeline.event;
