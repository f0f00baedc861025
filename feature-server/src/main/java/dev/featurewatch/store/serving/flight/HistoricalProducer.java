package dev.featurewatch.store.serving.flight;

import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.offline.file.FileSources;
import dev.featurewatch.store.offline.join.EntityRows;
import dev.featurewatch.store.offline.join.JoinResult;
import dev.featurewatch.store.offline.join.PointInTimeJoin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.arrow.flight.BackpressureStrategy;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.VectorSchemaRootAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers Feast's remote offline store: {@code DoExchange} of {@code get_historical_features} runs
 * the point-in-time join of {@code featurewatch historical} ({@link PointInTimeJoin} over the
 * offline store and the views' file sources) on the uploaded entity DataFrame and streams the
 * training set back.
 *
 * <p>The answer's columns: the entity DataFrame's, in its order (join keys as int64 or utf8, the
 * event timestamp as {@code timestamp[us, UTC]}, any other column unchanged), then the features in
 * request order, named {@code feature} or {@code view__feature}: the columns of {@code featurewatch
 * historical}'s training set for the same entity rows, plus the caller's own.
 *
 * <p>Every call ends with the answer or an error, never silence: {@code INVALID_ARGUMENT} for what
 * the request asks, {@code UNIMPLEMENTED} for other apis and Flight methods, {@code INTERNAL} for a
 * failure of the server's own data (logged).
 */
final class HistoricalProducer extends NoOpFlightProducer {

  private static final Logger LOG = LoggerFactory.getLogger(HistoricalProducer.class);

  /** How long a stream may wait for a client that does not read, before it is failed. */
  private static final long CLIENT_WAIT_MILLIS = 60_000;

  private final Supplier<FeatureRepository> repository;
  private final OfflineStore offlineStore;
  private final Path repositoryDir;
  private final BufferAllocator allocator;

  HistoricalProducer(
      Supplier<FeatureRepository> repository,
      OfflineStore offlineStore,
      Path repositoryDir,
      BufferAllocator allocator) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.offlineStore = Objects.requireNonNull(offlineStore, "offlineStore");
    this.repositoryDir = Objects.requireNonNull(repositoryDir, "repositoryDir");
    this.allocator = Objects.requireNonNull(allocator, "allocator");
  }

  @Override
  public void doExchange(CallContext context, FlightStream reader, ServerStreamListener writer) {
    try (BufferAllocator call =
        allocator.newChildAllocator("get_historical_features", 0, Long.MAX_VALUE)) {
      OfflineCommand command = OfflineCommand.parse(command(reader.getDescriptor()));
      FeatureRepository current = repository.get();
      List<PointInTimeJoin.Request> requests = command.requests(current);
      try (VectorSchemaRoot uploaded = readAll(reader, call)) {
        answer(current, command, requests, EntityFrame.of(uploaded), writer, call);
      }
    } catch (FlightRuntimeException e) {
      writer.error(e);
    } catch (IllegalArgumentException e) {
      // the join's own checks of the request: a join key's type, colliding output names
      writer.error(OfflineCommand.invalid(e.getMessage()));
    } catch (RuntimeException e) {
      LOG.warn("get_historical_features failed", e);
      writer.error(
          CallStatus.INTERNAL
              .withDescription("get_historical_features failed: " + e.getMessage())
              .withCause(e)
              .toRuntimeException());
    }
  }

  @Override
  public Runnable acceptPut(
      CallContext context, FlightStream flightStream, StreamListener<PutResult> ackStream) {
    return () -> {
      try {
        String api = OfflineCommand.apiOf(command(flightStream.getDescriptor()));
        ackStream.onError(OfflineCommand.unsupportedApi(api));
      } catch (FlightRuntimeException e) {
        ackStream.onError(e);
      }
    };
  }

  @Override
  public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
    throw CallStatus.UNIMPLEMENTED
        .withDescription(
            "featurewatch answers get_historical_features in one DoExchange call, as Feast 0.67's"
                + " remote offline store sends it; the DoPut, GetFlightInfo, DoGet sequence of"
                + " older Feast clients is not supported")
        .toRuntimeException();
  }

  private static byte[] command(FlightDescriptor descriptor) {
    if (!descriptor.isCommand()) {
      throw OfflineCommand.invalid(
          "the Flight descriptor must be a command (Feast's JSON), found the path "
              + descriptor.getPath());
    }
    return descriptor.getCommand();
  }

  /** All the client's batches in one root, on {@code allocator}. */
  private static VectorSchemaRoot readAll(FlightStream reader, BufferAllocator allocator) {
    VectorSchemaRoot all = VectorSchemaRoot.create(reader.getSchema(), allocator);
    try {
      all.allocateNew(); // the appender writes after the target's offsets, which must exist
      while (reader.next()) {
        VectorSchemaRootAppender.append(all, reader.getRoot());
      }
      return all;
    } catch (RuntimeException e) {
      all.close();
      throw e;
    }
  }

  private void answer(
      FeatureRepository repository,
      OfflineCommand command,
      List<PointInTimeJoin.Request> requests,
      EntityFrame frame,
      ServerStreamListener writer,
      BufferAllocator allocator) {
    Set<Field> joinKeys = new LinkedHashSet<>();
    requests.forEach(request -> joinKeys.addAll(repository.joinKeys(request.view())));
    EntityRows rows = frame.rows(List.copyOf(joinKeys));
    PointInTimeJoin join =
        new PointInTimeJoin(offlineStore, new FileSources(repository, repositoryDir));
    try (JoinResult result = join.join(rows, requests, command.fullFeatureNames());
        JoinResult.Batches batches = result.batches()) {
      Output output = Output.of(frame, List.copyOf(joinKeys), result.schema());
      try (VectorSchemaRoot out = VectorSchemaRoot.create(output.schema(), allocator)) {
        BackpressureStrategy backpressure = new BackpressureStrategy.CallbackBackpressureStrategy();
        backpressure.register(writer);
        writer.start(out);
        while (batches.next()) {
          output.fill(out, batches, frame);
          BackpressureStrategy.WaitResult ready = backpressure.waitForListener(CLIENT_WAIT_MILLIS);
          if (ready == BackpressureStrategy.WaitResult.CANCELLED) {
            return;
          }
          if (ready != BackpressureStrategy.WaitResult.READY) {
            throw CallStatus.TIMED_OUT
                .withDescription("the client read nothing for " + CLIENT_WAIT_MILLIS + " ms")
                .toRuntimeException();
          }
          writer.putNext();
        }
        writer.completed();
      }
    }
  }

  /**
   * Where each answered column comes from: a column of the join's batches, or an uploaded one.
   *
   * @param fromResult per output column, the join result's column, or -1
   * @param fromUpload per output column, the uploaded column, or -1
   */
  private record Output(Schema schema, int[] fromResult, int[] fromUpload) {

    static Output of(EntityFrame frame, List<Field> joinKeys, Schema result) {
      List<org.apache.arrow.vector.types.pojo.Field> fields = new ArrayList<>();
      List<Integer> fromResult = new ArrayList<>();
      List<Integer> fromUpload = new ArrayList<>();
      List<String> keyNames = joinKeys.stream().map(Field::name).toList();
      List<FieldVector> columns = frame.columns();
      for (int c = 0; c < columns.size(); c++) {
        String name = columns.get(c).getName();
        int resultColumn =
            name.equals(frame.timestampColumn()) ? keyNames.size() : keyNames.indexOf(name);
        if (resultColumn >= 0) {
          org.apache.arrow.vector.types.pojo.Field field = result.getFields().get(resultColumn);
          fields.add(renamed(field, name));
          fromResult.add(resultColumn);
          fromUpload.add(-1);
        } else if (!EntityFrame.isPandasIndex(name)) {
          fields.add(columns.get(c).getField());
          fromResult.add(-1);
          fromUpload.add(c);
        }
      }
      for (int r = keyNames.size() + 1; r < result.getFields().size(); r++) {
        fields.add(result.getFields().get(r));
        fromResult.add(r);
        fromUpload.add(-1);
      }
      return new Output(
          new Schema(fields),
          fromResult.stream().mapToInt(Integer::intValue).toArray(),
          fromUpload.stream().mapToInt(Integer::intValue).toArray());
    }

    private static org.apache.arrow.vector.types.pojo.Field renamed(
        org.apache.arrow.vector.types.pojo.Field field, String name) {
      return new org.apache.arrow.vector.types.pojo.Field(
          name,
          new FieldType(field.isNullable(), field.getType(), null, null),
          field.getChildren());
    }

    /** Copies the current batch's rows into {@code out}. */
    void fill(VectorSchemaRoot out, JoinResult.Batches batches, EntityFrame frame) {
      VectorSchemaRoot joined = batches.root();
      int rows = joined.getRowCount();
      int first = batches.firstRow();
      out.allocateNew();
      for (int c = 0; c < fromResult.length; c++) {
        FieldVector target = out.getVector(c);
        if (fromResult[c] >= 0) {
          FieldVector source = joined.getVector(fromResult[c]);
          for (int i = 0; i < rows; i++) {
            target.copyFromSafe(i, i, source);
          }
        } else {
          FieldVector source = frame.columns().get(fromUpload[c]);
          for (int i = 0; i < rows; i++) {
            target.copyFromSafe(first + i, i, source);
          }
        }
        target.setValueCount(rows);
      }
      out.setRowCount(rows);
    }
  }
}
