package orphic.studio.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's studio checks beyond {@link StudioSecurityTest}: state-changing requests without (or
 * with a wrong) token change nothing; cross-origin writes are refused even with the token; the
 * content types an HTML form or a "simple" cross-site request can send are refused; every answer,
 * errors included, carries the Content-Security-Policy; HTML in a document only ever comes back as
 * JSON. (That script typed into a document does not run in the page is the browser test,
 * studio.e2e.mjs, "A script typed into the document is text, never code".)
 */
class StudioHardeningTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String TOKEN = "t0ken-" + "y".repeat(30);
  @TempDir Path workspace;

  private static HttpRequest.Builder authed(HttpRequest.Builder b) {
    return b.header("Authorization", "Bearer " + TOKEN);
  }

  private static int documents(StudioServer s) throws Exception {
    HttpResponse<String> r = TestStudio.send(authed(TestStudio.request(s, "/api/documents")));
    assertThat(r.statusCode()).isEqualTo(200);
    return JSON.readTree(r.body()).get("documents").size();
  }

  @Test
  void writesWithoutTheRightTokenAreRefusedAndChangeNothing() throws Exception {
    TestStudio.tinyModel(workspace);
    try (StudioServer s = TestStudio.start(workspace, TOKEN, StudioLimits.defaults())) {
      String body = "{\"title\": \"x\", \"text\": \"y\"}";
      StudioSecurityTest.error(TestStudio.send(TestStudio.json(s, "POST", "/api/documents", body)), 401);
      StudioSecurityTest.error(TestStudio.send(TestStudio.json(s, "POST", "/api/documents?token=" + TOKEN, body)), 401);
      StudioSecurityTest.error(TestStudio.send(TestStudio.json(s, "POST", "/api/documents", body).header("Authorization", "Bearer nope")), 403);
      StudioSecurityTest.error(TestStudio.send(TestStudio.json(s, "POST", "/api/documents", body).header("Cookie", Guard.COOKIE + "=nope")), 403);
      StudioSecurityTest.error(TestStudio.send(TestStudio.json(s, "POST", "/api/generate", "{\"prompt\": \"a\"}")), 401);
      StudioSecurityTest.error(TestStudio.send(TestStudio.json(s, "DELETE", "/api/documents/x", "")), 401);
      assertThat(documents(s)).isZero();
      assertThat(s.activeGenerations()).isZero();
      assertThat(TestStudio.send(authed(TestStudio.json(s, "POST", "/api/documents", body))).statusCode()).isEqualTo(201);
      assertThat(documents(s)).isEqualTo(1);
    }
  }

  @Test
  void crossOriginWritesAreRefusedEvenWithTheToken() throws Exception {
    TestStudio.tinyModel(workspace);
    try (StudioServer s = TestStudio.start(workspace, TOKEN, StudioLimits.defaults())) {
      HttpResponse<String> created = TestStudio.send(authed(TestStudio.json(s, "POST", "/api/documents", "{\"title\": \"mine\", \"text\": \"kept\"}")));
      String id = JSON.readTree(created.body()).get("id").asText();
      String change = "{\"title\": \"theirs\", \"text\": \"overwritten\"}";
      for (String origin : List.of("http://evil.example", "null", "http://127.0.0.1:1", "https://127.0.0.1:" + s.port())) {
        StudioSecurityTest.error(TestStudio.send(authed(TestStudio.json(s, "PUT", "/api/documents/" + id, change)).header("Origin", origin)), 403);
        StudioSecurityTest.error(TestStudio.send(authed(TestStudio.json(s, "POST", "/api/generate", "{\"prompt\": \"a\"}")).header("Origin", origin)), 403);
      }
      for (String site : List.of("cross-site", "same-site", "none")) {
        StudioSecurityTest.error(TestStudio.send(authed(TestStudio.json(s, "DELETE", "/api/documents/" + id, "")).header("Sec-Fetch-Site", site)), 403);
      }
      JsonNode doc = JSON.readTree(TestStudio.send(authed(TestStudio.request(s, "/api/documents/" + id))).body());
      assertThat(doc.get("title").asText()).isEqualTo("mine");
      assertThat(doc.get("text").asText()).isEqualTo("kept");
      assertThat(s.activeGenerations()).isZero();
      assertThat(s.heldClientSlots()).isZero();
    }
  }

  @Test
  void contentTypesAFormCanSendAreRefused() throws Exception {
    try (StudioServer s = TestStudio.start(workspace, null, StudioLimits.defaults())) {
      String body = "{\"title\": \"x\"}";
      for (String type : List.of("application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain; charset=utf-8",
          "application/jsonp", "application/json-patch+json", "text/json", "")) {
        HttpRequest.Builder r = TestStudio.request(s, "/api/documents").POST(HttpRequest.BodyPublishers.ofString(body));
        if (!type.isEmpty()) r.header("Content-Type", type);
        StudioSecurityTest.error(TestStudio.send(r), 415);
      }
      // Parameters after the media type are fine; its case does not matter.
      assertThat(TestStudio.send(TestStudio.request(s, "/api/documents").header("Content-Type", "Application/JSON; charset=utf-8")
          .POST(HttpRequest.BodyPublishers.ofString(body))).statusCode()).isEqualTo(201);
      assertThat(documents(s)).isEqualTo(1);
    }
  }

  @Test
  void everyAnswerErrorsIncludedCarriesTheContentSecurityPolicy() throws Exception {
    try (StudioServer s = TestStudio.start(workspace, null, StudioLimits.defaults())) {
      List<HttpResponse<String>> answers = List.of(
          TestStudio.get(s, "/"),
          TestStudio.get(s, "/api/health"),
          TestStudio.get(s, "/no/such/page"),
          TestStudio.get(s, "/api/documents/nope"),
          TestStudio.send(TestStudio.request(s, "/api/documents").POST(HttpRequest.BodyPublishers.ofString("{}"))),
          TestStudio.send(TestStudio.json(s, "POST", "/api/documents", "{not json")),
          TestStudio.send(TestStudio.json(s, "POST", "/api/documents", "{}").header("Origin", "http://evil.example")));
      for (HttpResponse<String> r : answers) {
        String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
        assertThat(csp).as("%s %d", r.uri(), r.statusCode()).contains("default-src 'none'").contains("script-src 'self'")
            .contains("frame-ancestors 'none'").contains("base-uri 'none'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(r.headers().firstValue("X-Frame-Options")).contains("DENY");
      }
    }
  }

  @Test
  void htmlInADocumentOnlyEverComesBackAsJson() throws Exception {
    try (StudioServer s = TestStudio.start(workspace, null, StudioLimits.defaults())) {
      String script = "<script>alert(1)</script><img src=x onerror=alert(2)>";
      HttpResponse<String> created = TestStudio.send(TestStudio.json(s, "POST", "/api/documents",
          JSON.writeValueAsString(java.util.Map.of("title", script, "text", script))));
      assertThat(created.statusCode()).isEqualTo(201);
      assertThat(created.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
      String id = JSON.readTree(created.body()).get("id").asText();
      for (String path : List.of("/api/documents", "/api/documents/" + id)) {
        HttpResponse<String> r = TestStudio.get(s, path);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(JSON.readTree(r.body()).toString()).contains("alert(1)"); // kept as data, verbatim
      }
      assertThat(TestStudio.get(s, "/").body()).doesNotContain("alert(1)"); // the page is never rendered with user text
    }
  }
}
