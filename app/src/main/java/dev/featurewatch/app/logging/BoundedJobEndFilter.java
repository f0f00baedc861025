package dev.featurewatch.app.logging;

import java.util.Set;
import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Node;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.core.filter.AbstractFilter;

/**
 * Keeps what Flink logs when a bounded job (a replay, the demo) ends out of the command's output,
 * unless Flink's debug log is asked for: a checkpoint that a finishing task declines or that the
 * stopping coordinator abandons (or that reaches a task manager after the task finished) is logged
 * by Flink as a warning with a stack trace, which a user reads as a failure although the job ended
 * well; and the embedded cluster's executor warns that it ignores work scheduled while it shuts
 * down. Every other event passes untouched.
 *
 * <p>Named {@code BoundedJobEnd} in log4j2.xml, as a filter of the root logger (a logger's filter
 * sees the whole event, its exception included).
 */
@Plugin(
    name = "BoundedJobEnd",
    category = Node.CATEGORY,
    elementType = Filter.ELEMENT_TYPE,
    printObject = true)
public final class BoundedJobEndFilter extends AbstractFilter {

  private static final String CHECKPOINT_FAILURES =
      "org.apache.flink.runtime.checkpoint.CheckpointFailureManager";
  private static final String SHUTTING_DOWN_EXECUTOR =
      "org.apache.flink.runtime.rpc.RpcEndpoint$MainThreadExecutor";
  // a checkpoint triggered as a task finished: the task manager no longer knows the task
  private static final String FINISHED_TASK = "checkpoint request for unknown task";
  private static final Set<CheckpointFailureReason> ENDING =
      Set.of(
          CheckpointFailureReason.CHECKPOINT_DECLINED_TASK_CLOSING,
          CheckpointFailureReason.CHECKPOINT_COORDINATOR_SUSPEND);

  private BoundedJobEndFilter() {
    super(Result.DENY, Result.NEUTRAL);
  }

  @PluginFactory
  public static BoundedJobEndFilter create() {
    return new BoundedJobEndFilter();
  }

  @Override
  public Result filter(LogEvent event) {
    if (event.getLevel().isMoreSpecificThan(Level.WARN) && endOfBoundedJob(event)) {
      return LogManager.getLogger(event.getLoggerName()).isDebugEnabled() ? onMismatch : onMatch;
    }
    return onMismatch;
  }

  /** Whether {@code event} is one of the warnings a bounded job's end brings. */
  static boolean endOfBoundedJob(LogEvent event) {
    String logger = event.getLoggerName();
    if (CHECKPOINT_FAILURES.equals(logger)) {
      for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
        if (t instanceof CheckpointException e
            && (ENDING.contains(e.getCheckpointFailureReason())
                || (e.getCheckpointFailureReason()
                        == CheckpointFailureReason.TASK_CHECKPOINT_FAILURE
                    && String.valueOf(e.getMessage()).contains(FINISHED_TASK)))) {
          return true;
        }
      }
      return false;
    }
    return SHUTTING_DOWN_EXECUTOR.equals(logger)
        && event.getMessage().getFormattedMessage().contains("is shutdown and ignores");
  }
}
