package dev.featurewatch.benchmarks.faults;

import java.io.IOException;

/** A service process the benchmark stops and starts again on the same address and data. */
interface Restartable extends AutoCloseable {

  /** Starts the service (again) and waits until it answers. */
  void restart() throws IOException, InterruptedException;

  /** Stops the service and waits for it; does nothing if it does not run. */
  void stop() throws InterruptedException;

  /** Stops the service; an interrupt is kept for the caller. */
  @Override
  default void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
