package dev.featurewatch.app.repo;

import dev.featurewatch.streaming.job.LocalJobs;
import java.io.PrintWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** How {@code run features} and {@code run monitors} wait for their embedded job. */
final class LocalRun {

  private LocalRun() {}

  /**
   * Waits until the job ends or {@code stopped} completes (Ctrl-C). A stopped job is cancelled,
   * keeping its checkpoint for the next run.
   *
   * @param what the job, for the message of a failure
   * @return true when the job ended by itself (a replay), false when it was stopped
   * @throws IllegalStateException when the job failed
   */
  static boolean awaitEnd(
      LocalJobs.Started started, CompletableFuture<Void> stopped, PrintWriter out, String what)
      throws InterruptedException, ExecutionException {
    CompletableFuture<?> result = started.job().getJobExecutionResult();
    CompletableFuture.anyOf(result, stopped).exceptionally(e -> null).join();
    if (!result.isDone()) {
      // stopped by the user: the retained checkpoint is where the next run resumes
      started.job().cancel().get();
      out.println("stopped; the next run resumes from the latest checkpoint");
      return false;
    }
    try {
      result.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(what + " failed: " + e.getCause(), e);
    }
    return true;
  }
}
