package dev.featurewatch.alerting;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The Prometheus rule files and the Alertmanager configuration this module ships ({@code
 * prometheus/rules/}, {@code alertmanager/}), as the jar carries them, for commands that run
 * Prometheus and Alertmanager themselves.
 */
public final class ShippedFiles {

  /** The rule files, as in {@code prometheus/rules/}. */
  public static final List<String> RULES =
      List.of("feature-pipeline.yml", "feature-serving.yml", "model-monitoring.yml");

  /** The Alertmanager configuration's name, as in {@code alertmanager/}. */
  public static final String ALERTMANAGER = "alertmanager.yml";

  /** The address of the registry receiver in {@link #ALERTMANAGER}, to replace outside compose. */
  public static final String RECEIVER_URL = "http://featurewatch-alerts:9095";

  private ShippedFiles() {}

  /** Copies the rule files into {@code dir}, returning their paths. */
  public static List<Path> copyRules(Path dir) {
    List<Path> copies = new ArrayList<>();
    for (String name : RULES) {
      copies.add(copy("prometheus/rules/" + name, dir.resolve(name)));
    }
    return copies;
  }

  /**
   * Writes the Alertmanager configuration to {@code file} with the registry receiver at {@code
   * receiverUrl} (like {@code http://127.0.0.1:9095}) instead of its compose address.
   */
  public static Path writeAlertmanagerConfig(Path file, String receiverUrl) {
    String config = text("alertmanager/" + ALERTMANAGER);
    if (!config.contains(RECEIVER_URL)) {
      throw new IllegalStateException(
          ALERTMANAGER + " no longer names the receiver " + RECEIVER_URL + ": update ShippedFiles");
    }
    try {
      return Files.writeString(file, config.replace(RECEIVER_URL, receiverUrl));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static Path copy(String resource, Path target) {
    try (InputStream in = open(resource)) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  private static String text(String resource) {
    try (InputStream in = open(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  private static InputStream open(String resource) {
    InputStream in = ShippedFiles.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException(resource + " is missing from the alerting jar");
    }
    return in;
  }
}
