package orphic.studio.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;

/**
 * The checks every request passes before a handler sees it, and the headers every response
 * carries.
 *
 * <ul>
 *   <li><b>Host</b> (loopback mode): the Host header must name this machine (127.0.0.1, localhost,
 *       [::1]) and our port, so a web page whose DNS name was rebound to 127.0.0.1 cannot read or
 *       change anything.
 *   <li><b>Token</b> (when one is required): {@code Authorization: Bearer TOKEN}, or the
 *       {@code orphic_token} cookie that opening {@code /?token=TOKEN} sets (HttpOnly,
 *       SameSite=Strict); missing → 401, wrong → 403. Compared in constant time.
 *   <li><b>Same origin</b> for POST, PUT, PATCH and DELETE: a browser's {@code Sec-Fetch-Site} must
 *       be same-origin and its {@code Origin}, when sent, must be this server; else 403.
 *   <li><b>JSON only</b>: POST, PUT and PATCH must send {@code Content-Type: application/json}
 *       (415 otherwise), which also keeps out the "simple" cross-site requests a form can send.
 *   <li><b>Size</b>: a declared body over the limit is refused with 413 before it is read
 *       ({@link Json#body} enforces the limit on what is actually read).
 * </ul>
 *
 * Every response gets a Content-Security-Policy allowing scripts, styles and connections from this
 * origin only (no inline script, no eval, no framing), {@code X-Content-Type-Options: nosniff},
 * {@code Referrer-Policy: no-referrer} and {@code X-Frame-Options: DENY}.
 */
final class Guard {
  static final String COOKIE = "orphic_token";
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
      + "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");

  private final StudioConfig config;
  private final boolean loopback;
  private volatile int port;

  Guard(StudioConfig config) {
    this.config = config;
    this.loopback = StudioConfig.isLoopback(config.host());
  }

  /** The port actually bound (known after start; the Host check needs it). */
  void port(int port) {
    this.port = port;
  }

  void headers(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    ctx.header("Cross-Origin-Resource-Policy", "same-origin");
  }

  void check(Context ctx) {
    headers(ctx);
    String method = ctx.req().getMethod().toUpperCase(Locale.ROOT);
    String host = ctx.header("Host");
    if (loopback && !localHost(host)) {
      throw new ApiError(403, "this studio only answers requests addressed to this machine (Host was '" + clip(host) + "')",
          "open it at http://127.0.0.1:" + port + "/");
    }
    if (config.tokenRequired()) checkToken(ctx);
    if (STATE_CHANGING.contains(method)) {
      String site = ctx.header("Sec-Fetch-Site");
      if (site != null && !site.equalsIgnoreCase("same-origin")) {
        throw new ApiError(403, "cross-site request refused (Sec-Fetch-Site: " + clip(site) + ")",
            "use the studio's own page; other sites may not change your documents");
      }
      String origin = ctx.header("Origin");
      if (origin != null && !origin.equalsIgnoreCase(ctx.scheme() + "://" + host)) {
        throw new ApiError(403, "cross-origin request refused (Origin: " + clip(origin) + ")",
            "use the studio's own page; other sites may not change your documents");
      }
    }
    if (WITH_BODY.contains(method)) {
      String type = ctx.header("Content-Type");
      String base = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
      if (!base.equals("application/json")) {
        throw new ApiError(415, "request bodies must be JSON (Content-Type was '" + clip(type) + "')",
            "send Content-Type: application/json with a JSON body");
      }
      long length = ctx.req().getContentLengthLong();
      if (length > config.limits().maxBodyBytes()) throw Json.tooLarge(config.limits());
    }
  }

  private boolean localHost(String host) {
    if (host == null) return false;
    String h = host.toLowerCase(Locale.ROOT);
    String p = ":" + port;
    return h.equals("127.0.0.1" + p) || h.equals("localhost" + p) || h.equals("[::1]" + p);
  }

  private void checkToken(Context ctx) {
    String given = null;
    String auth = ctx.header("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) given = auth.substring(7).trim();
    if (given == null) given = ctx.cookie(COOKIE);
    String query = ctx.queryParam("token");
    if (given == null && query != null && ctx.path().equals("/") && ctx.req().getMethod().equals("GET")) {
      // Opening the printed address: trade the token in the URL for a cookie, then drop it from the address bar.
      if (!matches(query)) throw new ApiError(403, "wrong access token", "open the address the studio printed when it started");
      ctx.res().addHeader("Set-Cookie", COOKIE + "=" + config.token() + "; Path=/; HttpOnly; SameSite=Strict");
      ctx.header("Cache-Control", "no-store");
      ctx.redirect("/");
      ctx.skipRemainingHandlers();
      throw new Redirected();
    }
    if (given == null) {
      throw new ApiError(401, "this studio needs its access token",
          "open the address the studio printed when it started (it ends in ?token=…), or send Authorization: Bearer TOKEN");
    }
    if (!matches(given)) throw new ApiError(403, "wrong access token", "use the token the studio printed when it started");
  }

  private boolean matches(String given) {
    return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), config.token().getBytes(StandardCharsets.UTF_8));
  }

  /** Header values quoted in errors are short and plain (the error is JSON either way). */
  private static String clip(String s) {
    if (s == null) return "";
    String t = s.replaceAll("[^\\x20-\\x7e]", "?");
    return t.length() > 80 ? t.substring(0, 80) + "…" : t;
  }

  /** Thrown after answering with a redirect: nothing more to do for this request. */
  static final class Redirected extends RuntimeException {
    Redirected() {
      super(null, null, false, false);
    }
  }
}
