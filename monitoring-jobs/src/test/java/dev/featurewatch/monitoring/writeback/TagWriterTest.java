package dev.featurewatch.monitoring.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.modelregistry.ModelRegistry;
import dev.featurewatch.modelregistry.ModelRegistryException;
import dev.featurewatch.modelregistry.ModelVersion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TagWriterTest {

  /** Records tags; unavailable for the first {@code failures} calls. */
  private static class Recording implements ModelRegistry {
    final List<String> tags = new ArrayList<>();
    int failures;

    Recording(int failures) {
      this.failures = failures;
    }

    @Override
    public synchronized void setTag(String model, String version, String key, String value) {
      if (failures > 0) {
        failures--;
        throw new ModelRegistryException(ModelRegistryException.Kind.UNAVAILABLE, "down");
      }
      tags.add(model + "/" + version + " " + key + "=" + value);
    }

    synchronized List<String> tags() {
      return List.copyOf(tags);
    }

    @Override
    public ModelVersion version(String model, String version) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ModelVersion alias(String model, String alias) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void deleteTag(String model, String version, String key) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void attachBaseline(String model, String version, byte[] baseline) {
      throw new UnsupportedOperationException();
    }

    @Override
    public byte[] baseline(String model, String version) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<String> models() {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<ModelVersion> versions(String model) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ModelVersion createVersion(
        String model, String source, String runId, String description) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void setAlias(String model, String alias, String version) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void deleteAlias(String model, String alias) {
      throw new UnsupportedOperationException();
    }
  }

  /** A clock the test moves. */
  private static final class Manual extends Clock {
    volatile long millis;

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private static Map<String, String> tags(String status, String windowEnd) {
    return Map.of(MonitoringTags.STATUS, status, MonitoringTags.LAST_WINDOW, windowEnd);
  }

  private static void awaitIdle(TagWriter writer, long writes) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!(writer.idle() && writer.writes() >= writes) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  @Test
  void onChangeWritesNewStatusesAndOnlyChangedTagsAndSkipsRepeats() throws Exception {
    Recording registry = new Recording(0);
    Manual clock = new Manual();
    TagWriter writer = new TagWriter(registry, true, Duration.ofMinutes(10), clock);

    writer.offer("fraud", "3", tags("ok", "08:05"));
    awaitIdle(writer, 1);
    writer.offer("fraud", "3", tags("ok", "08:10")); // nothing new but the window: not due
    writer.offer("fraud", "3", tags("drift", "08:15"));
    awaitIdle(writer, 2);
    writer.close(Duration.ofSeconds(5));

    assertThat(registry.tags())
        .containsExactlyInAnyOrder(
            "fraud/3 featurewatch.status=ok",
            "fraud/3 featurewatch.last_window_end=08:05",
            "fraud/3 featurewatch.status=drift",
            "fraud/3 featurewatch.last_window_end=08:15");
  }

  @Test
  void unchangedTagsAreWrittenAgainOnceTheIntervalPassed() throws Exception {
    Recording registry = new Recording(0);
    Manual clock = new Manual();
    TagWriter writer = new TagWriter(registry, false, Duration.ofMinutes(10), clock);

    writer.offer("fraud", "3", tags("drift", "08:05"));
    awaitIdle(writer, 1);
    clock.millis = Duration.ofMinutes(5).toMillis();
    writer.offer("fraud", "3", tags("ok", "08:10")); // changed, but on_change is off
    clock.millis = Duration.ofMinutes(10).toMillis();
    writer.offer("fraud", "3", tags("ok", "08:15"));
    awaitIdle(writer, 2);
    writer.close(Duration.ofSeconds(5));

    assertThat(writer.writes()).isEqualTo(2);
    assertThat(registry.tags())
        .contains("fraud/3 featurewatch.status=ok")
        .doesNotContain("fraud/3 featurewatch.last_window_end=08:10");
  }

  @Test
  void offersAreJudgedAgainstTheTagsLastDueNotTheTagsWrittenSoFar() throws Exception {
    CountDownLatch inWrite = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Recording registry =
        new Recording(0) {
          @Override
          public void setTag(String model, String version, String key, String value) {
            inWrite.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            super.setTag(model, version, key, value);
          }
        };
    TagWriter writer = new TagWriter(registry, true, Duration.ofMinutes(10), new Manual());

    writer.offer("fraud", "3", tags("ok", "08:05"));
    assertThat(inWrite.await(30, TimeUnit.SECONDS)).isTrue();
    // the first tags are still being written: nothing new but the window, so not due, however
    // slow the registry is
    writer.offer("fraud", "3", tags("ok", "08:10"));
    release.countDown();
    awaitIdle(writer, 1);
    writer.close(Duration.ofSeconds(5));

    assertThat(writer.writes()).isEqualTo(1);
    assertThat(writer.due("fraud", "3")).isEqualTo(tags("ok", "08:05"));
    assertThat(registry.tags()).doesNotContain("fraud/3 featurewatch.last_window_end=08:10");
  }

  @Test
  void restoredTagsAreWrittenAgainAndJudgeTheNextOffers() throws Exception {
    Recording registry = new Recording(0);
    TagWriter writer = new TagWriter(registry, true, Duration.ofMinutes(10), new Manual());

    writer.restore("fraud", "3", tags("drift", "08:05"));
    writer.offer("fraud", "3", tags("drift", "08:10")); // unchanged: not due
    awaitIdle(writer, 1);
    writer.close(Duration.ofSeconds(5));

    assertThat(registry.tags())
        .containsExactlyInAnyOrder(
            "fraud/3 featurewatch.status=drift", "fraud/3 featurewatch.last_window_end=08:05");
  }

  @Test
  void anUnavailableRegistryIsRetriedWithTheLatestTagsWhileOffersReturnAtOnce() throws Exception {
    Recording registry = new Recording(1);
    TagWriter writer = new TagWriter(registry, true, Duration.ofMinutes(10), new Manual());

    writer.offer("fraud", "3", tags("ok", "08:05"));
    awaitIdle(writer, 1);
    writer.close(Duration.ofSeconds(5));

    assertThat(writer.failures()).isEqualTo(1);
    assertThat(registry.tags()).contains("fraud/3 featurewatch.status=ok");
  }
}
