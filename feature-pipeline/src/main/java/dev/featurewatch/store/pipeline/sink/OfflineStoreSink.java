package dev.featurewatch.store.pipeline.sink;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.offline.OfflineStore.StagedFile;
import dev.featurewatch.store.pipeline.PipelineMetrics;
import dev.featurewatch.store.row.FeatureRow;
import dev.featurewatch.streaming.metrics.JobMetrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Writes feature rows to the offline store exactly once, in two phases: at each checkpoint a writer
 * stages the rows since the last one as hidden Arrow files (named with the checkpoint id); when the
 * checkpoint completes, the committer renames them into place. A restart from a checkpoint
 * re-commits that checkpoint's files (a rename already done is skipped) and discards the staged
 * files of later checkpoints, whose rows the restarted job computes again: no partial file is ever
 * visible, and no row lands twice.
 *
 * <p>Rows wait in memory until the next checkpoint: the checkpoint interval bounds both the delay
 * to the offline store and the memory. Without checkpoints (a bounded replay), everything is
 * committed at the end of the input.
 */
@Internal
public final class OfflineStoreSink implements Sink<FeatureRow>, SupportsCommitter<StagedFile> {

  private static final long serialVersionUID = 1L;

  private final String root;
  private final Map<String, FeatureView> views;
  private final Map<String, List<Field>> joinKeys;

  /**
   * @param root the offline store's directory
   * @param views the views whose rows arrive
   * @param joinKeys per view name, its join keys
   */
  public OfflineStoreSink(String root, List<FeatureView> views, Map<String, List<Field>> joinKeys) {
    this.root = root;
    this.views = new LinkedHashMap<>();
    views.forEach(v -> this.views.put(v.name(), v));
    this.joinKeys = new LinkedHashMap<>(joinKeys);
  }

  @Override
  public CommittingSinkWriter<FeatureRow, StagedFile> createWriter(WriterInitContext context) {
    OfflineStore store = new OfflineStore(Path.of(root));
    OptionalLong restored = context.getRestoredCheckpointId();
    if (context.getTaskInfo().getIndexOfThisSubtask() == 0) {
      // staged files of checkpoints after the restored one never completed, or will be replayed;
      // no subtask stages anything before the first checkpoint of this run, so this cannot race
      long after = restored.orElse(0);
      for (String view : views.keySet()) {
        store.discardStaged(view, batch -> batch > after);
      }
    }
    return new Writer(
        store,
        views,
        joinKeys,
        restored.orElse(0),
        JobMetrics.shared(PipelineMetrics.class, PipelineMetrics::new));
  }

  @Override
  public Committer<StagedFile> createCommitter(CommitterInitContext context) {
    return new Committer<>() {
      @Override
      public void commit(Collection<CommitRequest<StagedFile>> requests) {
        for (CommitRequest<StagedFile> request : requests) {
          try {
            OfflineStore.publish(request.getCommittable());
          } catch (IllegalStateException e) {
            request.signalFailedWithKnownReason(e);
          }
        }
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public SimpleVersionedSerializer<StagedFile> getCommittableSerializer() {
    return new StagedFileSerializer();
  }

  private static final class Writer implements CommittingSinkWriter<FeatureRow, StagedFile> {

    private final OfflineStore store;
    private final Map<String, FeatureView> views;
    private final Map<String, List<Field>> joinKeys;
    private final Map<String, List<FeatureRow>> pending = new LinkedHashMap<>();
    private final PipelineMetrics metrics;
    // the id of the checkpoint the next prepareCommit belongs to
    private long checkpoint;

    Writer(
        OfflineStore store,
        Map<String, FeatureView> views,
        Map<String, List<Field>> joinKeys,
        long restoredCheckpoint,
        PipelineMetrics metrics) {
      this.store = store;
      this.views = views;
      this.joinKeys = joinKeys;
      this.checkpoint = restoredCheckpoint + 1;
      this.metrics = metrics;
    }

    @Override
    public void write(FeatureRow row, Context context) {
      pending.computeIfAbsent(row.view(), v -> new ArrayList<>()).add(row);
    }

    @Override
    public void flush(boolean endOfInput) {
      // rows are staged in prepareCommit, which follows every flush
    }

    @Override
    public Collection<StagedFile> prepareCommit() {
      List<StagedFile> staged = new ArrayList<>();
      for (Map.Entry<String, List<FeatureRow>> rows : pending.entrySet()) {
        FeatureView view = views.get(rows.getKey());
        staged.addAll(store.stage(view, joinKeys.get(view.name()), rows.getValue(), checkpoint));
        metrics.rowsWritten(view.name(), "offline", rows.getValue().size());
      }
      pending.clear();
      checkpoint++;
      return staged;
    }

    @Override
    public void close() {
      store.close();
    }
  }

  /** A staged file's two paths. */
  static final class StagedFileSerializer implements SimpleVersionedSerializer<StagedFile> {

    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(StagedFile file) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeUTF(file.hidden());
        out.writeUTF(file.visible());
      }
      return bytes.toByteArray();
    }

    @Override
    public StagedFile deserialize(int version, byte[] serialized) throws IOException {
      if (version != 1) {
        throw new IOException("unknown staged file format version " + version);
      }
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
        return new StagedFile(in.readUTF(), in.readUTF());
      }
    }
  }
}
