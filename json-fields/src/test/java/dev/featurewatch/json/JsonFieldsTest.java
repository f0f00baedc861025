package dev.featurewatch.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class JsonFieldsTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A checked exception of the caller's own, as a baseline file reader has. */
  static final class FormatException extends IOException {
    private static final long serialVersionUID = 1L;

    FormatException(String path, String rule) {
      super(path.isEmpty() ? rule : path + ": " + rule);
    }
  }

  private static JsonFields<FormatException> fields(String json) throws Exception {
    return JsonFields.of(MAPPER.readTree(json), "", FormatException::new);
  }

  @Test
  void typedGettersReadTheirValues() throws Exception {
    JsonFields<FormatException> f =
        fields(
            "{\"name\":\"age\",\"n\":3,\"big\":5000000000,\"x\":1.5,\"m\":null,\"on\":true,"
                + "\"items\":[1,2],\"o\":{\"a\":\"b\"}}");

    assertThat(f.text("name")).isEqualTo("age");
    assertThat(f.nonBlankText("name")).isEqualTo("age");
    assertThat(f.intValue("n")).isEqualTo(3);
    assertThat(f.longValue("big")).isEqualTo(5_000_000_000L);
    assertThat(f.nonNegativeLong("n")).isEqualTo(3);
    assertThat(f.finiteNumber("x")).isEqualTo(1.5);
    assertThat(f.number("n")).isEqualTo(3.0);
    assertThat(f.nullableNumber("m")).isNaN();
    assertThat(f.bool("on")).isTrue();
    assertThat(f.array("items")).hasSize(2);
    assertThat(f.object("o").text("a")).isEqualTo("b");
  }

  @Test
  void aWrongTypeNamesThePathTheRuleAndTheValue() throws Exception {
    JsonFields<FormatException> features = fields("{\"features\":{\"age\":{\"count\":-1}}}");
    JsonFields<FormatException> age = features.object("features").object("age");

    assertThatThrownBy(() -> age.nonNegativeLong("count"))
        .isInstanceOf(FormatException.class)
        .hasMessage("features.age.count: must be an integer >= 0, found -1");
    assertThatThrownBy(() -> age.text("count"))
        .hasMessage("features.age.count: must be a string, found -1");
    assertThatThrownBy(() -> age.bool("count"))
        .hasMessage("features.age.count: must be true or false, found -1");
    assertThatThrownBy(() -> age.object("count"))
        .hasMessage("features.age.count: must be an object, found -1");
    assertThatThrownBy(() -> age.array("count"))
        .hasMessage("features.age.count: must be an array, found -1");
  }

  @Test
  void aMissingKeyIsRequiredAndNullIsNotMissing() throws Exception {
    JsonFields<FormatException> f = fields("{\"a\":null}");

    assertThatThrownBy(() -> f.text("b")).hasMessage("b: is required");
    assertThat(f.required("a").isNull()).isTrue();
    assertThat(f.has("a")).isFalse();
    assertThat(f.optional("a")).isNull();
    assertThatThrownBy(() -> f.text("a")).hasMessage("a: must be a string, found null");
  }

  @Test
  void numbersThatADoubleCannotHoldOrAnIntegerIsNotAreRefused() throws Exception {
    JsonFields<FormatException> f = fields("{\"huge\":1e400,\"whole\":3.0,\"text\":\" \"}");

    assertThatThrownBy(() -> f.finiteNumber("huge"))
        .hasMessage("huge: must be a finite number, found \"Infinity\"");
    assertThatThrownBy(() -> f.intValue("whole"))
        .hasMessage("whole: must be an integer, found 3.0");
    assertThatThrownBy(() -> f.nonBlankText("text"))
        .hasMessage("text: must be a non-blank string, found \" \"");
  }

  @Test
  void unknownKeysAreThoseNoGetterAskedFor() throws Exception {
    JsonFields<FormatException> f = fields("{\"a\":1,\"b\":2,\"c\":3}");
    f.intValue("a");
    f.has("b");

    assertThatThrownBy(f::rejectUnknownKeys).hasMessage("c: unknown key");
  }

  @Test
  void keysAreAllKnown() throws Exception {
    JsonFields<FormatException> f = fields("{\"z\":1,\"a\":2}");

    assertThat(f.keys()).containsExactly("z", "a");
    f.rejectUnknownKeys();
  }

  @Test
  void theWholeDocumentHasNoPath() throws Exception {
    assertThatThrownBy(() -> fields("[1]")).hasMessage("must be an object, found [1]");
  }

  @Test
  void anUncheckedExceptionNeedsNoThrowsClause() throws Exception {
    JsonNode tree = MAPPER.readTree("{\"to\":7}");
    JsonFields<IllegalArgumentException> f =
        JsonFields.of(tree, "", (path, rule) -> new IllegalArgumentException(path + ": " + rule));

    assertThatThrownBy(() -> f.text("to"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("to: must be a string, found 7");
  }

  @Test
  void aCursorOverAnArrayItemReportsAsItsParent() throws Exception {
    JsonFields<FormatException> f = fields("{\"items\":[{\"v\":\"x\"}]}");
    JsonNode item = f.array("items").get(0);
    JsonFields<FormatException> first = f.cursor(item, JsonChecks.index(f.pathOf("items"), 0));

    assertThatThrownBy(() -> first.finiteNumber("v"))
        .isInstanceOf(FormatException.class)
        .hasMessage("items[0].v: must be a finite number, found \"x\"");
    assertThat(first.problem("v", "must be late").getMessage())
        .isEqualTo("items[0].v: must be late");
  }
}
