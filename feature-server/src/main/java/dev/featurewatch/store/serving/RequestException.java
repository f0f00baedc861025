package dev.featurewatch.store.serving;

/**
 * A request the server cannot answer because of what it asks, answered with {@code {"error": code,
 * "detail": message}}; the message names the field, the rule and the value found. The status says
 * which kind of rule: 400 when the request breaks the schema of {@code /openapi.json}, 422 when it
 * fits the schema but not the registry (an unknown view, a value of the wrong type for its feature)
 * or a rule across fields that a schema cannot state (columns of unequal length), 401, 403, 404 and
 * 405 as HTTP has them.
 */
class RequestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  RequestException(String code, String detail) {
    this(400, code, detail);
  }

  RequestException(int status, String code, String detail) {
    super(detail);
    this.status = status;
    this.code = code;
  }

  /** A request that fits the schema but not the registry, or a rule across its fields: 422. */
  static RequestException unprocessable(String code, String detail) {
    return new RequestException(422, code, detail);
  }

  /** The HTTP status answered. */
  int status() {
    return status;
  }

  /** A short, stable identifier of the rule broken, e.g. {@code unknown_feature}. */
  String code() {
    return code;
  }
}
