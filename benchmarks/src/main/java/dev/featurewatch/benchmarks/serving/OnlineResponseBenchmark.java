package dev.featurewatch.benchmarks.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurewatch.benchmarks.BenchmarkBase;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.OnlineValue;
import dev.featurewatch.store.online.RowCodec;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import dev.featurewatch.store.serving.OnlineAnswers;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The feature server's own work for one {@code POST /get-online-features} of the serving benchmark
 * (all 50 features of {@link ServingDataset}), without HTTP and without a store's I/O: parsing the
 * request, decoding the stored rows and writing Feast's answer. The stored rows are the bytes a
 * store hands back ({@link RowCodec} values, looked up by encoded key), kept in memory for {@value
 * #ENTITIES_HELD} entities, so what is measured is what every store shares. Run with {@code -prof
 * gc} for the allocation per request, which sets how often the server's young generation is
 * collected.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OnlineResponseBenchmark extends BenchmarkBase {

  private static final int ENTITIES_HELD = 10_000;
  private static final int REQUESTS = 64;

  @Param({"1", "10", "100"})
  int entities;

  private final ObjectMapper json = new ObjectMapper();
  private OnlineAnswers answers;
  private FeatureRepository repository;
  private OnlineStore store;
  private JsonNode[] requests;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    repository = ServingDataset.repository();
    List<FeatureView> views = ServingDataset.views();
    Map<String, Map<ByteBuffer, byte[]>> rows = new HashMap<>();
    for (int v = 0; v < views.size(); v++) {
      FeatureView view = views.get(v);
      Map<ByteBuffer, byte[]> stored = new HashMap<>();
      for (long entity = 0; entity < ENTITIES_HELD; entity++) {
        FeatureRow row = ServingDataset.row(view, v, entity);
        stored.put(keyBytes(row.key()), RowCodec.encode(view, row));
      }
      rows.put(view.name(), stored);
    }
    store = new BytesStore(rows);
    answers = new OnlineAnswers(repository, store, 1_000);
    List<String> features = new ArrayList<>();
    for (FeatureView view : views) {
      view.features().forEach(f -> features.add(view.name() + ":" + f.name()));
    }
    SplittableRandom random = new SplittableRandom(1);
    requests = new JsonNode[REQUESTS];
    for (int r = 0; r < REQUESTS; r++) {
      List<Long> ids = new ArrayList<>();
      for (int e = 0; e < entities; e++) {
        ids.add((long) random.nextInt(ENTITIES_HELD));
      }
      requests[r] =
          json.valueToTree(
              Map.of("features", features, "entities", Map.of(ServingDataset.JOIN_KEY, ids)));
    }
  }

  @Benchmark
  public int answer() {
    JsonNode body = requests[next++ & (REQUESTS - 1)];
    return answers.answer(body, Instant.EPOCH);
  }

  private static ByteBuffer keyBytes(EntityKey key) {
    return ByteBuffer.wrap(RowCodec.encodeEntityKey(key));
  }

  /** A store of encoded rows in memory: what Redis's MGET or RocksDB's multiGet hands back. */
  private record BytesStore(Map<String, Map<ByteBuffer, byte[]>> rows) implements OnlineStore {
    @Override
    public List<OnlineValue> read(FeatureView view, List<EntityKey> keys, Instant now) {
      Map<ByteBuffer, byte[]> stored = rows.get(view.name());
      List<OnlineValue> values = new ArrayList<>(keys.size());
      for (EntityKey key : keys) {
        byte[] bytes = stored.get(keyBytes(key));
        values.add(
            bytes == null
                ? OnlineValue.notFound(view, key)
                : OnlineValue.stored(view, key, bytes, now));
      }
      return values;
    }

    @Override
    public void write(FeatureView view, List<FeatureRow> rows) {
      throw new UnsupportedOperationException("read-only");
    }

    @Override
    public long deleteExpired(FeatureView view, Instant now) {
      return 0;
    }

    @Override
    public boolean isHealthy() {
      return true;
    }

    @Override
    public void close() {}
  }
}
