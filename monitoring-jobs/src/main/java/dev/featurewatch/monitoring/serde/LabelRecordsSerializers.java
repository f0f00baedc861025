package dev.featurewatch.monitoring.serde;

import dev.featurewatch.monitoring.label.MonitorLabel;
import dev.featurewatch.monitoring.label.PredictionRef;
import dev.featurewatch.monitoring.label.SeriesOutcome;
import dev.featurewatch.streaming.serde.RecordSerializer;
import dev.featurewatch.streaming.serde.TaggedValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** The label join's records, between operators and in its state. */
final class LabelRecordsSerializers {

  private LabelRecordsSerializers() {}

  /** Predictions waiting for their labels. */
  public static final class PredictionRefs extends RecordSerializer<PredictionRef> {
    private static final long serialVersionUID = 1L;

    @Override
    public PredictionRef createInstance() {
      return null;
    }

    @Override
    public void serialize(PredictionRef value, DataOutputView out) throws IOException {
      TaggedValues.writeString(out, value.monitor());
      TaggedValues.writeString(out, value.predictionId());
      out.writeLong(value.timeMicros());
      TaggedValues.write(out, value.prediction());
      out.writeInt(value.series().size());
      for (String series : value.series()) {
        TaggedValues.writeString(out, series);
      }
    }

    @Override
    public PredictionRef deserialize(DataInputView in) throws IOException {
      String monitor = TaggedValues.readString(in);
      String id = TaggedValues.readString(in);
      long time = in.readLong();
      Object prediction = TaggedValues.read(in);
      int n = in.readInt();
      List<String> series = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        series.add(TaggedValues.readString(in));
      }
      return new PredictionRef(monitor, id, time, prediction, series);
    }

    @Override
    public TypeSerializerSnapshot<PredictionRef> snapshotConfiguration() {
      return new PredictionRefsSnapshot();
    }
  }

  /** No configuration: the format is fixed. */
  public static final class PredictionRefsSnapshot
      extends SimpleTypeSerializerSnapshot<PredictionRef> {
    public PredictionRefsSnapshot() {
      super(PredictionRefs::new);
    }
  }

  /** Labels waiting for their predictions. */
  public static final class MonitorLabels extends RecordSerializer<MonitorLabel> {
    private static final long serialVersionUID = 1L;

    @Override
    public MonitorLabel createInstance() {
      return null;
    }

    @Override
    public void serialize(MonitorLabel value, DataOutputView out) throws IOException {
      TaggedValues.writeString(out, value.monitor());
      TaggedValues.writeString(out, value.predictionId());
      out.writeLong(value.timeMicros());
      TaggedValues.write(out, value.label());
    }

    @Override
    public MonitorLabel deserialize(DataInputView in) throws IOException {
      return new MonitorLabel(
          TaggedValues.readString(in),
          TaggedValues.readString(in),
          in.readLong(),
          TaggedValues.read(in));
    }

    @Override
    public TypeSerializerSnapshot<MonitorLabel> snapshotConfiguration() {
      return new MonitorLabelsSnapshot();
    }
  }

  /** No configuration: the format is fixed. */
  public static final class MonitorLabelsSnapshot
      extends SimpleTypeSerializerSnapshot<MonitorLabel> {
    public MonitorLabelsSnapshot() {
      super(MonitorLabels::new);
    }
  }

  /** Outcomes on their way to the performance windows. */
  public static final class SeriesOutcomes extends RecordSerializer<SeriesOutcome> {
    private static final long serialVersionUID = 1L;

    @Override
    public SeriesOutcome createInstance() {
      return null;
    }

    @Override
    public void serialize(SeriesOutcome value, DataOutputView out) throws IOException {
      TaggedValues.writeString(out, value.series());
      out.writeLong(value.predictionMicros());
      TaggedValues.write(out, value.prediction());
      TaggedValues.write(out, value.label());
      out.writeDouble(value.lagSeconds());
    }

    @Override
    public SeriesOutcome deserialize(DataInputView in) throws IOException {
      return new SeriesOutcome(
          TaggedValues.readString(in),
          in.readLong(),
          TaggedValues.read(in),
          TaggedValues.read(in),
          in.readDouble());
    }

    @Override
    public TypeSerializerSnapshot<SeriesOutcome> snapshotConfiguration() {
      return new SeriesOutcomesSnapshot();
    }
  }

  /** No configuration: the format is fixed. */
  public static final class SeriesOutcomesSnapshot
      extends SimpleTypeSerializerSnapshot<SeriesOutcome> {
    public SeriesOutcomesSnapshot() {
      super(SeriesOutcomes::new);
    }
  }
}
