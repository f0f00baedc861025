package dev.featurewatch.store.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.offline.join.EntityRows;
import dev.featurewatch.store.offline.join.JoinResult;
import dev.featurewatch.store.offline.join.PointInTimeJoin;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.OnlineValue;
import dev.featurewatch.store.online.factory.OnlineStores;
import dev.featurewatch.store.pipeline.StreamViews;
import dev.featurewatch.store.pipeline.Trips;
import dev.featurewatch.store.row.EntityKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training–serving consistency: whatever the online store served while the pipeline ran, a
 * point-in-time join over the offline store afterwards returns the same values at that time, so a
 * model trains on exactly what it was served.
 */
class TrainingServingConsistencyIT {

  private static final Duration LATE = Duration.ofMinutes(2);
  private static final FeatureView VIEW =
      StreamViews.windowed("trip_stats", Duration.ofMinutes(20), Duration.ofMinutes(5), LATE);

  @RegisterExtension static final MiniClusterExtension CLUSTER = MiniClusters.twoSlots();

  @TempDir Path dir;

  @Test
  void whatWasServedOnlineIsWhatAPointInTimeJoinReturns() throws Exception {
    List<String> events = new ArrayList<>();
    Trips.random(new Random(11), 800, LATE).forEach(t -> events.add(t.json()));
    FeatureRepository repo = StreamViews.repository(VIEW);
    LocalPipeline stores =
        new LocalPipeline(
            new Outputs(
                dir.resolve("online").toString(),
                dir.resolve("offline").toString(),
                dir.resolve("dead-letters").toString(),
                ""),
            dir.resolve("checkpoints"),
            Duration.ofMillis(100),
            2);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    env.enableCheckpointing(100);
    FeatureJob.build(
        env,
        repo,
        List.of(VIEW),
        (e, source, watermarks) ->
            e.fromData(events)
                .setParallelism(1)
                .assignTimestampsAndWatermarks(watermarks)
                .setParallelism(1)
                // paced, so that the online store is read at many moments of the stream
                .map(Paced::pass, BasicTypeInfo.STRING_TYPE_INFO)
                .setParallelism(1),
        stores.outputs().sinks(repo, List.of(VIEW)));

    // what serving saw: every driver's online row, read again and again while the job runs
    List<OnlineValue> served = new ArrayList<>();
    try (OnlineStore online = OnlineStores.open(dir.resolve("online").toString())) {
      JobClient job = env.executeAsync("consistency");
      List<EntityKey> drivers = new ArrayList<>();
      for (long d = 1; d <= 5; d++) {
        drivers.add(EntityKey.of("driver_id", d));
      }
      while (!job.getJobExecutionResult().isDone()) {
        for (OnlineValue value : online.read(VIEW, drivers, Instant.now())) {
          if (value.found()) {
            served.add(value);
          }
        }
        Thread.sleep(15);
      }
      job.getJobExecutionResult().get();
    }
    assertThat(served.stream().map(OnlineValue::eventTime).distinct().count())
        .as("rows served at many moments")
        .isGreaterThan(20);

    // the training set at the time each value was served: its event time, and just before the
    // next window could have replaced it
    List<Field> joinKeys = repo.joinKeys(VIEW);
    EntityRows.Builder rows = EntityRows.builder(joinKeys);
    for (OnlineValue value : served) {
      rows.add(value.eventTime(), value.key().values().get(0));
      rows.add(
          value.eventTime().plus(Duration.ofMinutes(5)).minusNanos(1_000),
          value.key().values().get(0));
    }
    List<String> features = VIEW.features().stream().map(Field::name).toList();
    try (OfflineStore offline = new OfflineStore(dir.resolve("offline"));
        JoinResult training =
            new PointInTimeJoin(offline)
                .join(rows.build(), List.of(new PointInTimeJoin.Request(VIEW, features)))) {
      for (int i = 0; i < served.size(); i++) {
        List<Object> servedValues = served.get(i).values();
        assertThat(training.row(2 * i).subList(2, 2 + features.size()))
            .as("at %s", served.get(i).eventTime())
            .isEqualTo(servedValues);
        assertThat(training.row(2 * i + 1).subList(2, 2 + features.size())).isEqualTo(servedValues);
      }
    }
  }

  /** Lets events through at about one every 3 ms. */
  private static final class Paced {
    static String pass(String event) throws InterruptedException {
      Thread.sleep(3);
      return event;
    }
  }
}
