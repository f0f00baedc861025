package dev.featurewatch.store.repo;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each key and value of a YAML text is, so that a problem found after parsing (on a tree or a
 * bound object, which keep no positions) can still name its line.
 */
public final class YamlLines {

  private static final YAMLFactory YAML = new YAMLFactory();

  private YamlLines() {}

  /**
   * The 1-based line of every key and value, by JSON pointer ({@code /serving/auth/tokens/0/name});
   * the first occurrence wins.
   *
   * @throws IOException the text is not YAML
   */
  public static Map<String, Integer> index(String text) throws IOException {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser parser = YAML.createParser(text)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        JsonStreamContext context = parser.getParsingContext();
        if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)
            && context.getParent() != null) {
          context = context.getParent();
        }
        lines.putIfAbsent(
            context.pathAsPointer().toString(), parser.currentTokenLocation().getLineNr());
      }
    }
    return lines;
  }
}
