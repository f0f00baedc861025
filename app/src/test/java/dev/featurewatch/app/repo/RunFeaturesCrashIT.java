package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featurewatch.app.Cli;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.row.FeatureRow;
import dev.featurewatch.testing.KafkaFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash for real: {@code featurewatch run features} on the example repository, reading its trips
 * topic into the embedded RocksDB and offline stores, is killed with SIGKILL (no shutdown hook, no
 * cancel, the store not closed, rows since the last checkpoint in flight) and started again, and
 * the next day's trips follow. Both stores must then hold what a run without the crash holds: every
 * window once, computed directly from the trips.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RunFeaturesCrashIT {

  private static final Pattern RUNNING = Pattern.compile("running 1 stream feature view");
  private static final Pattern RESUMED = Pattern.compile("running .*\\(resumed from (.+)\\)");

  @RegisterExtension static final KafkaFixture KAFKA = new KafkaFixture();

  @TempDir Path repo;

  @Test
  void killedMidStreamAndStartedAgainItLosesAndDoublesNothing() throws Exception {
    ExampleRepository.copyTo(repo);
    Files.writeString(
        repo.resolve("featurewatch.yaml"),
        String.join(
            "\n",
            "streaming:",
            "  kafka: " + KAFKA.bootstrapServers(),
            "  checkpoint_interval_seconds: 1",
            ""));
    assertThat(Cli.run("apply", "--repo", repo.toString()).exitCode()).isZero();
    FeatureView view = ExampleRepository.read().featureView(ExampleTrips.VIEW).orElseThrow();
    Path offline = repo.resolve(".featurewatch/offline");
    Path checkpoints = repo.resolve(".featurewatch/checkpoints/features");
    KAFKA.createTopic(ExampleTrips.TOPIC, 2);
    List<JsonNode> day1 = ExampleTrips.trips(repo, Duration.ZERO);
    KAFKA.send(ExampleTrips.messages(day1, "day 1"));

    try (CommandProcess first = run(RUNNING)) {
      // a checkpoint that published rows, then more work in flight: kill it then
      await(
          () -> latestCheckpoint(checkpoints).isPresent() && !offlineRows(offline, view).isEmpty(),
          "a checkpoint with published rows");
      first.kill();
    }
    List<JsonNode> day2 = ExampleTrips.trips(repo, Duration.ofDays(1));
    KAFKA.send(ExampleTrips.messages(day2, "day 2"));
    List<JsonNode> both = new ArrayList<>(day1);
    both.addAll(day2);
    Map<String, FeatureRow> expected = ExampleTrips.expectedWindows(view, both);

    try (CommandProcess second = run(RESUMED)) {
      assertThat(second.ready().group(1)).startsWith(checkpoints.toString());
      await(
          () -> offlineRows(offline, view).size() >= expected.size(),
          () ->
              "every window: "
                  + offlineRows(offline, view).size()
                  + " of "
                  + expected.size()
                  + " after the restart; dead letters: "
                  + deadLetters()
                  + "\n"
                  + second.output());
      // two more checkpoints: a window written twice would be published by now
      Optional<Path> complete = latestCheckpoint(checkpoints);
      for (int i = 0; i < 2; i++) {
        Optional<Path> before = complete;
        await(() -> !latestCheckpoint(checkpoints).equals(before), "a checkpoint");
        complete = latestCheckpoint(checkpoints);
      }
      // stopped as a service manager stops it; 143 is SIGTERM's exit status
      assertThat(second.terminate()).isEqualTo(143);
    }

    ExampleTrips.assertOffline(offline, view, expected);
    ExampleTrips.assertOnlineHoldsEachDriversLastWindow(
        repo.resolve(".featurewatch/online").toString(), view, expected);
  }

  /** The dead letters' reasons and counts, for a failure message. */
  private Map<String, Long> deadLetters() {
    Path dir = repo.resolve(".featurewatch/dead-letters");
    if (!Files.isDirectory(dir)) {
      return Map.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<String> letters = new ArrayList<>();
      for (Path file : files.toList()) {
        letters.addAll(Files.readAllLines(file));
      }
      return letters.stream()
          .collect(
              Collectors.groupingBy(
                  l -> ExampleTrips.json(l).path("reason").asText(), Collectors.counting()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private CommandProcess run(Pattern ready) throws Exception {
    return CommandProcess.start(
        Map.of(), ready, "run", "features", "--repo", repo.toString(), "--no-serve");
  }

  private static List<FeatureRow> offlineRows(Path offline, FeatureView view) {
    try {
      return ExampleTrips.offlineRows(offline, view);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The newest complete checkpoint, {@code <job id>/chk-<n>} holding a {@code _metadata}. */
  private static Optional<Path> latestCheckpoint(Path checkpoints) {
    if (!Files.isDirectory(checkpoints)) {
      return Optional.empty();
    }
    // the job deletes older checkpoints meanwhile: a walk that meets one going starts again
    for (int attempt = 1; ; attempt++) {
      try (Stream<Path> files = Files.find(checkpoints, 3, (p, a) -> p.endsWith("_metadata"))) {
        return files
            .map(Path::getParent)
            .max(
                Comparator.comparingLong(
                    p -> Long.parseLong(p.getFileName().toString().substring(4))));
      } catch (IOException | UncheckedIOException e) {
        if (attempt == 10) {
          throw new AssertionError("cannot list the checkpoints in " + checkpoints, e);
        }
      }
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    await(condition, () -> what);
  }

  private static void await(BooleanSupplier condition, Supplier<String> what)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + what.get() + " within 120 s");
      }
      Thread.sleep(100);
    }
  }
}
