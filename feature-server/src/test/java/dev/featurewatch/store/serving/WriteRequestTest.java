package dev.featurewatch.store.serving;

import static dev.featurewatch.store.serving.ServingFixtures.DRIVER_STATS;
import static dev.featurewatch.store.serving.ServingFixtures.REPOSITORY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteRequestTest {

  private static JsonNode json(String text) throws Exception {
    return new ObjectMapper().readTree(text.replace('\'', '"'));
  }

  @Test
  void feastsDocumentedPushBecomesOneRowWithItsCreatedTime() throws Exception {
    // the push request of Feast's python-feature-server.md, plus a scalar column pandas broadcasts
    WriteRequest request =
        WriteRequest.push(
            json(
                "{'push_source_name': 'driver_stats_push_source', 'df': {'driver_id': [1001],"
                    + " 'event_timestamp': ['2022-05-13 10:59:42+00:00'], 'created':"
                    + " ['2022-05-13 10:59:43'], 'conv_rate': [1.0], 'acc_rate': [1.0],"
                    + " 'avg_daily_trips': [1000], 'string_feature': 'test2'},"
                    + " 'to': 'online_and_offline'}"),
            REPOSITORY,
            10);

    assertThat(request.to()).isEqualTo(WriteRequest.Target.ONLINE_AND_OFFLINE);
    assertThat(request.views())
        .containsOnlyKeys(DRIVER_STATS)
        .containsValue(
            List.of(
                new FeatureRow(
                    DRIVER_STATS.name(),
                    EntityKey.of("driver_id", 1001L),
                    Instant.parse("2022-05-13T10:59:42Z"),
                    Instant.parse("2022-05-13T10:59:43Z"),
                    Arrays.asList(1.0, 1.0, 1000L))));
  }

  @Test
  void writeToOnlineStoreReadsEveryTypeAndNulls() throws Exception {
    WriteRequest request =
        WriteRequest.writeToOnline(
            json(
                "{'feature_view_name': 'customer_profile', 'df': {'customer_id': ['c1', 'c2'],"
                    + " 'event_timestamp': ['2022-01-01T00:00:00Z', '2022-01-01T00:00:00Z'],"
                    + " 'name': ['Ann', null], 'active': [true, false], 'embedding': [[0.5, 1],"
                    + " null], 'signed_up': ['2021-01-01T00:00:00Z', null]}}"),
            REPOSITORY,
            10);

    List<FeatureRow> rows = request.views().get(ServingFixtures.CUSTOMER_PROFILE);
    assertThat(rows)
        .extracting(FeatureRow::values)
        .containsExactly(
            List.of("Ann", true, List.of(0.5, 1.0), Instant.parse("2021-01-01T00:00:00Z")),
            Arrays.asList(null, false, null, null));
  }

  @Test
  void misspelledPushFieldsAreRefusedAndFeastsOtherFieldsAccepted() throws Exception {
    String frame =
        "'df': {'driver_id': [1001], 'event_timestamp': ['2022-05-13 10:59:42+00:00'],"
            + " 'conv_rate': [1.0], 'acc_rate': [1.0], 'avg_daily_trips': [1000]}";

    assertThatThrownBy(
            () ->
                WriteRequest.push(
                    json(
                        "{'push_source_name': 'driver_stats_push_source', "
                            + frame
                            + ", 'To': 'offline'}"),
                    REPOSITORY,
                    10))
        .isInstanceOf(RequestException.class)
        .hasMessageStartingWith("To: unknown field; did you mean 'to'?");
    assertThatThrownBy(
            () ->
                WriteRequest.writeToOnline(
                    json("{'feature_view_name': 'driver_hourly_stats', 'df': {}, 'DF': {}}"),
                    REPOSITORY,
                    10))
        .isInstanceOf(RequestException.class)
        .hasMessageStartingWith("DF: unknown field; did you mean 'df'?");
    WriteRequest accepted =
        WriteRequest.push(
            json(
                "{'push_source_name': 'driver_stats_push_source', "
                    + frame
                    + ", 'allow_registry_cache': false, 'transform_on_write': false}"),
            REPOSITORY,
            10);
    assertThat(accepted.views().get(DRIVER_STATS)).hasSize(1);
  }

  @Test
  void aMissingFeatureColumnIsRefusedRatherThanWrittenAsNull() {
    assertThatThrownBy(
            () ->
                WriteRequest.writeToOnline(
                    json(
                        "{'feature_view_name': 'driver_hourly_stats', 'df': {'driver_id': [1],"
                            + " 'event_timestamp': ['2022-01-01T00:00:00Z'], 'conv_rate': [1.0]}}"),
                    REPOSITORY,
                    10))
        .isInstanceOf(RequestException.class)
        .hasMessageContaining("needs column 'acc_rate'");
  }

  @Test
  void aViewThatIsNotOnlineCannotBeWrittenToTheOnlineStore() {
    assertThatThrownBy(
            () ->
                WriteRequest.writeToOnline(
                    json(
                        "{'feature_view_name': 'driver_history', 'df': {'driver_id': [1],"
                            + " 'event_timestamp': ['2022-01-01T00:00:00Z'], 'trips': [1]}}"),
                    REPOSITORY,
                    10))
        .isInstanceOfSatisfying(
            RequestException.class, e -> assertThat(e.code()).isEqualTo("view_not_online"))
        .hasMessageContaining("'driver_history' is not served online");
  }

  @Test
  void unknownPushSourceAndWrongTypesAreRefused() {
    assertThatThrownBy(
            () ->
                WriteRequest.push(
                    json("{'push_source_name': 'nope', 'df': {'driver_id': [1]}}"), REPOSITORY, 10))
        .hasMessageContaining("no push source named 'nope'");
    assertThatThrownBy(
            () ->
                WriteRequest.writeToOnline(
                    json(
                        "{'feature_view_name': 'driver_hourly_stats', 'df': {'driver_id': ['x'],"
                            + " 'event_timestamp': ['2022-01-01T00:00:00Z'], 'conv_rate': [1.0],"
                            + " 'acc_rate': [1.0], 'avg_daily_trips': [1]}}"),
                    REPOSITORY,
                    10))
        .hasMessageContaining("df.driver_id[0]: must be an int64");
    assertThatThrownBy(
            () ->
                WriteRequest.writeToOnline(
                    json(
                        "{'feature_view_name': 'driver_hourly_stats', 'df': {'driver_id': [1, 2],"
                            + " 'event_timestamp': ['yesterday', 'x'], 'conv_rate': [1.0, 2.0],"
                            + " 'acc_rate': [1.0, 2.0], 'avg_daily_trips': [1, 2]}}"),
                    REPOSITORY,
                    10))
        .hasMessageContaining("df.event_timestamp[0]: must be a timestamp");
  }
}
