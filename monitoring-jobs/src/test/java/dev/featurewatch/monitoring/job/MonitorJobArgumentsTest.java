package dev.featurewatch.monitoring.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonitorJobArgumentsTest {

  @Test
  void argumentsWrittenAreReadBackTheSame() {
    MonitorJobArguments arguments =
        new MonitorJobArguments(
            "redis://r:6379",
            "default",
            "http://mlflow:5000",
            "kafka:results",
            "kafka:dead",
            "k:9092",
            List.of("a", "b"),
            Duration.ofSeconds(7),
            Duration.ofSeconds(20),
            Duration.ofSeconds(3),
            "9250-9259",
            "/repo");

    assertThat(MonitorJobArguments.parse(arguments.toArgs().toArray(String[]::new)))
        .isEqualTo(arguments);
  }

  @Test
  void defaultsAndErrorsNameTheOption() {
    MonitorJobArguments minimal =
        MonitorJobArguments.parse(
            "--registry", "r", "--model-registry", "m", "--results", "d", "--dead-letters", "l");
    assertThat(minimal.lateness()).isEqualTo(Duration.ofSeconds(5));
    assertThat(minimal.baselinePoll()).isEqualTo(Duration.ofSeconds(30));
    assertThat(minimal.monitors()).isEmpty();

    assertThatThrownBy(() -> MonitorJobArguments.parse("--registry", "r"))
        .hasMessage("--model-registry is required");
    assertThatThrownBy(
            () ->
                MonitorJobArguments.parse(
                    "--registry",
                    "r",
                    "--model-registry",
                    "m",
                    "--results",
                    "d",
                    "--dead-letters",
                    "l",
                    "--baseline-poll",
                    "0"))
        .hasMessage("--baseline-poll must be a whole number of seconds, at least 1, found '0'");
    assertThatThrownBy(() -> MonitorJobArguments.parse("--views", "x"))
        .hasMessageStartingWith("unknown argument '--views'");
  }
}
