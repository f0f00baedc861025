package dev.featurewatch.store.serving;

import static dev.featurewatch.store.serving.ServingFixtures.DRIVER_STATS;
import static dev.featurewatch.store.serving.ServingFixtures.REPOSITORY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurewatch.store.online.OnlineValue;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import dev.featurewatch.store.row.JsonFeatureValues;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OnlineRequestTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  private static OnlineRequest parse(String text) throws Exception {
    return OnlineRequest.parse(json(text), REPOSITORY, 3);
  }

  @Test
  void featuresResolveInRequestOrderWithEntityKeysPerRow() throws Exception {
    OnlineRequest request =
        parse(
            "{'features': ['driver_hourly_stats:avg_daily_trips', 'driver_hourly_stats:conv_rate'],"
                + " 'entities': {'driver_id': [1001, 1002]}}");

    assertThat(request.rows()).isEqualTo(2);
    assertThat(request.columns())
        .extracting(OnlineRequest.Column::name)
        .containsExactly("avg_daily_trips", "conv_rate");
    assertThat(request.keys("driver_hourly_stats"))
        .containsExactly(EntityKey.of("driver_id", 1001L), EntityKey.of("driver_id", 1002L));
  }

  @Test
  void fullFeatureNamesPrefixTheView() throws Exception {
    OnlineRequest request =
        parse(
            "{'features': ['driver_hourly_stats:conv_rate', 'driver_location:conv_rate'],"
                + " 'entities': {'driver_id': [1]}, 'full_feature_names': true}");

    assertThat(request.columns())
        .extracting(OnlineRequest.Column::name)
        .containsExactly("driver_hourly_stats__conv_rate", "driver_location__conv_rate");
  }

  @Test
  void aFeatureServiceExpandsToItsFeatures() throws Exception {
    OnlineRequest request =
        parse("{'feature_service': 'driver_activity', 'entities': {'driver_id': [1]}}");

    assertThat(request.columns())
        .extracting(OnlineRequest.Column::name)
        .containsExactly("conv_rate", "avg_daily_trips");
  }

  @Test
  void aWholeViewExpandsToAllItsFeatures() throws Exception {
    OnlineRequest request =
        parse("{'features': ['driver_hourly_stats'], 'entities': {'driver_id': [1]}}");

    assertThat(request.columns())
        .extracting(OnlineRequest.Column::name)
        .containsExactly("conv_rate", "acc_rate", "avg_daily_trips");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown view|{'features': ['nope:x'], 'entities': {'driver_id': [1]}}|unknown_feature_view|no feature view named 'nope'",
        "unknown feature|{'features': ['driver_hourly_stats:nope'], 'entities': {'driver_id': [1]}}|unknown_feature|has no feature 'nope'",
        "unknown service|{'feature_service': 'nope', 'entities': {'driver_id': [1]}}|unknown_feature_service|no feature service named 'nope'",
        "string for int64 key|{'features': ['driver_hourly_stats:conv_rate'], 'entities': {'driver_id': ['1001']}}|wrong_type|entities.driver_id[0]: must be an int64",
        "number for string key|{'features': ['customer_profile:name'], 'entities': {'customer_id': [7]}}|wrong_type|entities.customer_id[0]: must be a string",
        "null key|{'features': ['driver_hourly_stats:conv_rate'], 'entities': {'driver_id': [null]}}|wrong_type|cannot be null",
        "lengths differ|{'features': ['driver_hourly_stats:conv_rate', 'customer_profile:name'], 'entities': {'driver_id': [1, 2], 'customer_id': ['a']}}|entity_length_mismatch|'driver_id' has 2, 'customer_id' has 1",
        "no features|{'entities': {'driver_id': [1]}}|empty_request|asks for no features",
        "empty features|{'features': [], 'entities': {'driver_id': [1]}}|empty_request|features: the list is empty",
        "no entities|{'features': ['driver_hourly_stats:conv_rate']}|empty_request|entities: missing",
        "empty entity lists|{'features': ['driver_hourly_stats:conv_rate'], 'entities': {'driver_id': []}}|empty_request|the lists are empty",
        "too many entities|{'features': ['driver_hourly_stats:conv_rate'], 'entities': {'driver_id': [1, 2, 3, 4]}}|too_many_entities|at most 3 entity rows per request, found 4",
        "missing join key|{'features': ['customer_profile:name'], 'entities': {'driver_id': [1]}}|unknown_entity_key|entities.driver_id: not a join key",
        "missing key of a view|{'features': ['driver_hourly_stats:conv_rate', 'customer_profile:name'], 'entities': {'driver_id': [1]}}|missing_entity_key|needs join key 'customer_id'",
        "duplicate names|{'features': ['driver_hourly_stats:conv_rate', 'driver_location:conv_rate'], 'entities': {'driver_id': [1]}}|duplicate_feature_name|set full_feature_names to true",
        "both features and service|{'features': ['driver_hourly_stats:conv_rate'], 'feature_service': 'driver_activity', 'entities': {'driver_id': [1]}}|malformed_request|not both",
        "bad reference|{'features': ['a:b:c'], 'entities': {'driver_id': [1]}}|malformed_feature|features[0]",
        "features not a list|{'features': 'driver_hourly_stats:conv_rate', 'entities': {'driver_id': [1]}}|wrong_type|features: must be a list",
        "body not an object|[1, 2]|malformed_request|must be a JSON object",
        "full names not boolean|{'features': ['driver_hourly_stats:conv_rate'], 'entities': {'driver_id': [1]}, 'full_feature_names': 'yes'}|wrong_type|full_feature_names",
        "key over int64|{'features': ['driver_hourly_stats:conv_rate'], 'entities': {'driver_id': [99999999999999999999]}}|wrong_type|must be an int64",
      })
  void badRequestsNameTheProblem(String name, String body, String code, String detail) {
    assertThatThrownBy(() -> parse(body))
        .isInstanceOfSatisfying(RequestException.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessageContaining(detail);
  }

  @Test
  void responseIsColumnMajorWithEntitiesFirstThenFeaturesWithStatuses() throws Exception {
    OnlineRequest request =
        parse(
            "{'features': ['driver_hourly_stats:conv_rate', 'driver_hourly_stats:avg_daily_trips'],"
                + " 'entities': {'driver_id': [1, 2]}}");
    Instant at = Instant.parse("2021-12-31T23:00:00.250Z");
    FeatureRow row = ServingFixtures.driverStats(1, at, 0.5, null, null);
    List<OnlineValue> values =
        List.of(
            OnlineValue.of(DRIVER_STATS, row, ServingFixtures.NOW),
            OnlineValue.notFound(DRIVER_STATS, EntityKey.of("driver_id", 2L)));

    ResponseBuffer buffer = new ResponseBuffer();
    request.response(
        Map.of(DRIVER_STATS.name(), values), new ServingMetrics(new PrometheusRegistry()), buffer);

    // parsed so that numbers compare by value, not by node class
    assertThat(JSON.readTree(buffer.array(), 0, buffer.length()))
        .isEqualTo(
            json(
                "{'metadata': {'feature_names': ['driver_id', 'conv_rate', 'avg_daily_trips']},"
                    + " 'results': ["
                    + "{'values': [1, 2], 'statuses': ['PRESENT', 'PRESENT'], 'event_timestamps':"
                    + " ['1970-01-01T00:00:00Z', '1970-01-01T00:00:00Z']},"
                    + "{'values': [0.5, null], 'statuses': ['PRESENT', 'NOT_FOUND'],"
                    + " 'event_timestamps': ['2021-12-31T23:00:00.250Z', '1970-01-01T00:00:00Z']},"
                    + "{'values': [null, null], 'statuses': ['NULL_VALUE', 'NOT_FOUND'],"
                    + " 'event_timestamps': ['2021-12-31T23:00:00.250Z', '1970-01-01T00:00:00Z']}"
                    + "]}"));
  }

  @ParameterizedTest
  @CsvSource({
    "2022-05-13 10:59:42+00:00, 2022-05-13T10:59:42Z",
    "2022-05-13 10:59:42, 2022-05-13T10:59:42Z",
    "2022-05-13T12:59:42.5+02:00, 2022-05-13T10:59:42.500Z",
    "2022-05-13T10:59:42.123456Z, 2022-05-13T10:59:42.123456Z",
    "2022-05-13T10:59:42.000000001Z, 2022-05-13T10:59:42.000000001Z",
    "0099-01-02T03:04:05.020Z, 0099-01-02T03:04:05.020Z",
    "+10000-01-01T00:00:00Z, +10000-01-01T00:00:00Z",
  })
  void timestampsAreReadAsFeastClientsWriteThemAndAnsweredAsProtobufJson(
      String text, String answered) {
    assertThat(JsonValues.format(JsonFeatureValues.timestamp(text, "t"))).isEqualTo(answered);
  }
}
