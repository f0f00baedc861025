package dev.featurewatch.store.serving;

/**
 * The OpenAPI 3 description of the feature server, answered by {@code GET /openapi.json}. Written
 * by hand, next to the code it describes, so that a change to an endpoint changes it in the same
 * commit; {@code FeatureServerTest} checks that every path the server answers is listed, and {@code
 * SchemathesisIT} that the server answers as it says.
 *
 * <p>It states what a schema can: the request shapes, non-empty names, either features or a feature
 * service, the server's limits. What depends on the registry (the names it holds, the types of
 * their values) or joins fields (columns of equal length) is answered 422, which the document
 * lists.
 */
final class OpenApiDocument {

  private OpenApiDocument() {}

  /** The document of a server that allows {@code maxEntities} entity rows per request. */
  static String json(int maxEntities, int maxBodyBytes) {
    return TEMPLATE
        .replace("\"${maxEntities}\"", Integer.toString(maxEntities))
        .replace("${maxBodyBytes}", Integer.toString(maxBodyBytes));
  }

  private static final String TEMPLATE =
      """
      {
        "openapi": "3.0.3",
        "info": {
          "title": "featurewatch feature server",
          "version": "1",
          "description": "Feast-compatible online feature serving: existing Feast HTTP clients work unchanged."
        },
        "paths": {
          "/get-online-features": {
            "post": {
              "summary": "Latest feature values of a batch of entities, column-major as Feast answers.",
              "parameters": [{"$ref": "#/components/parameters/Deadline"}],
              "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/GetOnlineFeaturesRequest"}}}},
              "responses": {
                "200": {"description": "One result per entity column, then one per feature in request order.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/GetOnlineFeaturesResponse"}}}},
                "400": {"$ref": "#/components/responses/BadRequest"},
                "413": {"$ref": "#/components/responses/TooLarge"},
                "422": {"$ref": "#/components/responses/Unprocessable"},
                "401": {"$ref": "#/components/responses/Unauthorized"},
                "403": {"$ref": "#/components/responses/Forbidden"},
                "503": {"$ref": "#/components/responses/Unavailable"}
              },
              "security": [{}, {"bearer": []}]
            }
          },
          "/push": {
            "post": {
              "summary": "Write rows to the feature views fed by a push source, online, offline or both.",
              "parameters": [{"$ref": "#/components/parameters/Deadline"}],
              "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PushRequest"}}}},
              "responses": {
                "200": {"description": "Written.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WriteResponse"}}}},
                "400": {"$ref": "#/components/responses/BadRequest"},
                "413": {"$ref": "#/components/responses/TooLarge"},
                "422": {"$ref": "#/components/responses/Unprocessable"},
                "401": {"$ref": "#/components/responses/Unauthorized"},
                "403": {"$ref": "#/components/responses/Forbidden"},
                "503": {"$ref": "#/components/responses/Unavailable"}
              },
              "security": [{}, {"bearer": []}]
            }
          },
          "/write-to-online-store": {
            "post": {
              "summary": "Write rows of one feature view to the online store.",
              "parameters": [{"$ref": "#/components/parameters/Deadline"}],
              "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WriteToOnlineStoreRequest"}}}},
              "responses": {
                "200": {"description": "Written.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WriteResponse"}}}},
                "400": {"$ref": "#/components/responses/BadRequest"},
                "413": {"$ref": "#/components/responses/TooLarge"},
                "422": {"$ref": "#/components/responses/Unprocessable"},
                "401": {"$ref": "#/components/responses/Unauthorized"},
                "403": {"$ref": "#/components/responses/Forbidden"},
                "503": {"$ref": "#/components/responses/Unavailable"}
              },
              "security": [{}, {"bearer": []}]
            }
          },
          "/health": {
            "get": {
              "summary": "Whether the online store answers.",
              "responses": {
                "200": {"description": "The store answers.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}},
                "503": {"description": "The store does not answer.", "headers": {"Retry-After": {"$ref": "#/components/headers/RetryAfter"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}}
              }
            }
          },
          "/health/live": {
            "get": {
              "summary": "Liveness: the process serves.",
              "responses": {"200": {"description": "Live.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}}}
            }
          },
          "/health/ready": {
            "get": {
              "summary": "Readiness: the registry can be read and the online store answers within the deadline.",
              "responses": {
                "200": {"description": "Ready.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Readiness"}}}},
                "503": {"description": "Not ready; the body names what is not.", "headers": {"Retry-After": {"$ref": "#/components/headers/RetryAfter"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Readiness"}}}}
              }
            }
          },
          "/metrics": {
            "get": {
              "summary": "Prometheus metrics in the text exposition format.",
              "responses": {"200": {"description": "Metrics.", "content": {"text/plain": {"schema": {"type": "string"}}}}}
            }
          },
          "/openapi.json": {
            "get": {
              "summary": "This document.",
              "responses": {"200": {"description": "OpenAPI 3 document.", "content": {"application/json": {"schema": {"type": "object"}}}}}
            }
          }
        },
        "components": {
          "responses": {
            "BadRequest": {"description": "The request breaks this document's schema; detail names the field, the rule and the value.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "TooLarge": {"description": "The body is longer than the server reads (${maxBodyBytes} bytes).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "Unprocessable": {"description": "The request fits the schema but not the registry (a name it does not hold, a value of the wrong type for its feature or join key) or a rule across fields (columns of unequal length, a join key the requested views do not have); detail names the field, the rule and the value.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "Unavailable": {"description": "The store or registry does not answer, or not within the request's deadline (error deadline_exceeded); retry later.", "headers": {"Retry-After": {"$ref": "#/components/headers/RetryAfter"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "Unauthorized": {"description": "This server needs a bearer token and none known was sent.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "Forbidden": {"description": "The token lacks the scope: read for get-online-features, write for push and write-to-online-store.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
          },
          "parameters": {
            "Deadline": {"name": "X-Deadline-Ms", "in": "header", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 9223372036854775807}, "description": "The longest this request waits for the online store, in milliseconds; longer than the server's deadline (serving.deadline) is capped at it. Past it the answer is 503 deadline_exceeded."}
          },
          "headers": {
            "RetryAfter": {"description": "Seconds to wait before retrying.", "schema": {"type": "integer", "minimum": 1}}
          },
          "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer", "description": "Needed when the server is configured with tokens (serving.auth in featurewatch.yaml); the feature endpoints need it then, health, metrics and this document never."}
          },
          "schemas": {
            "GetOnlineFeaturesRequest": {
              "type": "object",
              "required": ["entities"],
              "description": "Exactly one of features and feature_service; fields Feast does not read are ignored, but for one that looks like a misspelling of a field it reads (422).",
              "properties": {
                "features": {"type": "array", "nullable": true, "minItems": 1, "items": {"type": "string", "pattern": "^[^:]+(:[^:]+)?$", "example": "driver_hourly_stats:conv_rate"}, "description": "view:feature references, or view for all its features."},
                "feature_service": {"type": "string", "nullable": true, "minLength": 1},
                "entities": {"type": "object", "minProperties": 1, "additionalProperties": {"type": "array", "minItems": 1, "maxItems": "${maxEntities}", "items": {"oneOf": [{"type": "integer", "format": "int64"}, {"type": "string"}]}}, "description": "Join key columns of equal length, at most ${maxEntities} rows.", "example": {"driver_id": [1001, 1002]}},
                "full_feature_names": {"type": "boolean", "nullable": true, "default": false, "description": "Name features view__feature."}
              },
              "oneOf": [
                {"required": ["features"], "properties": {"features": {"type": "array"}}},
                {"required": ["feature_service"], "properties": {"feature_service": {"type": "string"}}}
              ]
            },
            "GetOnlineFeaturesResponse": {
              "type": "object",
              "properties": {
                "metadata": {"type": "object", "properties": {"feature_names": {"type": "array", "items": {"type": "string"}}}},
                "results": {"type": "array", "items": {"$ref": "#/components/schemas/FeatureColumn"}}
              }
            },
            "FeatureColumn": {
              "type": "object",
              "properties": {
                "values": {"type": "array", "items": {}, "description": "One per entity row; null unless PRESENT."},
                "statuses": {"type": "array", "items": {"type": "string", "enum": ["PRESENT", "NOT_FOUND", "NULL_VALUE", "OUTSIDE_MAX_AGE", "INVALID"]}},
                "event_timestamps": {"type": "array", "items": {"type": "string", "format": "date-time"}}
              }
            },
            "PushRequest": {
              "type": "object",
              "required": ["push_source_name", "df"],
              "properties": {
                "push_source_name": {"type": "string", "minLength": 1},
                "df": {"$ref": "#/components/schemas/DataFrame"},
                "to": {"type": "string", "nullable": true, "enum": ["online", "offline", "online_and_offline", "both", null], "default": "online", "description": "Where the rows go (case does not matter; both is online_and_offline)."}
              }
            },
            "WriteToOnlineStoreRequest": {
              "type": "object",
              "required": ["feature_view_name", "df"],
              "properties": {
                "feature_view_name": {"type": "string", "minLength": 1},
                "df": {"$ref": "#/components/schemas/DataFrame"}
              }
            },
            "DataFrame": {
              "type": "object",
              "additionalProperties": {"anyOf": [{"type": "array", "minItems": 1, "maxItems": "${maxEntities}"}, {"type": "string"}, {"type": "number"}, {"type": "boolean"}, {"type": "object"}], "nullable": true},
              "description": "Columns of equal length, at most ${maxEntities} rows, or single values for one row (as pandas builds a frame): the join keys, the event timestamp column (ISO-8601 strings) and every feature of the view.",
              "example": {"driver_id": [1001], "event_timestamp": ["2022-05-13 10:59:42+00:00"], "conv_rate": [1.0], "acc_rate": [1.0], "avg_daily_trips": [1000]}
            },
            "WriteResponse": {"type": "object", "properties": {"rows_written": {"type": "integer"}}},
            "Health": {"type": "object", "properties": {"status": {"type": "string", "enum": ["ok", "unavailable"]}}},
            "Readiness": {"type": "object", "properties": {"status": {"type": "string", "enum": ["ready", "not_ready"]}, "registry": {"type": "string"}, "online_store": {"type": "string"}}},
            "Error": {"type": "object", "required": ["error", "detail"], "properties": {"error": {"type": "string", "example": "unknown_feature"}, "detail": {"type": "string"}}}
          }
        }
      }
      """;
}
