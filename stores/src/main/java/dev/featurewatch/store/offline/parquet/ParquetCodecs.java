package dev.featurewatch.store.offline.parquet;

import com.github.luben.zstd.Zstd;
import dev.featurewatch.annotation.Internal;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Parquet's page codecs without Hadoop: parquet-java's own factory builds Hadoop codecs, which need
 * a Hadoop {@code Configuration} and with it most of Hadoop's dependencies. These call the
 * compression libraries parquet-java already brings (snappy-java, zstd-jni, aircompressor) and the
 * JDK's deflate.
 *
 * <p>Reads uncompressed, Snappy, gzip, zstd and LZ4 (raw) pages: what pandas, pyarrow, DuckDB,
 * Spark and Feast write. Other codecs (Brotli, LZO, the deprecated framed LZ4) fail with an error
 * naming the codec.
 */
@Internal
public final class ParquetCodecs implements CompressionCodecFactory {

  /** One shared instance: the codecs hold no state. */
  public static final ParquetCodecs INSTANCE = new ParquetCodecs();

  private ParquetCodecs() {}

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    supported(codec);
    return new BytesInputCompressor() {
      @Override
      public BytesInput compress(BytesInput bytes) throws IOException {
        return codec == CompressionCodecName.UNCOMPRESSED
            ? bytes
            : BytesInput.from(ParquetCodecs.compress(codec, bytes(bytes)));
      }

      @Override
      public CompressionCodecName getCodecName() {
        return codec;
      }

      @Override
      public void release() {}
    };
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    supported(codec);
    return new BytesInputDecompressor() {
      @Override
      public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
        if (codec == CompressionCodecName.UNCOMPRESSED) {
          return bytes;
        }
        // the page as read is one heap buffer: decompressed from its array, not a copy
        ByteBuffer in = bytes.toInputStream().slice(Math.toIntExact(bytes.size()));
        if (!in.hasArray()) {
          byte[] copy = new byte[in.remaining()];
          in.get(copy);
          in = ByteBuffer.wrap(copy);
        }
        return BytesInput.from(
            ParquetCodecs.decompress(
                codec,
                in.array(),
                in.arrayOffset() + in.position(),
                in.remaining(),
                uncompressedSize));
      }

      @Override
      public void decompress(
          ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
          throws IOException {
        byte[] in = new byte[compressedSize];
        input.get(in);
        output.put(
            codec == CompressionCodecName.UNCOMPRESSED
                ? in
                : ParquetCodecs.decompress(codec, in, 0, in.length, uncompressedSize));
      }

      @Override
      public void release() {}
    };
  }

  @Override
  public void release() {}

  private static byte[] bytes(BytesInput bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.toIntExact(bytes.size()));
    bytes.writeAllTo(out);
    return out.toByteArray();
  }

  private static void supported(CompressionCodecName codec) {
    switch (codec) {
      case UNCOMPRESSED, SNAPPY, GZIP, ZSTD, LZ4_RAW -> {}
      default ->
          throw new UnsupportedOperationException(
              "Parquet codec "
                  + codec
                  + " is not supported (supported: UNCOMPRESSED, SNAPPY, GZIP, ZSTD, LZ4_RAW)");
    }
  }

  private static byte[] compress(CompressionCodecName codec, byte[] in) throws IOException {
    return switch (codec) {
      case SNAPPY -> Snappy.compress(in);
      case ZSTD -> Zstd.compress(in);
      case GZIP -> {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length / 2 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
          gzip.write(in);
        }
        yield out.toByteArray();
      }
      case LZ4_RAW -> {
        Lz4Compressor lz4 = new Lz4Compressor();
        byte[] out = new byte[lz4.maxCompressedLength(in.length)];
        int length = lz4.compress(in, 0, in.length, out, 0, out.length);
        yield java.util.Arrays.copyOf(out, length);
      }
      default -> throw new IllegalStateException("unreachable: " + codec);
    };
  }

  /**
   * Decompresses the remaining bytes of {@code in} into {@code out}, whose {@code remaining()} is
   * the page's uncompressed size. Direct buffers (a mapped page into a reused buffer) go straight
   * through Snappy and zstd; the other codecs, through arrays.
   *
   * @throws IOException the bytes do not decompress to exactly that size
   */
  public static void decompress(CompressionCodecName codec, ByteBuffer in, ByteBuffer out)
      throws IOException {
    int size = out.remaining();
    long length;
    if (codec == CompressionCodecName.SNAPPY && in.isDirect() && out.isDirect()) {
      length = Snappy.uncompress(in.slice(), out.slice());
    } else if (codec == CompressionCodecName.ZSTD && in.isDirect() && out.isDirect()) {
      length =
          Zstd.decompressDirectByteBuffer(
              out, out.position(), size, in, in.position(), in.remaining());
      if (Zstd.isError(length)) {
        throw new IOException("ZSTD page: " + Zstd.getErrorName(length));
      }
    } else {
      byte[] compressed = new byte[in.remaining()];
      in.slice().get(compressed);
      byte[] page = decompress(codec, compressed, 0, compressed.length, size);
      out.slice().put(page);
      length = page.length;
    }
    if (length != size) {
      throw new IOException(
          codec + " page: expected " + size + " bytes after decompression, found " + length);
    }
  }

  private static byte[] decompress(
      CompressionCodecName codec, byte[] in, int offset, int inLength, int size)
      throws IOException {
    byte[] out = new byte[size];
    int length =
        switch (codec) {
          case SNAPPY -> Snappy.uncompress(in, offset, inLength, out, 0);
          case ZSTD -> (int) Zstd.decompressByteArray(out, 0, size, in, offset, inLength);
          case GZIP -> {
            try (GZIPInputStream gzip =
                new GZIPInputStream(new java.io.ByteArrayInputStream(in, offset, inLength))) {
              yield gzip.readNBytes(out, 0, size);
            }
          }
          case LZ4_RAW -> new Lz4Decompressor().decompress(in, offset, inLength, out, 0, size);
          default -> throw new IllegalStateException("unreachable: " + codec);
        };
    if (length != size) {
      throw new IOException(
          codec + " page: expected " + size + " bytes after decompression, found " + length);
    }
    return out;
  }
}
