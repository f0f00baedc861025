package dev.featurewatch.monitoring.writeback;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * What one model version's tags should show, as the write-back last heard it: the {@code all}
 * series' last drift result's tags and last complete performance's, and whether that performance
 * was degraded. The write-back's checkpointed state, one per version.
 *
 * @param monitor the monitor whose tag writer writes them
 * @param drift {@link MonitoringTags#of} the last window; empty before the first
 * @param performance {@link MonitoringTags#ofPerformance} the last complete window; empty before
 * @param degraded whether that performance was degraded
 */
record VersionTags(
    String monitor,
    String model,
    String version,
    Map<String, String> drift,
    Map<String, String> performance,
    boolean degraded) {

  VersionTags {
    drift = Map.copyOf(drift);
    performance = Map.copyOf(performance);
  }

  /** The tags the version shows: the drift's, the performance's, the status degraded if it is. */
  Map<String, String> tags() {
    Map<String, String> tags = new LinkedHashMap<>(drift);
    tags.putAll(performance);
    if (degraded) {
      tags.put(MonitoringTags.STATUS, MonitoringTags.DEGRADED);
    }
    return tags;
  }

  /** Whether a drift window ending at {@code end} is newer than the last one. */
  boolean newerDrift(Instant end) {
    String last = drift.get(MonitoringTags.LAST_WINDOW);
    return last == null || end.isAfter(Instant.parse(last));
  }

  /** Whether a complete performance window ending at {@code end} is newer than the last one. */
  boolean newerPerformance(Instant end) {
    String last = performance.get(MonitoringTags.PERFORMANCE_WINDOW);
    return last == null || end.isAfter(Instant.parse(last));
  }

  /**
   * Version 1: monitor, model and version (modified UTF-8), the drift tags and the performance tags
   * (each a count, then key and value pairs), the degraded flag (a byte).
   */
  static final class Serializer implements SimpleVersionedSerializer<VersionTags> {

    static final int VERSION = 1;

    @Override
    public int getVersion() {
      return VERSION;
    }

    @Override
    public byte[] serialize(VersionTags tags) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeUTF(tags.monitor());
        out.writeUTF(tags.model());
        out.writeUTF(tags.version());
        write(out, tags.drift());
        write(out, tags.performance());
        out.writeBoolean(tags.degraded());
      }
      return bytes.toByteArray();
    }

    @Override
    public VersionTags deserialize(int version, byte[] serialized) throws IOException {
      if (version != VERSION) {
        throw new IOException(
            "write-back state: version must be " + VERSION + ", found " + version);
      }
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
        return new VersionTags(
            in.readUTF(), in.readUTF(), in.readUTF(), read(in), read(in), in.readBoolean());
      }
    }

    private static void write(DataOutputStream out, Map<String, String> tags) throws IOException {
      out.writeInt(tags.size());
      for (Map.Entry<String, String> tag : tags.entrySet()) {
        out.writeUTF(tag.getKey());
        out.writeUTF(tag.getValue());
      }
    }

    private static Map<String, String> read(DataInputStream in) throws IOException {
      int size = in.readInt();
      Map<String, String> tags = new LinkedHashMap<>();
      for (int i = 0; i < size; i++) {
        tags.put(in.readUTF(), in.readUTF());
      }
      return tags;
    }
  }
}
