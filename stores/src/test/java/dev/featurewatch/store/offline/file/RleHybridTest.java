package dev.featurewatch.store.offline.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.apache.parquet.io.ParquetDecodingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link RleHybrid} against parquet-java's encoder of the same format. */
class RleHybridTest {

  private static ByteBuffer encode(int bitWidth, int[] values) throws IOException {
    try (RunLengthBitPackingHybridEncoder encoder =
        new RunLengthBitPackingHybridEncoder(
            bitWidth, 64, 1 << 20, HeapByteBufferAllocator.getInstance())) {
      for (int value : values) {
        encoder.writeInt(value);
      }
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      encoder.toBytes().writeAllTo(out);
      return ByteBuffer.wrap(out.toByteArray());
    }
  }

  /** Runs of one value (encoded as RLE runs) between stretches of random ones (bit-packed). */
  private static int[] values(int bitWidth, int count, long seed) {
    Random random = new Random(seed);
    int[] values = new int[count];
    int i = 0;
    while (i < count) {
      int value = bitWidth == 0 ? 0 : random.nextInt() >>> (32 - bitWidth);
      int run = random.nextBoolean() ? 1 + random.nextInt(40) : 1;
      for (int r = 0; r < run && i < count; r++) {
        values[i++] = run == 1 && bitWidth > 0 ? random.nextInt() >>> (32 - bitWidth) : value;
      }
    }
    return values;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 7, 8, 9, 13, 17, 24, 31})
  void decodesWhatParquetJavaEncodes(int bitWidth) throws IOException {
    for (int count : new int[] {1, 7, 8, 9, 1_000, 4_099}) {
      int[] values = values(bitWidth, count, 31L * count + bitWidth);
      ByteBuffer encoded = encode(bitWidth, values);
      int[] decoded = new int[count];

      RleHybrid.decode(encoded, bitWidth, decoded, count);

      assertThat(decoded).as("%d values of %d bits", count, bitWidth).isEqualTo(values);
      assertThat(encoded.remaining()).isZero();
    }
  }

  /**
   * Values are unpacked with 8-byte reads: the same in a little-endian buffer, and from runs in the
   * middle of a larger buffer, whose bytes after the runs must not matter.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 5, 17, 32})
  void decodesFromAnyByteOrderAndOffset(int bitWidth) throws IOException {
    int[] values = values(bitWidth, 1_001, bitWidth);
    ByteBuffer encoded = encode(bitWidth, values);
    ByteBuffer framed = ByteBuffer.allocate(encoded.remaining() + 20);
    framed.put(new byte[] {-1, -1, -1}).put(encoded);
    framed.put(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1});
    framed.position(3).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    int[] decoded = new int[values.length];

    RleHybrid.decode(framed, bitWidth, decoded, values.length);

    assertThat(decoded).isEqualTo(values);
    assertThat(framed.remaining()).isEqualTo(17);
  }

  @Test
  void decodesAPrefixOfTheValues() throws IOException {
    int[] values = values(5, 100, 3);
    int[] decoded = new int[40];

    RleHybrid.decode(encode(5, values), 5, decoded, 40);

    assertThat(decoded).isEqualTo(java.util.Arrays.copyOf(values, 40));
  }

  @Test
  void runsEndingBeforeTheValuesAskedAreRefused() throws IOException {
    ByteBuffer encoded = encode(3, values(3, 20, 5));

    assertThatThrownBy(() -> RleHybrid.decode(encoded, 3, new int[30], 30))
        .isInstanceOf(ParquetDecodingException.class)
        .hasMessageContaining("of 30 values");
  }
}
