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
 * was degraded; and the tags last due to be written ({@link TagWriter}), which the registry shows
 * once the writer has caught up. The write-back's checkpointed state, one per version.
 *
 * @param monitor the monitor whose tag writer writes them
 * @param drift {@link MonitoringTags#of} the last window; empty before the first
 * @param performance {@link MonitoringTags#ofPerformance} the last complete window; empty before
 * @param degraded whether that performance was degraded
 * @param due the tags last due; empty before the first
 */
record VersionTags(
    String monitor,
    String model,
    String version,
    Map<String, String> drift,
    Map<String, String> performance,
    boolean degraded,
    Map<String, String> due) {

  VersionTags {
    drift = Map.copyOf(drift);
    performance = Map.copyOf(performance);
    due = Map.copyOf(due);
  }

  /** These tags, with {@code due} as the tags last due. */
  VersionTags withDue(Map<String, String> due) {
    return new VersionTags(monitor, model, version, drift, performance, degraded, due);
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
   * Version 2: monitor, model and version (modified UTF-8), the drift tags and the performance tags
   * (each a count, then key and value pairs), the degraded flag (a byte), the tags last due (as the
   * others). Version 1, without the last, reads as if the tags it shows were the last due.
   */
  static final class Serializer implements SimpleVersionedSerializer<VersionTags> {

    static final int VERSION = 2;

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
        write(out, tags.due());
      }
      return bytes.toByteArray();
    }

    @Override
    public VersionTags deserialize(int version, byte[] serialized) throws IOException {
      if (version != 1 && version != VERSION) {
        throw new IOException(
            "write-back state: version must be 1 or " + VERSION + ", found " + version);
      }
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
        VersionTags tags =
            new VersionTags(
                in.readUTF(),
                in.readUTF(),
                in.readUTF(),
                read(in),
                read(in),
                in.readBoolean(),
                Map.of());
        return tags.withDue(version == 1 ? tags.tags() : read(in));
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
