package dev.featurewatch.store.offline.file;

import dev.featurewatch.store.offline.parquet.ParquetCodecs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.Page;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputDecompressor;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.DataPageHeaderV2;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.Util;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ParquetDecodingException;

/**
 * One row group of a local Parquet file whose column chunks are memory-mapped: a page of an
 * uncompressed chunk is a slice of the mapping, decoded where the page cache holds it, with no read
 * into the heap (parquet-java's reader copies each chunk into a heap array, a humongous one for G1
 * at 1 MB and more, and that copy and its collection cost as much as decoding the pages).
 * Compressed pages are decompressed one at a time into the heap, as parquet-java does, or into a
 * {@link PageBuffer} the reader reuses. The mapping is read by Java code only, never handed to a
 * native decompressor: a file truncated while it is read then fails the read (see {@link
 * ParquetBatches#next}) rather than the JVM.
 *
 * <p>Only a chunk asked for is mapped. The mappings are released when no page refers to them any
 * more (the JDK unmaps a buffer when it is collected); the file may be closed meanwhile. Page CRCs
 * are not checked (parquet-java does not by default), and page statistics are not read: readers
 * here use the chunk's. Encrypted files are refused by the footer's reader before this.
 */
final class MappedRowGroup implements PageReadStore {

  private static final ParquetMetadataConverter CONVERTER = new ParquetMetadataConverter();

  private final Path file;
  private final FileChannel channel;
  private final long rows;
  private final Map<String, ColumnChunkMetaData> chunks = new HashMap<>();

  /**
   * @param channel the file, open for reading; not closed here
   */
  MappedRowGroup(Path file, FileChannel channel, BlockMetaData group) {
    this.file = file;
    this.channel = channel;
    this.rows = group.getRowCount();
    for (ColumnChunkMetaData chunk : group.getColumns()) {
      chunks.put(chunk.getPath().toDotString(), chunk);
    }
  }

  @Override
  public long getRowCount() {
    return rows;
  }

  @Override
  public PageReader getPageReader(ColumnDescriptor descriptor) {
    return getPageReader(descriptor, null);
  }

  /**
   * The pages of a column, each decompressed into {@code reuse}, over the page before it (if not
   * null): for a reader done with each page, dictionary included, before it asks for the next.
   */
  PageReader getPageReader(ColumnDescriptor descriptor, PageBuffer reuse) {
    String path = String.join(".", descriptor.getPath());
    ColumnChunkMetaData chunk = chunks.get(path);
    if (chunk == null) {
      throw new ParquetDecodingException(file + ": the row group has no column chunk " + path);
    }
    long start = chunk.getStartingPos();
    long size = chunk.getTotalSize();
    if (size > Integer.MAX_VALUE) {
      throw new ParquetDecodingException(
          file + ": column chunk " + path + " of " + size + " bytes: at most 2 GiB can be read");
    }
    MappedByteBuffer mapped;
    try {
      mapped = channel.map(FileChannel.MapMode.READ_ONLY, start, size);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot map column chunk " + path, e);
    }
    return new Pages(descriptor, chunk, mapped, reuse);
  }

  /** The pages of one column chunk, read in order from its mapping. */
  private final class Pages implements PageReader {
    private final ColumnDescriptor descriptor;
    private final ColumnChunkMetaData chunk;
    private final ByteBuffer bytes;
    private final CompressionCodecName codec;
    private final BytesInputDecompressor decompressor;
    private final PageBuffer reuse;
    private final Statistics<?> noStatistics;
    private long valuesLeft;
    // a data page read while looking for the dictionary page, not yet returned
    private DataPage pending;

    Pages(
        ColumnDescriptor descriptor,
        ColumnChunkMetaData chunk,
        ByteBuffer bytes,
        PageBuffer reuse) {
      this.descriptor = descriptor;
      this.chunk = chunk;
      this.bytes = bytes;
      this.reuse = reuse;
      this.codec = chunk.getCodec();
      this.decompressor =
          codec == CompressionCodecName.UNCOMPRESSED
              ? null
              : ParquetCodecs.INSTANCE.getDecompressor(codec);
      this.noStatistics = Statistics.createStats(descriptor.getPrimitiveType());
      this.valuesLeft = chunk.getValueCount();
    }

    @Override
    public long getTotalValueCount() {
      return chunk.getValueCount();
    }

    @Override
    public DictionaryPage readDictionaryPage() {
      if (bytes.position() != 0 || pending != null) {
        return null; // only a chunk's first page may be its dictionary
      }
      Page first = next();
      if (first instanceof DictionaryPage dictionary) {
        return dictionary;
      }
      pending = (DataPage) first;
      return null;
    }

    @Override
    public DataPage readPage() {
      if (pending != null) {
        DataPage page = pending;
        pending = null;
        return page;
      }
      while (true) {
        Page page = next();
        if (page == null || page instanceof DataPage) {
          return (DataPage) page;
        }
        // a dictionary page after the first: not data, skipped
      }
    }

    /** The next data or dictionary page (index pages skipped), or null after the last. */
    private Page next() {
      Page page = null;
      while (page == null && valuesLeft > 0 && bytes.hasRemaining()) {
        page = nextOfAnyType();
      }
      return page;
    }

    /** The next page, or null for an index page. */
    private Page nextOfAnyType() {
      try {
        ByteBufferInputStream in = ByteBufferInputStream.wrap(bytes);
        PageHeader header = Util.readPageHeader(in);
        bytes.position(bytes.position() + (int) in.position());
        int compressedSize = header.getCompressed_page_size();
        int uncompressedSize = header.getUncompressed_page_size();
        if (compressedSize < 0 || compressedSize > bytes.remaining()) {
          throw new ParquetDecodingException(
              file
                  + ": column chunk "
                  + descriptor
                  + ": a page of "
                  + compressedSize
                  + " bytes where "
                  + bytes.remaining()
                  + " are left");
        }
        ByteBuffer body = bytes.slice().limit(compressedSize);
        bytes.position(bytes.position() + compressedSize);
        switch (header.getType()) {
          case DICTIONARY_PAGE -> {
            var dictionary = header.getDictionary_page_header();
            return new DictionaryPage(
                decompress(body, uncompressedSize),
                uncompressedSize,
                dictionary.getNum_values(),
                encoding(dictionary.getEncoding()));
          }
          case DATA_PAGE -> {
            DataPageHeader data = header.getData_page_header();
            valuesLeft -= data.getNum_values();
            return new DataPageV1(
                decompress(body, uncompressedSize),
                data.getNum_values(),
                uncompressedSize,
                noStatistics,
                encoding(data.getRepetition_level_encoding()),
                encoding(data.getDefinition_level_encoding()),
                encoding(data.getEncoding()));
          }
          case DATA_PAGE_V2 -> {
            DataPageHeaderV2 data = header.getData_page_header_v2();
            valuesLeft -= data.getNum_values();
            int repetition = data.getRepetition_levels_byte_length();
            int definition = data.getDefinition_levels_byte_length();
            BytesInput repetitionLevels = BytesInput.from(body.slice(0, repetition));
            BytesInput definitionLevels = BytesInput.from(body.slice(repetition, definition));
            ByteBuffer values =
                body.slice(repetition + definition, compressedSize - repetition - definition);
            BytesInput valueBytes =
                data.isIs_compressed()
                    ? decompress(values, uncompressedSize - repetition - definition)
                    : BytesInput.from(values);
            return DataPageV2.uncompressed(
                data.getNum_rows(),
                data.getNum_nulls(),
                data.getNum_values(),
                repetitionLevels,
                definitionLevels,
                encoding(data.getEncoding()),
                valueBytes,
                noStatistics);
          }
          default -> {
            return null; // an index page
          }
        }
      } catch (IOException e) {
        throw new ParquetDecodingException(
            file + ": column chunk " + descriptor + ": cannot read a page: " + e.getMessage(), e);
      }
    }

    private BytesInput decompress(ByteBuffer compressed, int uncompressedSize) throws IOException {
      if (decompressor == null) {
        return BytesInput.from(compressed);
      }
      if (reuse == null) {
        return decompressor.decompress(BytesInput.from(compressed), uncompressedSize);
      }
      ByteBuffer page = reuse.page(uncompressedSize);
      ParquetCodecs.decompress(codec, reuse.compressed(compressed), page);
      return BytesInput.from(page);
    }
  }

  private static Encoding encoding(org.apache.parquet.format.Encoding encoding) {
    return CONVERTER.getEncoding(encoding);
  }
}
