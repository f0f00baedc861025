package dev.featurewatch.store.pipeline.event;

import dev.featurewatch.annotation.Internal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One event as one stream feature view reads it: the entity it is about, when it happened, and the
 * event fields the view uses, already checked against their types.
 *
 * @param keyId the entity key as {@link KeyIds} writes it: what the job keys its state by
 * @param timeMicros the event time, microseconds since the epoch
 * @param values the fields the view reads, in {@link EventReader#fields()} order; null where the
 *     event has no value
 */
@Internal
public record ViewEvent(String keyId, long timeMicros, List<Object> values) {

  public ViewEvent {
    Objects.requireNonNull(keyId, "keyId");
    values = Collections.unmodifiableList(new ArrayList<>(values));
  }
}
