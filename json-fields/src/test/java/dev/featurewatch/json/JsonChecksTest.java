package dev.featurewatch.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

class JsonChecksTest {

  private static final Problems<IllegalArgumentException> PROBLEMS =
      (path, rule) -> new IllegalArgumentException(path + ": " + rule);

  @Test
  void pathsUseDotsForSimpleKeysAndQuotedBracketsForOthers() {
    assertThat(JsonChecks.child("", "features")).isEqualTo("features");
    assertThat(JsonChecks.child("features", "age_2-b")).isEqualTo("features.age_2-b");
    assertThat(JsonChecks.child("features", "a b")).isEqualTo("features[\"a b\"]");
    assertThat(JsonChecks.child("", "a.b")).isEqualTo("[\"a.b\"]");
    assertThat(JsonChecks.child("f", "say \"hi\"\\")).isEqualTo("f[\"say \\\"hi\\\"\\\\\"]");
    assertThat(JsonChecks.index(JsonChecks.child("f", "bins"), 3)).isEqualTo("f.bins[3]");
  }

  @Test
  void describeCutsLongValuesAndNamesNothing() throws Exception {
    String sixty = "x".repeat(58); // with its quotes, 60 characters: shown whole
    String sixtyOne = "x".repeat(59);

    assertThat(JsonChecks.describe(TextNode.valueOf(sixty))).isEqualTo("\"" + sixty + "\"");
    assertThat(JsonChecks.describe(TextNode.valueOf(sixtyOne)))
        .hasSize(60)
        .isEqualTo("\"" + "x".repeat(56) + "...");
    assertThat(JsonChecks.describe(null)).isEqualTo("nothing");
    assertThat(JsonChecks.describe(MissingNode.getInstance())).isEqualTo("nothing");
    assertThat(JsonChecks.describe(new ObjectMapper().readTree("{\"a\":[1,null]}")))
        .isEqualTo("{\"a\":[1,null]}");
  }

  @Test
  void valueChecksNameThePathTheRuleAndTheValue() throws Exception {
    JsonNode tree = new ObjectMapper().readTree("[-2, \"x\", 2.5, null, 99999999999]");

    assertThatThrownBy(() -> JsonChecks.nonNegativeLong(tree.get(0), "c[0]", PROBLEMS))
        .hasMessage("c[0]: must be an integer >= 0, found -2");
    assertThatThrownBy(() -> JsonChecks.number(tree.get(1), "c[1]", PROBLEMS))
        .hasMessage("c[1]: must be a number, found \"x\"");
    assertThatThrownBy(() -> JsonChecks.longValue(tree.get(2), "c[2]", PROBLEMS))
        .hasMessage("c[2]: must be an integer, found 2.5");
    assertThatThrownBy(() -> JsonChecks.nullableNumber(null, "c[5]", PROBLEMS))
        .hasMessage("c[5]: must be a number or null, found nothing");
    assertThatThrownBy(() -> JsonChecks.intValue(tree.get(4), "c[4]", PROBLEMS))
        .hasMessage("c[4]: must be an integer, found 99999999999");
    assertThat(JsonChecks.nullableNumber(tree.get(3), "c[3]", PROBLEMS)).isNaN();
    assertThat(JsonChecks.longValue(tree.get(4), "c[4]", PROBLEMS)).isEqualTo(99_999_999_999L);
    assertThat(JsonChecks.text(tree.get(1), "c[1]", PROBLEMS)).isEqualTo("x");
  }

  @Test
  void wrongTypeWritesTheCallersOwnRule() {
    assertThat(
            JsonChecks.wrongType("'label'", "a number or a class name", null, PROBLEMS)
                .getMessage())
        .isEqualTo("'label': must be a number or a class name, found nothing");
  }
}
