package orphic.studio.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** JSON in and out of requests, with the body size limit enforced on what is read. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static ApiError tooLarge(StudioLimits limits) {
    return new ApiError(413, "request body too large (limit " + limits.maxBodyBytes() + " bytes)",
        "send less text at once, e.g. continue from a shorter passage");
  }

  /** The request body as a JSON object; 413 past the limit, 400 when it is not a JSON object. */
  static JsonNode body(Context ctx, StudioLimits limits) {
    byte[] bytes;
    try (InputStream in = ctx.req().getInputStream()) {
      bytes = in.readNBytes(limits.maxBodyBytes() + 1);
    } catch (IOException e) {
      throw new ApiError(400, "could not read the request body: " + e.getMessage(), "send the request again");
    }
    if (bytes.length > limits.maxBodyBytes()) throw tooLarge(limits);
    JsonNode node;
    try {
      node = bytes.length == 0 ? null : MAPPER.readTree(bytes);
    } catch (IOException e) {
      String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw ApiError.badRequest("the body is not valid JSON: " + msg, "send a JSON object, e.g. {\"prompt\": \"Once\"}");
    }
    if (node == null || !node.isObject()) throw ApiError.badRequest("the body must be a JSON object", "send a JSON object, e.g. {\"prompt\": \"Once\"}");
    return node;
  }

  /** Answers with a JSON value. */
  static void send(Context ctx, int status, Object value) {
    try {
      ctx.status(status).contentType("application/json; charset=utf-8").result(MAPPER.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(JsonNode body, String field, String otherwise) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) return otherwise;
    if (!n.isTextual()) throw ApiError.badRequest("'" + field + "' must be a string", "send \"" + field + "\": \"…\"");
    return n.asText();
  }

  static int integer(JsonNode body, String field, int otherwise) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) return otherwise;
    if (!n.canConvertToInt() || !n.isIntegralNumber()) throw ApiError.badRequest("'" + field + "' must be a whole number", "send e.g. \"" + field + "\": 60");
    return n.asInt();
  }
}
