package dev.featurewatch.store.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobArgumentsTest {

  private static final List<String> REQUIRED =
      List.of(
          "--registry", "redis://r:6379/1",
          "--online-store", "redis://r:6379/2",
          "--offline-store", "/shared/offline",
          "--dead-letters", "kafka:letters");

  @Test
  void everyOptionSurvivesTheRoundTrip() {
    JobArguments arguments =
        new JobArguments(
            "redis://r:6379/1",
            "prod",
            new Outputs("redis://r:6379/2", "/shared/offline", "kafka:letters", "k1:9092,k2:9092"),
            "/repo",
            List.of("a", "b"),
            Duration.ofSeconds(30),
            "9250-9259");

    assertThat(JobArguments.parse(arguments.toArgs().toArray(String[]::new))).isEqualTo(arguments);
  }

  @Test
  void leftOutOptionsTakeTheirDefaults() {
    JobArguments arguments = JobArguments.parse(REQUIRED.toArray(String[]::new));

    assertThat(arguments.registryName()).isEqualTo("default");
    assertThat(arguments.outputs().kafka()).isEmpty();
    assertThat(arguments.views()).isEmpty();
    assertThat(arguments.checkpointInterval()).hasSeconds(10);
    assertThat(arguments.metricsPorts()).isEmpty();
    assertThat(arguments.repo()).isEmpty();
    assertThat(arguments.toArgs())
        .containsExactlyElementsOf(
            List.of(
                "--registry", "redis://r:6379/1",
                "--registry-name", "default",
                "--online-store", "redis://r:6379/2",
                "--offline-store", "/shared/offline",
                "--dead-letters", "kafka:letters",
                "--checkpoint-interval", "10"));
  }

  @Test
  void mistakesAreNamed() {
    assertRefused(List.of("--registry"), "--registry needs a value");
    assertRefused(List.of("--online", "x"), "unknown argument '--online'; expected options:");
    assertRefused(List.of("--registry", "a", "--registry", "b"), "--registry is given twice");
    assertRefused(
        List.of("--registry", "a", "--online-store", "b", "--dead-letters", "c"),
        "--offline-store is required");
    assertRefused(
        plus("--checkpoint-interval", "0"),
        "--checkpoint-interval must be a whole number of seconds, at least 1, found '0'");
    assertRefused(
        plus("--checkpoint-interval", "10s"),
        "--checkpoint-interval must be a whole number of seconds, at least 1, found '10s'");
    assertRefused(
        plus("--metrics-port", "9259-9250"),
        "--metrics-port: featurewatch.metrics.port must be a port or a range FROM-TO of ports (0"
            + " to 65535), found '9259-9250'");
  }

  private static List<String> plus(String option, String value) {
    List<String> args = new ArrayList<>(REQUIRED);
    args.add(option);
    args.add(value);
    return args;
  }

  private static void assertRefused(List<String> args, String message) {
    assertThatThrownBy(() -> JobArguments.parse(args.toArray(String[]::new)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }
}
