package dev.featurewatch.monitoring.serde;

import dev.featurewatch.monitoring.baseline.BaselineUpdate;
import dev.featurewatch.monitoring.job.SeriesPrediction;
import dev.featurewatch.monitoring.result.MonitoringResult;
import dev.featurewatch.monitoring.window.WindowProfile;
import dev.featurewatch.store.pipeline.serde.SerializerTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** The Flink types of the monitoring job's records, each with its own serializer (no Kryo). */
public final class MonitorTypes {

  public static final TypeInformation<SeriesPrediction> SERIES_PREDICTION =
      new SerializerTypeInfo<>(SeriesPrediction.class, new SeriesPredictionSerializer());

  public static final TypeInformation<BaselineUpdate> BASELINE_UPDATE =
      new SerializerTypeInfo<>(BaselineUpdate.class, new BaselineUpdateSerializer());

  public static final TypeInformation<WindowProfile> WINDOW_PROFILE =
      new SerializerTypeInfo<>(WindowProfile.class, new WindowProfileSerializer());

  public static final TypeInformation<MonitoringResult> MONITORING_RESULT =
      new SerializerTypeInfo<>(MonitoringResult.class, new MonitoringResultSerializer());

  private MonitorTypes() {}
}
