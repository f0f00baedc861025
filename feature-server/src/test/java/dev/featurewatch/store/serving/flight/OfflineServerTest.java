package dev.featurewatch.store.serving.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.store.config.ApiTokens;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.serving.ServingFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.SyncPutListener;
import org.apache.arrow.flight.auth2.BearerCredentialWriter;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TimeStampNanoTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline server as a Flight client sees it, calling as Feast's remote offline store does:
 * {@code DoExchange} with Feast's JSON command, the entity table up, the training set down.
 * (Feast's own Python client runs against {@code featurewatch serve} in the app's {@code
 * FeastOfflineStoreIT}.)
 */
class OfflineServerTest {

  private static final String READER = "reader-secret-0123456789";
  private static final String WRITER = "writer-secret-0123456789";

  @TempDir Path dir;

  private BufferAllocator allocator;
  private OfflineStore offline;
  private OfflineServer server;
  private FlightClient client;

  @BeforeEach
  void serveThreeDriverRows() {
    allocator = new RootAllocator();
    offline = new OfflineStore(dir.resolve("offline"));
    offline.append(
        ServingFixtures.DRIVER_STATS,
        List.of(
            ServingFixtures.driverStats(
                1001, Instant.parse("2026-11-01T08:00:00Z"), 0.62, 0.91, 14L),
            ServingFixtures.driverStats(
                1001, Instant.parse("2026-11-01T09:00:00Z"), 0.65, 0.90, 15L),
            ServingFixtures.driverStats(
                1002, Instant.parse("2026-11-01T08:00:00Z"), 0.48, 0.77, 9L)));
  }

  private void start(ApiTokens tokens) {
    server = OfflineServer.start(0, () -> ServingFixtures.REPOSITORY, offline, dir, tokens);
    client =
        FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port()))
            .build();
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
    offline.close();
    allocator.close();
  }

  @Test
  void feastsExchangeGetsEachRowsFeaturesWithTheCallersColumnsInTheirPlace() throws Exception {
    start(ApiTokens.NONE);

    List<List<Object>> rows =
        exchange(
            OfflineCommandTest.FEAST_COMMAND,
            new Object[] {"2026-11-01T08:30:00.000000999Z", 1001L, "a"},
            new Object[] {"2026-11-01T09:00:00Z", 1001L, "b"},
            new Object[] {"2026-11-03T08:00:01Z", 1002L, null},
            new Object[] {"2026-11-01T10:00:00Z", 1003L, "d"});

    // the header, then the rows: the caller's order of columns, the timestamp to microseconds
    assertThat(rows)
        .containsExactly(
            List.of("event_timestamp", "driver_id", "label", "conv_rate", "avg_daily_trips"),
            row("2026-11-01T08:30:00Z", 1001L, "a", 0.62, 14L),
            row("2026-11-01T09:00:00Z", 1001L, "b", 0.65, 15L),
            row("2026-11-03T08:00:01Z", 1002L, null, null, null),
            row("2026-11-01T10:00:00Z", 1003L, "d", null, null));
  }

  @Test
  void aMissingJoinKeyColumnIsAnInvalidArgumentNamingIt() {
    start(ApiTokens.NONE);

    assertThatThrownBy(
            () ->
                exchange(
                    OfflineCommandTest.FEAST_COMMAND,
                    null,
                    "x",
                    new Object[] {"2026-11-01T08:30:00Z", 1001L, "a"}))
        .isInstanceOfSatisfying(
            FlightRuntimeException.class,
            e -> assertThat(e.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT))
        .hasMessageContaining(
            "entity_df: no column 'driver_id', a join key of the features asked for; its columns"
                + " are [event_timestamp, x, label]");
  }

  @Test
  void writeApisAreUnimplementedNamingTheApi() {
    start(ApiTokens.NONE);
    String persist = OfflineCommandTest.with("api", "\"persist\"");

    try (VectorSchemaRoot table = entities()) {
      SyncPutListener listener = new SyncPutListener();
      FlightClient.ClientStreamListener put =
          client.startPut(
              FlightDescriptor.command(persist.getBytes(StandardCharsets.UTF_8)), table, listener);
      put.completed();
      assertThatThrownBy(put::getResult)
          .isInstanceOfSatisfying(
              FlightRuntimeException.class,
              e -> assertThat(e.status().code()).isEqualTo(FlightStatusCode.UNIMPLEMENTED))
          .hasMessageContaining("api 'persist' is not supported");
    }
  }

  @Test
  void withTokensACallNeedsAReadToken() throws Exception {
    start(
        ApiTokens.of(
            List.of(
                new ApiTokens.Token("trainer", READER, EnumSet.of(ApiTokens.Scope.READ)),
                new ApiTokens.Token("ingest", WRITER, EnumSet.of(ApiTokens.Scope.WRITE)))));
    Object[] row = {"2026-11-01T08:30:00Z", 1001L, "a"};

    assertThatThrownBy(() -> exchange(OfflineCommandTest.FEAST_COMMAND, row))
        .isInstanceOfSatisfying(
            FlightRuntimeException.class,
            e -> assertThat(e.status().code()).isEqualTo(FlightStatusCode.UNAUTHENTICATED))
        .hasMessageContaining("send the header 'authorization: Bearer <token>'");
    assertThatThrownBy(() -> exchange(OfflineCommandTest.FEAST_COMMAND, bearer(WRITER), row))
        .isInstanceOfSatisfying(
            FlightRuntimeException.class,
            e -> assertThat(e.status().code()).isEqualTo(FlightStatusCode.UNAUTHORIZED))
        .hasMessageContaining("token 'ingest' has scopes [write], this needs read");
    assertThat(exchange(OfflineCommandTest.FEAST_COMMAND, bearer(READER), row)).hasSize(2);
  }

  private static CallOption bearer(String secret) {
    return new CredentialCallOption(new BearerCredentialWriter(secret));
  }

  private static List<Object> row(Object... values) {
    List<Object> row = new ArrayList<>();
    for (Object value : values) {
      row.add(value instanceof String text && text.endsWith("Z") ? Instant.parse(text) : value);
    }
    return row;
  }

  private List<List<Object>> exchange(String command, Object[]... rows) throws Exception {
    return exchange(command, null, "driver_id", rows);
  }

  private List<List<Object>> exchange(String command, CallOption option, Object[]... rows)
      throws Exception {
    return exchange(command, option, "driver_id", rows);
  }

  /**
   * One {@code DoExchange} as Feast's client makes it, with an entity table of {@code
   * event_timestamp} (nanoseconds, UTC, as pandas sends it), {@code key} (int64) and {@code label};
   * answers the header, then the rows.
   */
  private List<List<Object>> exchange(
      String command, CallOption option, String key, Object[]... rows) throws Exception {
    FlightDescriptor descriptor =
        FlightDescriptor.command(command.getBytes(StandardCharsets.UTF_8));
    List<List<Object>> answer = new ArrayList<>();
    FlightClient.ExchangeReaderWriter exchange =
        option == null ? client.doExchange(descriptor) : client.doExchange(descriptor, option);
    // closed by hand: its close() may throw InterruptedException, which -Werror refuses in a try
    try (VectorSchemaRoot table = entities(key)) {
      for (int r = 0; r < rows.length; r++) {
        Instant at = Instant.parse((String) rows[r][0]);
        ((TimeStampNanoTZVector) table.getVector(0))
            .setSafe(r, at.getEpochSecond() * 1_000_000_000L + at.getNano());
        ((BigIntVector) table.getVector(1)).setSafe(r, (Long) rows[r][1]);
        if (rows[r][2] != null) {
          ((VarCharVector) table.getVector(2))
              .setSafe(r, ((String) rows[r][2]).getBytes(StandardCharsets.UTF_8));
        }
      }
      table.setRowCount(rows.length);
      exchange.getWriter().start(table);
      exchange.getWriter().putNext();
      exchange.getWriter().completed();
      VectorSchemaRoot result = exchange.getReader().getRoot();
      answer.add(
          result.getSchema().getFields().stream()
              .map(Field::getName)
              .map(n -> (Object) n)
              .toList());
      while (exchange.getReader().next()) {
        for (int r = 0; r < result.getRowCount(); r++) {
          List<Object> values = new ArrayList<>();
          for (int c = 0; c < result.getFieldVectors().size(); c++) {
            Object value = result.getVector(c).getObject(r);
            values.add(
                value instanceof org.apache.arrow.vector.util.Text text
                    ? text.toString()
                    : value instanceof java.time.LocalDateTime time
                        ? time.toInstant(java.time.ZoneOffset.UTC)
                        : value instanceof Long micros && c == 0
                            ? Instant.EPOCH.plusNanos(micros * 1000)
                            : value);
          }
          answer.add(values);
        }
      }
    } finally {
      exchange.close();
    }
    return answer;
  }

  private VectorSchemaRoot entities() {
    return entities("driver_id");
  }

  private VectorSchemaRoot entities(String key) {
    Schema schema =
        new Schema(
            List.of(
                new Field(
                    "event_timestamp",
                    FieldType.nullable(new ArrowType.Timestamp(TimeUnit.NANOSECOND, "UTC")),
                    null),
                new Field(key, FieldType.nullable(new ArrowType.Int(64, true)), null),
                new Field("label", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    root.allocateNew();
    return root;
  }
}
