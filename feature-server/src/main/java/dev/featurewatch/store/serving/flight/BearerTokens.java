package dev.featurewatch.store.serving.flight;

import dev.featurewatch.store.config.ApiTokens;
import java.util.Objects;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallInfo;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightServerMiddleware;
import org.apache.arrow.flight.RequestContext;

/**
 * The feature server's bearer tokens on Flight calls, as on its HTTP endpoints: with tokens
 * configured, a call needs the gRPC header {@code authorization: Bearer <token>} (what Feast's
 * {@code FlightBearerTokenInterceptor} sends) of a token with the {@code read} scope; it is refused
 * with {@code UNAUTHENTICATED} without a known token and {@code UNAUTHORIZED} (gRPC's {@code
 * PERMISSION_DENIED}) when the token's scopes do not cover reading.
 */
final class BearerTokens implements FlightServerMiddleware.Factory<BearerTokens.Accepted> {

  /** The middleware of an accepted call: nothing more to do. */
  static final class Accepted implements FlightServerMiddleware {
    @Override
    public void onBeforeSendingHeaders(CallHeaders outgoingHeaders) {}

    @Override
    public void onCallCompleted(CallStatus status) {}

    @Override
    public void onCallErrored(Throwable err) {}
  }

  static final FlightServerMiddleware.Key<Accepted> KEY = FlightServerMiddleware.Key.of("auth");

  private static final Accepted ACCEPTED = new Accepted();

  private final ApiTokens tokens;

  BearerTokens(ApiTokens tokens) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
  }

  @Override
  public Accepted onCallStarted(CallInfo info, CallHeaders headers, RequestContext context) {
    if (!tokens.required()) {
      return ACCEPTED;
    }
    String secret =
        ApiTokens.bearerSecret(headers.get("authorization"))
            .orElseThrow(
                () ->
                    CallStatus.UNAUTHENTICATED
                        .withDescription(
                            "send the header 'authorization: Bearer <token>': this server needs"
                                + " a token")
                        .toRuntimeException());
    ApiTokens.Token token =
        tokens
            .match(secret)
            .orElseThrow(
                () ->
                    CallStatus.UNAUTHENTICATED
                        .withDescription("the bearer token is not known")
                        .toRuntimeException());
    if (!token.scopes().contains(ApiTokens.Scope.READ)) {
      throw CallStatus.UNAUTHORIZED
          .withDescription(
              "token '"
                  + token.name()
                  + "' has scopes "
                  + token.scopes()
                  + ", this needs "
                  + ApiTokens.Scope.READ)
          .toRuntimeException();
    }
    return ACCEPTED;
  }
}
