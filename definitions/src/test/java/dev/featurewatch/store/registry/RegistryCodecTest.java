package dev.featurewatch.store.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RegistryCodecTest {

  private static final Path GOLDEN_V1 = Path.of("src/test/resources/repo/registry-format-v1.json");
  private static final Path GOLDEN_V2 = Path.of("src/test/resources/repo/registry-format-v2.json");
  private static final Path GOLDEN_V3 = Path.of("src/test/resources/repo/registry-format-v3.json");
  private static final Path GOLDEN_V4 = Path.of("src/test/resources/repo/registry-format-v4.json");
  private static final Path GOLDEN_V5 = Path.of("src/test/resources/repo/registry-format-v5.json");
  private static final Path GOLDEN_V6 = Path.of("src/test/resources/repo/registry-format-v6.json");
  private static final Instant APPLIED_AT = Instant.parse("2026-11-23T04:00:00.123Z");
  private static final RegistryVersion VERSION_V2 =
      new RegistryVersion(3, APPLIED_AT, Fixtures.repository());
  private static final RegistryVersion VERSION_V3 =
      new RegistryVersion(3, APPLIED_AT, Fixtures.repositoryV3());
  private static final RegistryVersion VERSION_V4 =
      new RegistryVersion(3, APPLIED_AT, Fixtures.repositoryV4());
  private static final RegistryVersion VERSION_V5 =
      new RegistryVersion(3, APPLIED_AT, Fixtures.repositoryV5());
  private static final RegistryVersion VERSION =
      new RegistryVersion(3, APPLIED_AT, Fixtures.repositoryV6());

  @Test
  void formatVersion1GoldenFileStillLoads() throws IOException {
    String golden = Files.readString(GOLDEN_V1, StandardCharsets.UTF_8);

    assertThat(RegistryCodec.decode(golden, "golden"))
        .isEqualTo(new RegistryVersion(3, APPLIED_AT, Fixtures.repositoryV1()));
  }

  @Test
  void formatVersion2GoldenFileStillLoads() throws IOException {
    assertThat(RegistryCodec.decode(golden(), "golden")).isEqualTo(VERSION_V2);
  }

  @Test
  void formatVersion3GoldenFileStillLoadsWithTheDefaultDegradedMargin() throws IOException {
    assertThat(RegistryCodec.decode(goldenV3(), "golden")).isEqualTo(VERSION_V3);
  }

  @Test
  void formatVersion4GoldenFileStillLoadsWithTheDefaultCalibration() throws IOException {
    assertThat(RegistryCodec.decode(goldenV4(), "golden")).isEqualTo(VERSION_V4);
  }

  @Test
  void formatVersion5GoldenFileStillLoadsWithIsoTimestampsAndCommas() throws IOException {
    assertThat(RegistryCodec.decode(goldenV5(), "golden")).isEqualTo(VERSION_V5);
  }

  @Test
  void formatVersion6GoldenFileLoads() throws IOException {
    assertThat(RegistryCodec.decode(goldenV6(), "golden")).isEqualTo(VERSION);
  }

  @Test
  void encodingIsByteForByteTheGoldenFile() throws IOException {
    assertThat(RegistryCodec.encode(VERSION)).isEqualTo(goldenV6());
  }

  @Test
  void calibrationSettingsInFormatVersion4AreRefused() throws IOException {
    String json = goldenV5().replace("\"format_version\": 5", "\"format_version\": 4");

    assertThatThrownBy(() -> RegistryCodec.decode(json, "r.json"))
        .hasMessageStartingWith("r.json: model_monitors[0].drift.alpha: unknown key");
  }

  @Test
  void aKeyOfALaterVersionIsReportedWithTheKeysOfTheDocumentsVersionInReadingOrder()
      throws IOException {
    String json = goldenV5().replace("\"format_version\": 5", "\"format_version\": 4");
    String alsoBadType = json.replace("\"type\": \"int64\"", "\"type\": \"int32\"");

    assertThatThrownBy(() -> RegistryCodec.decode(json, "r.json"))
        .hasMessage(
            "r.json: model_monitors[0].drift.alpha: unknown key: expected one of method,"
                + " threshold, features");
    // the entities come before the monitors: their error is the one reported
    assertThatThrownBy(() -> RegistryCodec.decode(alsoBadType, "r.json"))
        .hasMessageStartingWith(
            "r.json: entities[0].join_keys[0].type: cannot be read: unknown value type 'int32'");
  }

  @Test
  void aDegradedMarginInFormatVersion3IsRefused() throws IOException {
    String json = goldenV4().replace("\"format_version\": 4", "\"format_version\": 3");

    assertThatThrownBy(() -> RegistryCodec.decode(json, "r.json"))
        .hasMessageStartingWith("r.json: model_monitors[0].labels.degraded_margin: unknown key");
  }

  @Test
  void modelMonitorsInFormatVersion2AreRefused() throws IOException {
    String json = goldenV3().replace("\"format_version\": 3", "\"format_version\": 2");

    assertThatThrownBy(() -> RegistryCodec.decode(json, "r.json"))
        .hasMessageStartingWith("r.json: model_monitors: unknown key");
  }

  @Test
  void formatVersion2KeysInFormatVersion1AreRefused() throws IOException {
    String json = golden().replace("\"format_version\": 2", "\"format_version\": 1");
    String noBatchSource = json.replace("\"batch_source\": \"trips_file\",", "");

    assertThatThrownBy(() -> RegistryCodec.decode(json, "r.json"))
        .hasMessageStartingWith("r.json: sources[1].batch_source: unknown key");
    assertThatThrownBy(() -> RegistryCodec.decode(noBatchSource, "r.json"))
        .hasMessageStartingWith("r.json: feature_views[0].stream: unknown key");
  }

  @Test
  void encodeThenDecodeGivesTheSameVersion() {
    assertThat(RegistryCodec.decode(RegistryCodec.encode(VERSION), "x")).isEqualTo(VERSION);
  }

  @Test
  void aLaterFormatVersionIsRefused() throws IOException {
    String json = goldenV6().replace("\"format_version\": 6", "\"format_version\": 7");

    assertThatThrownBy(() -> RegistryCodec.decode(json, "registry.json"))
        .isInstanceOf(RegistryException.class)
        .hasMessage(
            "registry.json: format_version: this featurewatch reads format versions 1 to 6 (a"
                + " newer featurewatch wrote this one?), found 7");
  }

  @Test
  void anotherFormatIsRefused() throws IOException {
    String json = golden().replace("featurewatch-registry", "feast-registry");

    assertThatThrownBy(() -> RegistryCodec.decode(json, "registry.json"))
        .hasMessage(
            "registry.json: format: must be 'featurewatch-registry', found 'feast-registry'");
  }

  @Test
  void unknownAndMissingKeysAreRefusedWithTheirPath() throws IOException {
    String unknown =
        golden().replace("\"owner\": \"ml@example.com\"", "\"owner\": \"x\", \"team\": \"y\"");
    String missing = golden().replace("\"online\": true,", "");

    assertThatThrownBy(() -> RegistryCodec.decode(unknown, "r.json"))
        .hasMessageStartingWith(
            "r.json: feature_views[0].team: unknown key: expected one of name,");
    assertThatThrownBy(() -> RegistryCodec.decode(missing, "r.json"))
        .hasMessage("r.json: feature_views[0].online: required, missing");
  }

  @Test
  void invalidValuesAreRefusedWithTheirPath() throws IOException {
    String badType = golden().replace("\"type\": \"int64\"", "\"type\": \"int32\"");
    String badTtl = golden().replace("\"ttl\": \"PT24H\"", "\"ttl\": \"-PT1H\"");

    assertThatThrownBy(() -> RegistryCodec.decode(badType, "r.json"))
        .hasMessageStartingWith(
            "r.json: entities[0].join_keys[0].type: cannot be read: unknown value type 'int32'");
    assertThatThrownBy(() -> RegistryCodec.decode(badTtl, "r.json"))
        .hasMessage(
            "r.json: feature_views[0]: feature view 'driver_stats': ttl must be zero (no limit) or"
                + " positive: PT-1H");
    assertThatThrownBy(() -> RegistryCodec.decode("{", "r.json"))
        .hasMessageStartingWith("r.json: not valid JSON");
  }

  private static String golden() throws IOException {
    return Files.readString(GOLDEN_V2, StandardCharsets.UTF_8);
  }

  private static String goldenV3() throws IOException {
    return Files.readString(GOLDEN_V3, StandardCharsets.UTF_8);
  }

  private static String goldenV4() throws IOException {
    return Files.readString(GOLDEN_V4, StandardCharsets.UTF_8);
  }

  private static String goldenV5() throws IOException {
    return Files.readString(GOLDEN_V5, StandardCharsets.UTF_8);
  }

  private static String goldenV6() throws IOException {
    return Files.readString(GOLDEN_V6, StandardCharsets.UTF_8);
  }
}
