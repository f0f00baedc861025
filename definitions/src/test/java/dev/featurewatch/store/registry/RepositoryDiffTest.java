package dev.featurewatch.store.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.store.definition.Aggregation;
import dev.featurewatch.store.definition.Entity;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.StreamSpec;
import dev.featurewatch.store.definition.ValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepositoryDiffTest {

  @Test
  void identicalRepositoriesHaveNoChanges() {
    RepositoryDiff diff = RepositoryDiff.between(Fixtures.repository(), Fixtures.repository());

    assertThat(diff.isEmpty()).isTrue();
    assertThat(diff.isBreaking()).isFalse();
    assertThat(diff).hasToString("no changes");
  }

  @Test
  void everythingIsCreatedOnTheFirstApply() {
    RepositoryDiff diff = RepositoryDiff.between(FeatureRepository.empty(), Fixtures.repository());

    assertThat(diff.entities().created()).containsExactly("driver", "customer");
    assertThat(diff.sources().created())
        .containsExactly("stats_file", "trips", "profile_push", "trips_file");
    assertThat(diff.featureViews().created())
        .containsExactly("driver_stats", "customer_profile", "driver_trips");
    assertThat(diff.featureServices().created()).containsExactly("ranking");
    assertThat(diff.isBreaking()).isFalse();
  }

  @Test
  void deletingWholeDefinitionsIsNotBreaking() {
    RepositoryDiff diff = RepositoryDiff.between(Fixtures.repository(), FeatureRepository.empty());

    assertThat(diff.featureViews().deleted())
        .containsExactly("driver_stats", "customer_profile", "driver_trips");
    assertThat(diff.isBreaking()).isFalse();
  }

  @Test
  void addingAFeatureOrChangingTtlIsANonBreakingUpdate() {
    FeatureRepository after =
        Fixtures.withView(
            "driver_stats",
            v -> {
              List<Field> features = new ArrayList<>(v.features());
              features.add(Field.of("acc_rate", ValueType.DOUBLE));
              FeatureView added = Fixtures.withFeatures(v, features);
              return new FeatureView(
                  added.name(),
                  added.entities(),
                  added.features(),
                  Duration.ofHours(1),
                  added.online(),
                  added.offline(),
                  added.source(),
                  added.owner(),
                  added.description(),
                  added.tags());
            });

    RepositoryDiff diff = RepositoryDiff.between(Fixtures.repository(), after);

    assertThat(diff.featureViews().updated()).containsExactly("driver_stats");
    assertThat(diff.isBreaking()).isFalse();
    assertThat(diff).hasToString("~ feature view driver_stats");
  }

  @Test
  void changingAStreamViewsWindowOrAnAggregationIsBreaking() {
    FeatureRepository after =
        Fixtures.withView(
            "driver_trips",
            v ->
                Fixtures.withStream(
                    v,
                    new StreamSpec(
                        Duration.ofMinutes(1),
                        Duration.ofHours(1),
                        Duration.ofMinutes(10),
                        List.of(
                            new StreamSpec.Aggregate("trips_1h", Aggregation.COUNT, "trip_id"),
                            new StreamSpec.Aggregate(
                                "mean_fare_1h", Aggregation.MEAN, "fare_usd")))));

    RepositoryDiff diff = RepositoryDiff.between(Fixtures.repository(), after);

    assertThat(diff.featureViews().updated()).containsExactly("driver_trips");
    assertThat(diff.breakingChanges())
        .containsExactly(
            "feature view 'driver_trips': window changed from PT1H every PT5M to PT1H every PT10M",
            "feature view 'driver_trips': max_out_of_orderness changed from PT30S to PT1M: the"
                + " feature pipeline must then start without its checkpoint",
            "feature view 'driver_trips': feature 'mean_fare_1h' changed from mean(fare) to"
                + " mean(fare_usd)");
  }

  @Test
  void changingAWindowedViewsLatenessIsBreaking() {
    FeatureRepository after =
        Fixtures.withView(
            "driver_trips",
            v ->
                Fixtures.withStream(
                    v,
                    new StreamSpec(
                        Duration.ofMinutes(2),
                        v.stream().window(),
                        v.stream().slide(),
                        v.stream().aggregations())));

    RepositoryDiff diff = RepositoryDiff.between(Fixtures.repository(), after);

    assertThat(diff.featureViews().updated()).containsExactly("driver_trips");
    assertThat(diff.breakingChanges())
        .containsExactly(
            "feature view 'driver_trips': max_out_of_orderness changed from PT30S to PT2M: the"
                + " feature pipeline must then start without its checkpoint");
  }

  @Test
  void aFeatureTypeChangeOrRemovalIsBreaking() {
    FeatureRepository after =
        Fixtures.withView(
            "driver_stats",
            v ->
                Fixtures.withFeatures(
                    v,
                    List.of(
                        Field.of("conv_rate", ValueType.STRING),
                        Field.of("trips", ValueType.INT64),
                        Field.of("vehicle", ValueType.STRING),
                        Field.of("active", ValueType.BOOL))));

    RepositoryDiff diff = RepositoryDiff.between(Fixtures.repository(), after);

    assertThat(diff.breakingChanges())
        .containsExactly(
            "feature view 'driver_stats': feature 'conv_rate' changed type from double to string",
            "feature view 'driver_stats': feature 'signup_time' removed");
    assertThat(diff)
        .hasToString(
            """
            ~ feature view driver_stats
            ! feature view 'driver_stats': feature 'conv_rate' changed type from double to string
            ! feature view 'driver_stats': feature 'signup_time' removed""");
  }

  @Test
  void changingAJoinKeyOrTheEntitiesOfAViewIsBreaking() {
    FeatureRepository before = Fixtures.repository();
    FeatureRepository after =
        FeatureRepository.of(
            List.of(
                new Entity("driver", List.of(Field.of("driver_id", ValueType.STRING)), "A driver."),
                Fixtures.CUSTOMER),
            before.sources(),
            List.of(
                new FeatureView(
                    "driver_stats",
                    List.of("driver", "customer"),
                    Fixtures.DRIVER_STATS.features(),
                    Fixtures.DRIVER_STATS.ttl(),
                    true,
                    true,
                    "stats_file",
                    "ml@example.com",
                    "Hourly driver stats.",
                    Fixtures.DRIVER_STATS.tags()),
                Fixtures.CUSTOMER_PROFILE),
            before.featureServices());

    RepositoryDiff diff = RepositoryDiff.between(before, after);

    assertThat(diff.entities().updated()).containsExactly("driver");
    assertThat(diff.breakingChanges())
        .containsExactly(
            "entity 'driver': join keys changed from [driver_id int64] to [driver_id string]",
            "feature view 'driver_stats': entities changed from [driver] to [driver, customer]");
  }
}
