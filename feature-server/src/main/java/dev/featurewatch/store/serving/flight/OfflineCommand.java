package dev.featurewatch.store.serving.flight;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurewatch.json.JsonChecks;
import dev.featurewatch.json.JsonFields;
import dev.featurewatch.json.Problems;
import dev.featurewatch.store.definition.FeatureReference;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.offline.join.PointInTimeJoin;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;

/**
 * The JSON command of a Flight descriptor as Feast's remote offline store writes it ({@code
 * RemoteOfflineStore.get_historical_features} in Feast 0.67's {@code remote.py}), validated:
 *
 * <pre>{@code
 * {"command_id": "…", "api": "get_historical_features",
 *  "feature_view_names": ["driver_hourly_stats"], "feature_refs": ["driver_hourly_stats:conv_rate"],
 *  "project": "…", "full_feature_names": false, "name_aliases": [null]}
 * }</pre>
 *
 * <p>Keys Feast does not send for this api are ignored, as Feast's server ignores them. Problems
 * are {@link FlightRuntimeException}s: {@code INVALID_ARGUMENT} naming the key, the rule and the
 * value found, or {@code UNIMPLEMENTED} naming an api other than {@value #GET_HISTORICAL_FEATURES}.
 *
 * @param api the api named, always {@value #GET_HISTORICAL_FEATURES}
 * @param featureViewNames the views the SDK resolved, in its order
 * @param featureRefs the features asked for, {@code view:feature}
 * @param fullFeatureNames whether output columns are named {@code view__feature}
 * @param project the Feast project, which a featurewatch registry does not have (not checked)
 */
record OfflineCommand(
    String api,
    List<String> featureViewNames,
    List<FeatureReference> featureRefs,
    boolean fullFeatureNames,
    String project) {

  /** The one api answered. */
  static final String GET_HISTORICAL_FEATURES = "get_historical_features";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Problems<FlightRuntimeException> PROBLEMS =
      (path, rule) -> invalid(path.isEmpty() ? "the Flight command " + rule : path + ": " + rule);

  OfflineCommand {
    featureViewNames = List.copyOf(featureViewNames);
    featureRefs = List.copyOf(featureRefs);
  }

  /**
   * Parses and checks a descriptor's command.
   *
   * @throws FlightRuntimeException {@code INVALID_ARGUMENT} for a malformed command, {@code
   *     UNIMPLEMENTED} for another api
   */
  static OfflineCommand parse(byte[] command) {
    JsonFields<FlightRuntimeException> fields = fields(command);
    String api = fields.nonBlankText("api");
    if (!GET_HISTORICAL_FEATURES.equals(api)) {
      throw unsupportedApi(api);
    }
    if (fields.has("entity_df_sql")) {
      throw invalid(
          "entity_df_sql: featurewatch joins an entity DataFrame; an SQL query as the entity"
              + " source is not supported");
    }
    for (String key : List.of("start_date", "end_date")) {
      if (fields.has(key)) {
        throw invalid(
            key
                + ": retrieval by date range without an entity DataFrame is not supported, found "
                + JsonChecks.describe(fields.get(key)));
      }
    }
    List<String> views = new ArrayList<>();
    List<JsonNode> viewNodes = fields.array("feature_view_names");
    for (int i = 0; i < viewNodes.size(); i++) {
      views.add(
          JsonChecks.nonBlankText(
              viewNodes.get(i), JsonChecks.index("feature_view_names", i), PROBLEMS));
    }
    List<JsonNode> refNodes = fields.array("feature_refs");
    if (refNodes.isEmpty()) {
      throw invalid("feature_refs: must name at least one feature, found []");
    }
    List<FeatureReference> refs = new ArrayList<>();
    for (int i = 0; i < refNodes.size(); i++) {
      String path = JsonChecks.index("feature_refs", i);
      String text = JsonChecks.nonBlankText(refNodes.get(i), path, PROBLEMS);
      try {
        refs.add(FeatureReference.parse(text));
      } catch (IllegalArgumentException e) {
        throw invalid(path + ": " + e.getMessage());
      }
    }
    if (fields.has("name_aliases")) {
      List<JsonNode> aliases = fields.array("name_aliases");
      for (int i = 0; i < aliases.size(); i++) {
        if (!aliases.get(i).isNull()) {
          throw invalid(
              JsonChecks.index("name_aliases", i)
                  + ": featurewatch's feature views have no aliases (Feast's"
                  + " FeatureView.with_name), found "
                  + JsonChecks.describe(aliases.get(i)));
        }
      }
    }
    boolean fullFeatureNames = fields.bool("full_feature_names");
    String project = fields.has("project") ? fields.text("project") : "";
    return new OfflineCommand(api, views, refs, fullFeatureNames, project);
  }

  /**
   * The api a command names, whichever it is.
   *
   * @throws FlightRuntimeException {@code INVALID_ARGUMENT} for a malformed command
   */
  static String apiOf(byte[] command) {
    return fields(command).nonBlankText("api");
  }

  private static JsonFields<FlightRuntimeException> fields(byte[] command) {
    JsonNode tree;
    try {
      tree = JSON.readTree(command);
    } catch (JsonProcessingException e) {
      throw invalid(
          "the Flight command must be the JSON object Feast's remote offline store sends: "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw invalid("the Flight command cannot be read: " + e.getMessage());
    }
    return JsonFields.of(tree == null || tree.isMissingNode() ? null : tree, "", PROBLEMS);
  }

  /**
   * The join's requests, grouped by view as {@code featurewatch historical} groups them.
   *
   * @throws FlightRuntimeException {@code INVALID_ARGUMENT} naming a view or feature the registry
   *     does not have
   */
  List<PointInTimeJoin.Request> requests(FeatureRepository repository) {
    for (int i = 0; i < featureViewNames.size(); i++) {
      if (repository.featureView(featureViewNames.get(i)).isEmpty()) {
        throw invalid(
            JsonChecks.index("feature_view_names", i)
                + ": no feature view '"
                + featureViewNames.get(i)
                + "' in the registry");
      }
    }
    try {
      return PointInTimeJoin.Request.grouped(repository, featureRefs);
    } catch (IllegalArgumentException e) {
      throw invalid("feature_refs: " + e.getMessage());
    }
  }

  /** {@code UNIMPLEMENTED}, naming the api and the one answered. */
  static FlightRuntimeException unsupportedApi(String api) {
    return CallStatus.UNIMPLEMENTED
        .withDescription(
            "api '"
                + api
                + "' is not supported: featurewatch's remote offline store answers "
                + GET_HISTORICAL_FEATURES
                + " only")
        .toRuntimeException();
  }

  static FlightRuntimeException invalid(String message) {
    return CallStatus.INVALID_ARGUMENT.withDescription(message).toRuntimeException();
  }
}
