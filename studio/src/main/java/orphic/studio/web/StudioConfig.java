package orphic.studio.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * How to run the studio.
 *
 * @param workspace the workspace directory (created if missing); models are looked for in its
 *     {@code models/} folder, documents, the loom and the lexicon in its {@code orphic.db}
 * @param model an extra model directory to offer (the {@code --model} option), or null
 * @param host the address to listen on
 * @param port the port; 0 picks a free one
 * @param token the access token every request must carry, or null when none is required
 * @param limits request limits
 */
public record StudioConfig(Path workspace, Path model, String host, int port, String token, StudioLimits limits) {
  public StudioConfig {
    Objects.requireNonNull(workspace, "workspace");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(limits, "limits");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be in 0..65535, got " + port);
    if (token != null && token.length() < 16) throw new IllegalArgumentException("an access token must have at least 16 characters");
    if (token == null && !isLoopback(host)) {
      throw new IllegalArgumentException("listening on " + host + " (not this machine only) needs an access token;"
          + " use StudioConfig.of, which generates one, or --host 127.0.0.1");
    }
  }

  /** Loopback, no token, default limits. */
  public static StudioConfig local(Path workspace, Path model, int port) {
    return new StudioConfig(workspace, model, "127.0.0.1", port, null, StudioLimits.defaults());
  }

  /**
   * A configuration with a fresh random access token (256 bits, URL-safe) when one is asked for or
   * the host is not loopback, else none.
   */
  public static StudioConfig of(Path workspace, Path model, String host, int port, boolean requireToken, StudioLimits limits) {
    String token = requireToken || !isLoopback(host) ? generateToken() : null;
    return new StudioConfig(workspace, model, host, port, token, limits);
  }

  static String generateToken() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public StudioConfig withLimits(StudioLimits l) {
    return new StudioConfig(workspace, model, host, port, token, l);
  }

  public boolean tokenRequired() {
    return token != null;
  }

  /** True for 127.0.0.0/8, ::1 and "localhost": only this machine can connect. */
  public static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) return true;
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) return false; // only literal addresses: no DNS lookups here
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
