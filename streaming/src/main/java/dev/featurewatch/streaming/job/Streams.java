package dev.featurewatch.streaming.job;

import dev.featurewatch.annotation.Internal;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Helpers for building the jobs' graphs. */
@Internal
public final class Streams {

  private Streams() {}

  /**
   * One stream of all of {@code streams}'s elements: the first itself when it is alone.
   *
   * @throws IllegalArgumentException when there is none
   */
  public static <T> DataStream<T> union(List<DataStream<T>> streams) {
    if (streams.isEmpty()) {
      throw new IllegalArgumentException("a union needs at least one stream");
    }
    DataStream<T> first = streams.get(0);
    if (streams.size() == 1) {
      return first;
    }
    // Java cannot make a DataStream<T>[]; this one holds only the streams of T given
    @SuppressWarnings("unchecked")
    DataStream<T>[] rest = streams.subList(1, streams.size()).toArray(DataStream[]::new);
    return first.union(rest);
  }
}
