package dev.featurewatch.store.materialize;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs a materialize step's tasks on a few threads of its own. */
final class Workers {

  private Workers() {}

  /**
   * Runs {@code tasks} on {@code threads} daemon threads named {@code name} and returns their
   * results in order once all have ended. On a failure the tasks not started are dropped, those
   * under way end (a store call is not interrupted: the caller may close the store once this
   * returns), and the first failure in task order is thrown as it was, an unchecked one unwrapped.
   */
  static <T> List<T> all(String name, int threads, List<Callable<T>> tasks) {
    if (tasks.size() <= 1 || threads <= 1) {
      List<T> results = new ArrayList<>(tasks.size());
      for (Callable<T> task : tasks) {
        results.add(call(task));
      }
      return results;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(threads, tasks.size()),
            task -> {
              Thread thread = new Thread(task, "materialize-" + name);
              thread.setDaemon(true);
              return thread;
            });
    List<Future<T>> futures = new ArrayList<>();
    try {
      for (Callable<T> task : tasks) {
        futures.add(pool.submit(task));
      }
      List<T> results = new ArrayList<>(tasks.size());
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } catch (ExecutionException e) {
      throw unchecked(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while materializing " + name, e);
    } finally {
      futures.forEach(future -> future.cancel(false));
      pool.shutdown();
      awaitTermination(pool);
    }
  }

  private static <T> T call(Callable<T> task) {
    try {
      return task.call();
    } catch (Exception e) {
      throw unchecked(e);
    }
  }

  private static RuntimeException unchecked(Throwable failure) {
    if (failure instanceof RuntimeException runtime) {
      return runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(failure);
  }

  private static void awaitTermination(ExecutorService pool) {
    boolean interrupted = false;
    while (true) {
      try {
        if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
