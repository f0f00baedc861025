package dev.featurewatch.store.definition;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.store.definition.DefinitionKeys.AggregateKeys;
import dev.featurewatch.store.definition.DefinitionKeys.DriftKeys;
import dev.featurewatch.store.definition.DefinitionKeys.EntityKeys;
import dev.featurewatch.store.definition.DefinitionKeys.FieldKeys;
import dev.featurewatch.store.definition.DefinitionKeys.Key;
import dev.featurewatch.store.definition.DefinitionKeys.LabelKeys;
import dev.featurewatch.store.definition.DefinitionKeys.MonitorKeys;
import dev.featurewatch.store.definition.DefinitionKeys.PredictionKeys;
import dev.featurewatch.store.definition.DefinitionKeys.RepositoryKeys;
import dev.featurewatch.store.definition.DefinitionKeys.SegmentKeys;
import dev.featurewatch.store.definition.DefinitionKeys.ServiceKeys;
import dev.featurewatch.store.definition.DefinitionKeys.SourceKeys;
import dev.featurewatch.store.definition.DefinitionKeys.StreamKeys;
import dev.featurewatch.store.definition.DefinitionKeys.ViewKeys;
import dev.featurewatch.store.definition.DefinitionKeys.WindowKeys;
import dev.featurewatch.store.definition.DefinitionKeys.WriteBackKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The documentation lists the keys the reader accepts: the "Keys" table of {@code
 * examples/feature_repo/README.md} has a row for each mapping of a repository's YAML, whose second
 * column holds exactly that mapping's keys, in the order the reader names them.
 */
class DefinitionKeysTest {

  private static final Path README = Path.of("../examples/feature_repo/README.md");
  private static final Pattern QUOTED = Pattern.compile("`([^`]+)`");

  /** Each row of the table, by its first cell, with the keys it must list. */
  private static final Map<String, List<? extends Key>> ROWS =
      Map.ofEntries(
          entry("a file", List.of(RepositoryKeys.values())),
          entry("`entities[]`", List.of(EntityKeys.values())),
          entry(
              "a field: `join_keys[]`, `schema[]`, `model_monitors[].features[]`",
              List.of(FieldKeys.values())),
          entry("`sources[]`", List.of(SourceKeys.values())),
          entry("`feature_views[]`", List.of(ViewKeys.values())),
          entry("`feature_views[].stream`", List.of(StreamKeys.values())),
          entry("`feature_views[].stream.aggregations[]`", List.of(AggregateKeys.values())),
          entry("`feature_services[]`", List.of(ServiceKeys.values())),
          entry("`model_monitors[]`", List.of(MonitorKeys.values())),
          entry("`model_monitors[].prediction`", List.of(PredictionKeys.values())),
          entry("`model_monitors[].labels`", List.of(LabelKeys.values())),
          entry("`model_monitors[].window`", List.of(WindowKeys.values())),
          entry("`model_monitors[].drift`", List.of(DriftKeys.values())),
          entry("`model_monitors[].drift.features.NAME`", DriftKeys.OF_A_FEATURE),
          entry("`model_monitors[].segments[]`", List.of(SegmentKeys.values())),
          entry("`model_monitors[].write_back`", List.of(WriteBackKeys.values())));

  @Test
  void theExampleRepositoryReadmeListsExactlyTheKeysOfEveryMapping() throws IOException {
    Map<String, List<String>> documented = keysTable(Files.readString(README));

    assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(ROWS.keySet());
    ROWS.forEach(
        (mapping, keys) ->
            assertThat(documented.get(mapping))
                .as("the keys of %s", mapping)
                .containsExactlyElementsOf(DefinitionKeys.yaml(keys)));
  }

  @Test
  void everyMappingsKeysHaveARowOfTheTable() {
    // a mapping added to DefinitionKeys without a row above would go undocumented
    Set<Class<?>> documented =
        ROWS.values().stream()
            .map(keys -> ((Enum<?>) keys.get(0)).getDeclaringClass())
            .collect(Collectors.toSet());
    List<Class<?>> declared =
        Arrays.stream(DefinitionKeys.class.getDeclaredClasses()).filter(Class::isEnum).toList();

    assertThat(documented).containsExactlyInAnyOrderElementsOf(declared);
  }

  /** The rows of the table under "## Keys": the first cell, and the keys quoted in the second. */
  private static Map<String, List<String>> keysTable(String markdown) {
    List<String> lines = markdown.lines().toList();
    Map<String, List<String>> rows = new LinkedHashMap<>();
    int line = lines.indexOf("## Keys") + 1;
    while (line < lines.size() && !lines.get(line).startsWith("|")) {
      line++;
    }
    // the header and the separator
    line += 2;
    for (; line < lines.size() && lines.get(line).startsWith("|"); line++) {
      String[] cells = lines.get(line).split("\\|");
      Matcher quoted = QUOTED.matcher(cells[2]);
      List<String> keys = quoted.results().map(m -> m.group(1)).toList();
      rows.put(cells[1].strip(), keys);
    }
    return rows;
  }
}
