package dev.featurewatch.monitoring.serde;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.monitoring.baseline.BaselineUpdate;
import dev.featurewatch.monitoring.label.MonitorLabel;
import dev.featurewatch.monitoring.label.PerformanceWindow;
import dev.featurewatch.monitoring.label.PredictionRef;
import dev.featurewatch.monitoring.label.SeriesOutcome;
import dev.featurewatch.monitoring.result.MonitorOutput;
import dev.featurewatch.monitoring.result.MonitoringResult;
import dev.featurewatch.monitoring.result.PerformanceResult;
import dev.featurewatch.monitoring.window.SeriesPrediction;
import dev.featurewatch.monitoring.window.WindowProfile;
import dev.featurewatch.streaming.serde.SerializerTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** The Flink types of the monitoring job's records, each with its own serializer (no Kryo). */
@Internal
public final class MonitorTypes {

  public static final TypeInformation<SeriesPrediction> SERIES_PREDICTION =
      new SerializerTypeInfo<>(SeriesPrediction.class, new SeriesPredictionSerializer());

  public static final TypeInformation<BaselineUpdate> BASELINE_UPDATE =
      new SerializerTypeInfo<>(BaselineUpdate.class, new BaselineUpdateSerializer());

  public static final TypeInformation<WindowProfile> WINDOW_PROFILE =
      new SerializerTypeInfo<>(WindowProfile.class, new WindowProfileSerializer());

  public static final TypeInformation<MonitoringResult> MONITORING_RESULT =
      new SerializerTypeInfo<>(
          MonitoringResult.class, new MonitorOutputSerializer<>(MonitoringResult.class));

  public static final TypeInformation<PerformanceResult> PERFORMANCE_RESULT =
      new SerializerTypeInfo<>(
          PerformanceResult.class, new MonitorOutputSerializer<>(PerformanceResult.class));

  public static final TypeInformation<MonitorOutput> MONITOR_OUTPUT =
      new SerializerTypeInfo<>(
          MonitorOutput.class, new MonitorOutputSerializer<>(MonitorOutput.class));

  public static final TypeInformation<PredictionRef> PREDICTION_REF =
      new SerializerTypeInfo<>(PredictionRef.class, new LabelRecordsSerializers.PredictionRefs());

  public static final TypeInformation<MonitorLabel> MONITOR_LABEL =
      new SerializerTypeInfo<>(MonitorLabel.class, new LabelRecordsSerializers.MonitorLabels());

  public static final TypeInformation<SeriesOutcome> SERIES_OUTCOME =
      new SerializerTypeInfo<>(SeriesOutcome.class, new LabelRecordsSerializers.SeriesOutcomes());

  public static final TypeInformation<PerformanceWindow> PERFORMANCE_WINDOW =
      new SerializerTypeInfo<>(PerformanceWindow.class, new PerformanceWindowSerializer());

  private MonitorTypes() {}
}
