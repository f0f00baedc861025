package dev.featurewatch.store.pipeline.sink;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.OnlineStoreException;
import dev.featurewatch.store.online.factory.OnlineStores;
import dev.featurewatch.store.pipeline.PipelineMetrics;
import dev.featurewatch.store.row.FeatureRow;
import dev.featurewatch.streaming.metrics.JobMetrics;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes feature rows to the online store in batches: when a batch is full, every {@code
 * flushInterval} (so a quiet stream still lands within it), and at every checkpoint (so a completed
 * checkpoint never has rows only in memory). The store keeps the newest row per key, comparing
 * event times atomically, so rows written again after a restore, or out of order across subtasks,
 * change nothing: the end state is exactly once although the writes are at least once.
 *
 * <p>A failed write is retried with exponential backoff, holding the stream back meanwhile; after
 * the last attempt the writer fails and Flink restarts the job from its last checkpoint.
 *
 * @param location the store, as {@link OnlineStores#open} takes it
 */
@Internal
public final class OnlineStoreSink implements Sink<FeatureRow> {

  private static final long serialVersionUID = 1L;

  private final String location;
  private final Map<String, FeatureView> views;
  private final Settings settings;

  /**
   * How the writer batches and retries.
   *
   * @param batchRows rows held before a write
   * @param flushInterval the longest a row waits for its batch
   * @param attempts tries per batch before the job fails
   * @param firstBackoff the wait after the first failure, doubled after each
   */
  public record Settings(int batchRows, Duration flushInterval, int attempts, Duration firstBackoff)
      implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** 1,000 rows or 100 ms; 6 attempts over about 3 s. */
    public static final Settings DEFAULT =
        new Settings(1_000, Duration.ofMillis(100), 6, Duration.ofMillis(100));
  }

  public OnlineStoreSink(String location, List<FeatureView> views, Settings settings) {
    this.location = location;
    this.views = new LinkedHashMap<>();
    views.forEach(v -> this.views.put(v.name(), v));
    this.settings = settings;
  }

  @Override
  public SinkWriter<FeatureRow> createWriter(WriterInitContext context) {
    return new Writer(
        OnlineStores.open(location),
        views,
        settings,
        context.getProcessingTimeService(),
        JobMetrics.shared(PipelineMetrics.class, PipelineMetrics::new));
  }

  private static final class Writer implements SinkWriter<FeatureRow> {

    private static final Logger LOG = LoggerFactory.getLogger(OnlineStoreSink.class);

    private final OnlineStore store;
    private final Map<String, FeatureView> views;
    private final Settings settings;
    private final ProcessingTimeService time;
    private final PipelineMetrics metrics;
    private final Map<String, List<FeatureRow>> pending = new LinkedHashMap<>();
    private int pendingRows;
    private boolean timerSet;

    Writer(
        OnlineStore store,
        Map<String, FeatureView> views,
        Settings settings,
        ProcessingTimeService time,
        PipelineMetrics metrics) {
      this.store = store;
      this.views = views;
      this.settings = settings;
      this.time = time;
      this.metrics = metrics;
      views.values().forEach(metrics::writesOnline);
    }

    @Override
    public void write(FeatureRow row, Context context) throws IOException, InterruptedException {
      pending.computeIfAbsent(row.view(), v -> new ArrayList<>()).add(row);
      if (++pendingRows >= settings.batchRows()) {
        flush(false);
      } else if (!timerSet) {
        timerSet = true;
        time.registerTimer(
            time.getCurrentProcessingTime() + settings.flushInterval().toMillis(),
            now -> {
              timerSet = false;
              flush(false);
            });
      }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
      for (Map.Entry<String, List<FeatureRow>> batch : pending.entrySet()) {
        write(views.get(batch.getKey()), batch.getValue());
      }
      pending.clear();
      pendingRows = 0;
    }

    private void write(FeatureView view, List<FeatureRow> rows)
        throws IOException, InterruptedException {
      long backoff = settings.firstBackoff().toMillis();
      for (int attempt = 1; ; attempt++) {
        try {
          store.write(view, rows);
          break;
        } catch (OnlineStoreException e) {
          if (attempt >= settings.attempts()) {
            throw new IOException(
                "online store: "
                    + rows.size()
                    + " rows of view '"
                    + view.name()
                    + "' not written after "
                    + attempt
                    + " attempts",
                e);
          }
          LOG.warn(
              "online store: writing view '{}' failed (attempt {} of {}), retrying in {} ms: {}",
              view.name(),
              attempt,
              settings.attempts(),
              backoff,
              e.getMessage());
          Thread.sleep(backoff);
          backoff *= 2;
        }
      }
      metrics.rowsWritten(view.name(), "online", rows.size());
      Instant now = Instant.now();
      for (FeatureRow row : rows) {
        metrics.freshness(view.name(), Duration.between(row.eventTime(), now).toNanos() / 1e9);
        metrics.onlineRow(view.name(), row.eventTime());
      }
    }

    @Override
    public void close() {
      store.close();
    }
  }
}
