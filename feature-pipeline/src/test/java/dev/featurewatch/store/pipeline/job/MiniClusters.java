package dev.featurewatch.store.pipeline.job;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The MiniCluster the pipeline's integration tests run on. */
final class MiniClusters {

  /** One task manager with two slots: parallelism 2, as the issue asks. */
  static MiniClusterExtension twoSlots() {
    return new MiniClusterExtension(
        new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());
  }

  private MiniClusters() {}
}
