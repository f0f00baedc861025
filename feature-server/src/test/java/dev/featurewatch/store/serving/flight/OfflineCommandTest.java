package dev.featurewatch.store.serving.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.store.definition.FeatureReference;
import dev.featurewatch.store.offline.join.PointInTimeJoin;
import dev.featurewatch.store.serving.ServingFixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.junit.jupiter.api.Test;

class OfflineCommandTest {

  /** The command Feast 0.67's RemoteOfflineStore.get_historical_features sends, as it writes it. */
  static final String FEAST_COMMAND =
      """
      {"command_id": "5b0b1f5e-0c51-4a43-a8a3-8d1f3f0e9a11", "api": "get_historical_features",
       "feature_view_names": ["driver_hourly_stats"],
       "feature_refs": ["driver_hourly_stats:conv_rate", "driver_hourly_stats:avg_daily_trips"],
       "project": "feast_project", "full_feature_names": false, "name_aliases": [null]}
      """;

  private static final ObjectMapper JSON = new ObjectMapper();

  private static OfflineCommand parse(String json) {
    return OfflineCommand.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertRefused(String json, FlightStatusCode code, String message) {
    assertThatThrownBy(() -> parse(json).requests(ServingFixtures.REPOSITORY))
        .isInstanceOfSatisfying(
            FlightRuntimeException.class, e -> assertThat(e.status().code()).isEqualTo(code))
        .hasMessage(message);
  }

  /** Feast's command with {@code key} set to the JSON {@code value}. */
  static String with(String key, String value) {
    try {
      ObjectNode command = (ObjectNode) JSON.readTree(FEAST_COMMAND);
      command.set(key, JSON.readTree(value));
      return JSON.writeValueAsString(command);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void feastsCommandBecomesTheJoinsRequests() {
    OfflineCommand command = parse(FEAST_COMMAND);

    assertThat(command.featureViewNames()).containsExactly("driver_hourly_stats");
    assertThat(command.featureRefs())
        .containsExactly(
            FeatureReference.parse("driver_hourly_stats:conv_rate"),
            FeatureReference.parse("driver_hourly_stats:avg_daily_trips"));
    assertThat(command.fullFeatureNames()).isFalse();
    assertThat(command.project()).isEqualTo("feast_project");
    assertThat(command.requests(ServingFixtures.REPOSITORY))
        .containsExactly(
            new PointInTimeJoin.Request(
                ServingFixtures.DRIVER_STATS, List.of("conv_rate", "avg_daily_trips")));
  }

  @Test
  void anotherApiIsUnimplementedNamingIt() {
    assertRefused(
        with("api", "\"pull_latest_from_table_or_query\""),
        FlightStatusCode.UNIMPLEMENTED,
        "api 'pull_latest_from_table_or_query' is not supported: featurewatch's remote offline"
            + " store answers get_historical_features only");
  }

  @Test
  void badCommandsAreInvalidArgumentsNamingTheField() {
    assertRefused(
        "not json",
        FlightStatusCode.INVALID_ARGUMENT,
        "the Flight command must be the JSON object Feast's remote offline store sends:"
            + " Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or"
            + " token 'null', 'true' or 'false')");
    assertRefused(
        "[1]",
        FlightStatusCode.INVALID_ARGUMENT,
        "the Flight command must be an object, found [1]");
    assertRefused(
        with("feature_refs", "[]"),
        FlightStatusCode.INVALID_ARGUMENT,
        "feature_refs: must name at least one feature, found []");
    assertRefused(
        with("feature_refs", "[\"a:b:c\"]"),
        FlightStatusCode.INVALID_ARGUMENT,
        "feature_refs[0]: a feature reference must be 'view' or 'view:feature', found 'a:b:c'");
    assertRefused(
        with("full_feature_names", "\"no\""),
        FlightStatusCode.INVALID_ARGUMENT,
        "full_feature_names: must be true or false, found \"no\"");
    assertRefused(
        with("name_aliases", "[\"stats\"]"),
        FlightStatusCode.INVALID_ARGUMENT,
        "name_aliases[0]: featurewatch's feature views have no aliases (Feast's"
            + " FeatureView.with_name), found \"stats\"");
    assertRefused(
        FEAST_COMMAND.replace("\"project\"", "\"entity_df_sql\": \"SELECT 1\", \"project\""),
        FlightStatusCode.INVALID_ARGUMENT,
        "entity_df_sql: featurewatch joins an entity DataFrame; an SQL query as the entity source"
            + " is not supported");
  }

  @Test
  void viewsAndFeaturesMustBeInTheRegistry() {
    assertRefused(
        with("feature_view_names", "[\"driver_hourly_stats\", \"trips\"]"),
        FlightStatusCode.INVALID_ARGUMENT,
        "feature_view_names[1]: no feature view 'trips' in the registry");
    assertRefused(
        with("feature_refs", "[\"driver_hourly_stats:nope\"]"),
        FlightStatusCode.INVALID_ARGUMENT,
        "feature_refs: feature view 'driver_hourly_stats' has no feature 'nope'");
  }
}
