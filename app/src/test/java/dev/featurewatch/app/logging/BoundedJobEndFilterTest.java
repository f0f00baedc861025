package dev.featurewatch.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Filter.Result;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

class BoundedJobEndFilterTest {

  private static final String CHECKPOINTS =
      "org.apache.flink.runtime.checkpoint.CheckpointFailureManager";

  private static LogEvent warning(String logger, String message, Throwable thrown) {
    return Log4jLogEvent.newBuilder()
        .setLoggerName(logger)
        .setLevel(Level.WARN)
        .setMessage(new SimpleMessage(message))
        .setThrown(thrown)
        .build();
  }

  @Test
  void checkpointsDeclinedByFinishingTasksOrAbandonedAtTheEndAreKeptOut() {
    BoundedJobEndFilter filter = BoundedJobEndFilter.create();

    assertThat(
            filter.filter(
                warning(
                    CHECKPOINTS,
                    "Failed to trigger or complete checkpoint 3 for job j.",
                    new CheckpointException(
                        CheckpointFailureReason.CHECKPOINT_DECLINED_TASK_CLOSING))))
        .isEqualTo(Result.DENY);
    assertThat(
            filter.filter(
                warning(
                    CHECKPOINTS,
                    "Failed to trigger or complete checkpoint 4 for job j.",
                    new RuntimeException(
                        new CheckpointException(
                            CheckpointFailureReason.CHECKPOINT_COORDINATOR_SUSPEND)))))
        .isEqualTo(Result.DENY);
    assertThat(
            filter.filter(
                warning(
                    CHECKPOINTS,
                    "Failed to trigger or complete checkpoint 2 for job j.",
                    new CheckpointException(
                        "TaskManager received a checkpoint request for unknown task t.",
                        CheckpointFailureReason.TASK_CHECKPOINT_FAILURE))))
        .isEqualTo(Result.DENY);
    assertThat(
            filter.filter(
                warning(
                    "org.apache.flink.runtime.rpc.RpcEndpoint$MainThreadExecutor",
                    "The scheduled executor service is shutdown and ignores the command x",
                    null)))
        .isEqualTo(Result.DENY);
  }

  @Test
  void aCheckpointThatFailsForAnotherReasonStillShows() {
    BoundedJobEndFilter filter = BoundedJobEndFilter.create();

    assertThat(
            filter.filter(
                warning(
                    CHECKPOINTS,
                    "Failed to trigger or complete checkpoint 5 for job j.",
                    new CheckpointException(CheckpointFailureReason.IO_EXCEPTION))))
        .isEqualTo(Result.NEUTRAL);
    assertThat(
            filter.filter(
                warning(
                    CHECKPOINTS,
                    "Failed to trigger or complete checkpoint 6 for job j.",
                    new CheckpointException(
                        "the state backend failed",
                        CheckpointFailureReason.TASK_CHECKPOINT_FAILURE))))
        .isEqualTo(Result.NEUTRAL);
    assertThat(filter.filter(warning("org.apache.flink.runtime.Other", "anything", null)))
        .isEqualTo(Result.NEUTRAL);
  }
}
