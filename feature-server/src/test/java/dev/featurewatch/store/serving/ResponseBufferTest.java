package dev.featurewatch.store.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The answer's hand-written JSON against Jackson, the writer it replaced: the same bytes where
 * Jackson's are UTF-8 as written, and read back by Jackson's parser as the same values everywhere.
 */
class ResponseBufferTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Characters a string feature or join key may hold, weighted towards the ones escaped. */
  private static final char[] ALPHABET =
      ("abcXYZ019 _-:/.\"\\\u0000\u0001\u001f\u007f\b\t\n\f\r"
              + "\u00e9\u00df\u07ff\u0800\u20ac\u4e2d\ufeff\uffff")
          .toCharArray();

  private static byte[] ours(String text) {
    ResponseBuffer out = new ResponseBuffer();
    out.string(text);
    return Arrays.copyOf(out.array(), out.length());
  }

  private static byte[] jacksons(String text) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator out = JSON.getFactory().createGenerator(bytes)) {
      out.writeString(text);
    }
    return bytes.toByteArray();
  }

  private static String randomString(SplittableRandom random, boolean surrogates) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(12);
    for (int i = 0; i < length; i++) {
      int pick = random.nextInt(surrogates ? ALPHABET.length + 3 : ALPHABET.length);
      if (pick < ALPHABET.length) {
        text.append(ALPHABET[pick]);
      } else if (pick == ALPHABET.length) {
        text.appendCodePoint(0x1F600 + random.nextInt(0x50)); // a pair
      } else {
        // a lone high or low surrogate
        text.append((char) (pick == ALPHABET.length + 1 ? 0xD800 : 0xDC00 + random.nextInt(99)));
      }
    }
    return text.toString();
  }

  @Test
  void escapesStringsAsJacksonDoes() throws Exception {
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 200_000; i++) {
      String text = randomString(random, false);
      assertThat(new String(ours(text), StandardCharsets.UTF_8))
          .as("%s", text.chars().mapToObj(Integer::toHexString).toList())
          .isEqualTo(new String(jacksons(text), StandardCharsets.UTF_8));
    }
  }

  /**
   * Jackson escapes every surrogate, pairs included; we write a pair as the 4-byte UTF-8 sequence
   * of its code point and escape only the lone ones. Both read back as the string written.
   */
  @Test
  void writesSurrogatePairsAsUtf8AndEscapesLoneOnes() throws Exception {
    assertThat(new String(ours("a\ud83d\ude00b"), StandardCharsets.UTF_8))
        .isEqualTo("\"a\ud83d\ude00b\"");
    assertThat(new String(ours("\ud800x\udc05"), StandardCharsets.US_ASCII))
        .isEqualTo("\"\\uD800x\\uDC05\"");

    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 100_000; i++) {
      String text = randomString(random, true);
      byte[] written = ours(text);
      strictUtf8(written);
      assertThat(JSON.readTree(written).textValue()).isEqualTo(text);
    }
  }

  private static void strictUtf8(byte[] bytes) throws CharacterCodingException {
    StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes));
  }

  @Test
  void writesLongsAsLongToStringDoes() {
    SplittableRandom random = new SplittableRandom(11);
    List<Long> values =
        new ArrayList<>(
            List.of(0L, 1L, -1L, 9L, 10L, -10L, 999_999_999_999_999_999L, Long.MAX_VALUE));
    values.add(Long.MIN_VALUE);
    values.add(Long.MIN_VALUE + 1);
    for (int i = 0; i < 100_000; i++) {
      values.add(random.nextLong() >> random.nextInt(64));
    }
    for (long v : values) {
      ResponseBuffer out = new ResponseBuffer();
      out.number(v);
      assertThat(new String(out.array(), 0, out.length(), StandardCharsets.US_ASCII))
          .isEqualTo(Long.toString(v));
    }
  }

  /** Every value type of a feature, written as Jackson writes its Java value. */
  @Test
  void writesFeatureValuesAsJacksonDoes() throws Exception {
    List<Object> values =
        Arrays.asList(
            null,
            true,
            false,
            42L,
            -7L,
            0.1 + 0.2,
            1e21,
            -0.0,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            "caf\u00e9 \"quoted\"\n",
            List.of(),
            List.of(1.5, -2.0, 3e-9));
    for (Object value : values) {
      ResponseBuffer out = new ResponseBuffer();
      JsonValues.write(value, out);
      assertThat(new String(out.array(), 0, out.length(), StandardCharsets.UTF_8))
          .as("%s", value)
          .isEqualTo(JSON.writeValueAsString(value));
    }
    ResponseBuffer time = new ResponseBuffer();
    JsonValues.write(Instant.parse("2021-12-31T23:00:00.250Z"), time);
    assertThat(new String(time.array(), 0, time.length(), StandardCharsets.US_ASCII))
        .isEqualTo("\"2021-12-31T23:00:00.250Z\"");
  }

  @Test
  void growsAndGivesBackLargeArrays() {
    ResponseBuffer out = new ResponseBuffer();
    String text = "x".repeat(ResponseBuffer.MAX_KEPT);
    out.string(text);
    assertThat(out.length()).isEqualTo(text.length() + 2);
    assertThat(out.array()[out.length() - 1]).isEqualTo((byte) '"');

    out.reset();
    assertThat(out.length()).isZero();
    assertThat(out.array().length).isLessThanOrEqualTo(ResponseBuffer.MAX_KEPT);
  }
}
