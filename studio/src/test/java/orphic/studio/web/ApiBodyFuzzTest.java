package orphic.studio.web;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import orphic.lm.sample.SamplerSettings;

/**
 * The studio's request-body parsing, fuzzed directly (no HTTP): {@link Json#body} on arbitrary
 * bytes, then what the handlers read from a body: text and integer fields, the {@code settings}
 * object and {@link SamplerSettings#fromMap} (as POST /api/generate does). Only {@link ApiError}
 * (a 4xx answer) may escape, plus the {@link IllegalArgumentException} that fromMap documents and
 * the handler turns into a 400. Any other exception would reach the client as a 500.
 */
class ApiBodyFuzzTest {
  private static final StudioLimits LIMITS = StudioLimits.defaults();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  @FuzzTest(maxDuration = "15s")
  void requestBody(byte[] data) {
    JsonNode body;
    try {
      body = Json.body(context(data), LIMITS);
    } catch (ApiError e) {
      return;
    }
    try {
      Json.text(body, "prompt", null);
      Json.text(body, "title", "Untitled");
      Json.text(body, "document", null);
      Json.integer(body, "max_tokens", 80);
      JsonNode take = body.get("take");
      if (take != null && take.isObject()) {
        Json.text(take, "node", null);
        Json.integer(take, "index", -1);
      }
      JsonNode s = body.get("settings");
      if (s == null || s.isNull() || !s.isObject()) return;
      Map<String, Object> given = new LinkedHashMap<>(Json.MAPPER.convertValue(s, MAP));
      given.putIfAbsent("seed", 1L);
      try {
        SamplerSettings.fromMap(given);
      } catch (IllegalArgumentException e) {
        // documented: answered with 400 "bad sampler settings"
      }
    } catch (ApiError e) {
      // a 4xx answer
    }
  }

  /** A Javalin context whose request body is {@code data}; nothing else of it is used by Json.body. */
  private static Context context(byte[] data) {
    ByteArrayInputStream bytes = new ByteArrayInputStream(data);
    ServletInputStream in = new ServletInputStream() {
      @Override public boolean isFinished() { return bytes.available() == 0; }
      @Override public boolean isReady() { return true; }
      @Override public void setReadListener(ReadListener l) { throw new UnsupportedOperationException(); }
      @Override public int read() { return bytes.read(); }
      @Override public int read(byte[] b, int off, int len) { return bytes.read(b, off, len); }
    };
    HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(ApiBodyFuzzTest.class.getClassLoader(),
        new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> {
          if (m.getName().equals("getInputStream")) return in;
          throw new UnsupportedOperationException(m.getName());
        });
    return (Context) Proxy.newProxyInstance(ApiBodyFuzzTest.class.getClassLoader(), new Class<?>[] {Context.class}, (p, m, a) -> {
      if (m.getName().equals("req")) return req;
      throw new UnsupportedOperationException(m.getName());
    });
  }
}
