package orphic.studio.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The studio's defences over real sockets: token, same origin, content type, sizes, rates, headers, Host. */
class StudioSecurityTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path workspace;

  static JsonNode error(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    JsonNode e = JSON.readTree(r.body());
    assertThat(e.get("error").asText()).isNotBlank();
    assertThat(e.get("fix").asText()).isNotBlank();
    return e;
  }

  @Test
  void withATokenRequiredRequestsWithoutItAreRefused() throws Exception {
    String token = "t0ken-" + "x".repeat(30);
    try (StudioServer s = TestStudio.start(workspace, token, StudioLimits.defaults())) {
      error(TestStudio.get(s, "/api/models"), 401);
      error(TestStudio.get(s, "/"), 401);
      error(TestStudio.send(TestStudio.request(s, "/api/models").header("Authorization", "Bearer wrong-token")), 403);
      error(TestStudio.get(s, "/?token=wrong"), 403);
      assertThat(TestStudio.send(TestStudio.request(s, "/api/models").header("Authorization", "Bearer " + token)).statusCode()).isEqualTo(200);
      // The printed address trades the token for an HttpOnly, SameSite=Strict cookie and drops it from the URL.
      assertThat(s.address()).endsWith("/?token=" + token);
      HttpResponse<String> open = TestStudio.get(s, "/?token=" + token);
      assertThat(open.statusCode()).isBetween(301, 303);
      assertThat(open.headers().firstValue("Location").orElse("")).isEqualTo("/");
      String cookie = open.headers().firstValue("Set-Cookie").orElse("");
      assertThat(cookie).startsWith(Guard.COOKIE + "=" + token).contains("HttpOnly").contains("SameSite=Strict");
      HttpResponse<String> page = TestStudio.send(TestStudio.request(s, "/").header("Cookie", Guard.COOKIE + "=" + token));
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("<script type=\"module\" src=\"/assets/app.js\">");
    }
  }

  @Test
  void nonLoopbackHostsNeedAToken() {
    assertThatThrownBy(() -> new StudioConfig(workspace, null, "0.0.0.0", 0, null, StudioLimits.defaults()))
        .hasMessageContaining("access token");
    assertThat(StudioConfig.of(workspace, null, "0.0.0.0", 0, false, StudioLimits.defaults()).tokenRequired()).isTrue();
    assertThat(StudioConfig.of(workspace, null, "127.0.0.1", 0, false, StudioLimits.defaults()).tokenRequired()).isFalse();
    assertThat(StudioConfig.isLoopback("::1")).isTrue();
    assertThat(StudioConfig.isLoopback("192.168.1.4")).isFalse();
    assertThat(StudioConfig.isLoopback("example.com")).isFalse();
  }

  @Test
  void crossOriginAndNonJsonWritesAreRefused() throws Exception {
    try (StudioServer s = TestStudio.start(workspace, null, StudioLimits.defaults())) {
      String body = "{\"title\": \"x\"}";
      error(TestStudio.send(TestStudio.json(s, "POST", "/api/documents", body).header("Origin", "http://evil.example")), 403);
      error(TestStudio.send(TestStudio.json(s, "POST", "/api/documents", body).header("Sec-Fetch-Site", "cross-site")), 403);
      error(TestStudio.send(TestStudio.json(s, "DELETE", "/api/documents/abc", "").header("Origin", "http://localhost:1")), 403);
      assertThat(TestStudio.send(TestStudio.json(s, "POST", "/api/documents", body)
          .header("Origin", "http://127.0.0.1:" + s.port()).header("Sec-Fetch-Site", "same-origin")).statusCode()).isEqualTo(201);
      error(TestStudio.send(TestStudio.request(s, "/api/documents").header("Content-Type", "text/plain")
          .POST(HttpRequest.BodyPublishers.ofString(body))), 415);
      error(TestStudio.send(TestStudio.request(s, "/api/documents").POST(HttpRequest.BodyPublishers.ofString(body))), 415);
      assertThat(s.heldClientSlots()).isZero();
    }
  }

  @Test
  void oversizedBodiesAndPromptsAreRefused() throws Exception {
    TestStudio.tinyModel(workspace);
    try (StudioServer s = TestStudio.start(workspace, null, new StudioLimits(4096, 100, 50, 1, 1))) {
      JsonNode big = error(TestStudio.send(TestStudio.json(s, "POST", "/api/documents", "{\"text\": \"" + "a".repeat(10_000) + "\"}")), 413);
      assertThat(big.get("error").asText()).contains("4096");
      // Without a declared length (chunked), the limit holds on what is read.
      error(TestStudio.send(TestStudio.request(s, "/api/documents").header("Content-Type", "application/json").POST(
          HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(("{\"text\": \"" + "a".repeat(10_000) + "\"}").getBytes())))), 413);
      error(TestStudio.send(TestStudio.json(s, "POST", "/api/generate", "{\"prompt\": \"" + "a".repeat(101) + "\"}")), 413);
      error(TestStudio.send(TestStudio.json(s, "POST", "/api/generate", "{\"prompt\": \"a\", \"max_tokens\": 51}")), 400);
    }
  }

  @Test
  void tooManyGenerationsAtOnceFromOneClientGet429() throws Exception {
    TestStudio.tinyModel(workspace);
    try (StudioServer s = TestStudio.start(workspace, null, new StudioLimits(1 << 20, 1000, 1_000_000, 1, 1))) {
      HttpResponse<InputStream> first = TestStudio.HTTP.send(TestStudio.json(s, "POST", "/api/generate",
          "{\"prompt\": \"a\", \"max_tokens\": 1000000}").build(), HttpResponse.BodyHandlers.ofInputStream());
      try (Sse sse = new Sse(first.body())) {
        assertThat(sse.next().name()).isEqualTo("start");
        HttpResponse<String> second = TestStudio.send(TestStudio.json(s, "POST", "/api/generate", "{\"prompt\": \"b\", \"max_tokens\": 5}"));
        error(second, 429);
        assertThat(second.headers().firstValue("Retry-After")).isPresent();
      }
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (s.heldClientSlots() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
      assertThat(s.heldClientSlots()).isZero();
    }
  }

  @Test
  void responsesCarryTheSecurityHeadersAndNeverReflectHtml() throws Exception {
    try (StudioServer s = TestStudio.start(workspace, null, StudioLimits.defaults())) {
      HttpResponse<String> page = TestStudio.get(s, "/");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'").doesNotContain("unsafe-inline");
      assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
      assertThat(page.body()).doesNotContain("<script>").doesNotContain("style=");
      HttpResponse<String> missing = TestStudio.get(s, "/%3Cscript%3Ealert(1)%3C%2Fscript%3E");
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
      assertThat(missing.body()).doesNotContain("<script>");
      HttpResponse<String> badAsset = TestStudio.get(s, "/assets/..%2F..%2Fcli%2FOrphicCli.class");
      assertThat(badAsset.statusCode()).isEqualTo(404);
      assertThat(TestStudio.get(s, "/api/documents").headers().firstValue("Content-Security-Policy")).isPresent();
    }
  }

  @Test
  void aForeignHostHeaderIsRefused() throws Exception {
    try (StudioServer s = TestStudio.start(workspace, null, StudioLimits.defaults())) {
      // A page on another name that resolves to 127.0.0.1 (DNS rebinding) sends its own name as Host.
      try (Socket socket = new Socket("127.0.0.1", s.port())) {
        OutputStream out = socket.getOutputStream();
        out.write(("GET /api/documents HTTP/1.1\r\nHost: evil.example:" + s.port() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(response).startsWith("HTTP/1.1 403");
      }
      assertThat(TestStudio.send(TestStudio.request(s, "/api/health")).statusCode()).isEqualTo(200);
    }
  }
}
