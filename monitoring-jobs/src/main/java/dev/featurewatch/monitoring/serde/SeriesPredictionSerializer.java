package dev.featurewatch.monitoring.serde;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.monitoring.event.PredictionRecord;
import dev.featurewatch.monitoring.window.SeriesPrediction;
import dev.featurewatch.streaming.serde.RecordSerializer;
import dev.featurewatch.streaming.serde.TaggedValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Predictions between the reading and the window operators, and in the pending state. */
@Internal
public final class SeriesPredictionSerializer extends RecordSerializer<SeriesPrediction> {

  private static final long serialVersionUID = 1L;

  private static final byte NUMBER = 0;
  private static final byte LABEL = 1;
  private static final byte PROBABILITIES = 2;

  @Override
  public SeriesPrediction createInstance() {
    return new SeriesPrediction("", new PredictionRecord("", "", "", 0, List.of(), List.of(), 0.0));
  }

  @Override
  public void serialize(SeriesPrediction value, DataOutputView out) throws IOException {
    PredictionRecord r = value.record();
    TaggedValues.writeString(out, value.series());
    TaggedValues.writeString(out, r.predictionId());
    TaggedValues.writeString(out, r.model());
    TaggedValues.writeString(out, r.modelVersion());
    out.writeLong(r.timeMicros());
    TaggedValues.writeAll(out, r.features());
    out.writeInt(r.unexpected().size());
    for (String name : r.unexpected()) {
      TaggedValues.writeString(out, name);
    }
    Object prediction = r.prediction();
    if (prediction instanceof Double d) {
      out.writeByte(NUMBER);
      out.writeDouble(d);
    } else if (prediction instanceof String s) {
      out.writeByte(LABEL);
      TaggedValues.writeString(out, s);
    } else {
      Map<?, ?> probabilities = (Map<?, ?>) prediction;
      out.writeByte(PROBABILITIES);
      out.writeInt(probabilities.size());
      for (Map.Entry<?, ?> e : probabilities.entrySet()) {
        TaggedValues.writeString(out, (String) e.getKey());
        out.writeDouble((Double) e.getValue());
      }
    }
  }

  @Override
  public SeriesPrediction deserialize(DataInputView in) throws IOException {
    String series = TaggedValues.readString(in);
    String id = TaggedValues.readString(in);
    String model = TaggedValues.readString(in);
    String version = TaggedValues.readString(in);
    long time = in.readLong();
    List<Object> features = TaggedValues.readAll(in);
    int n = in.readInt();
    List<String> unexpected = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      unexpected.add(TaggedValues.readString(in));
    }
    byte kind = in.readByte();
    Object prediction;
    if (kind == NUMBER) {
      prediction = in.readDouble();
    } else if (kind == LABEL) {
      prediction = TaggedValues.readString(in);
    } else if (kind == PROBABILITIES) {
      int classes = in.readInt();
      Map<String, Double> probabilities = new LinkedHashMap<>();
      for (int i = 0; i < classes; i++) {
        probabilities.put(TaggedValues.readString(in), in.readDouble());
      }
      prediction = Map.copyOf(probabilities);
    } else {
      throw new IOException("unknown prediction tag " + kind + ": corrupt or foreign data");
    }
    return new SeriesPrediction(
        series, new PredictionRecord(id, model, version, time, features, unexpected, prediction));
  }

  @Override
  public TypeSerializerSnapshot<SeriesPrediction> snapshotConfiguration() {
    return new Snapshot();
  }

  /** No configuration: the format is fixed. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<SeriesPrediction> {
    public Snapshot() {
      super(SeriesPredictionSerializer::new);
    }
  }
}
