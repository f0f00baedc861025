package dev.featurewatch.streaming.sink;

import dev.featurewatch.annotation.Internal;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Lines (dead letters, monitoring results) appended to {@code <dir>/<prefix>-<subtask>.jsonl},
 * forced to disk at every checkpoint. At least once: after a restore, the lines since the last
 * checkpoint are written again.
 */
@Internal
public final class JsonLinesFileSink implements Sink<String> {

  private static final long serialVersionUID = 1L;

  private final String directory;
  private final String prefix;

  /**
   * @param prefix the files' name before the subtask's number: {@code dead-letters}, ...
   */
  public JsonLinesFileSink(Path directory, String prefix) {
    this.directory = directory.toString();
    this.prefix = prefix;
  }

  @Override
  public SinkWriter<String> createWriter(WriterInitContext context) throws IOException {
    Path dir = Path.of(directory);
    Files.createDirectories(dir);
    Path file =
        dir.resolve(prefix + "-" + context.getTaskInfo().getIndexOfThisSubtask() + ".jsonl");
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    BufferedWriter out =
        new BufferedWriter(
            new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8));
    return new SinkWriter<>() {
      @Override
      public void write(String line, Context context) throws IOException {
        out.write(line);
        out.write('\n');
      }

      @Override
      public void flush(boolean endOfInput) throws IOException {
        out.flush();
        channel.force(false);
      }

      @Override
      public void close() throws IOException {
        out.close();
      }
    };
  }
}
