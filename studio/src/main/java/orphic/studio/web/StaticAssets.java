package orphic.studio.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The page: plain ES modules, CSS and icons read from the jar under {@code orphic/studio/web/}.
 * Only simple file names are served (no folders, no dots beyond the extension), so no request can
 * reach other resources.
 */
final class StaticAssets {
  static final String ROOT = "/orphic/studio/web/";
  private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,64}\\.(js|css|svg|html)");
  private static final Map<String, String> TYPES = Map.of(
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml",
      "html", "text/html; charset=utf-8");

  void index(Context ctx) throws IOException {
    serve(ctx, "index.html");
  }

  void asset(Context ctx) throws IOException {
    serve(ctx, ctx.pathParam("name"));
  }

  private void serve(Context ctx, String name) throws IOException {
    if (!NAME.matcher(name).matches()) throw new ApiError(404, "no such file", "the page's files are listed in index.html");
    byte[] bytes;
    try (InputStream in = StaticAssets.class.getResourceAsStream(ROOT + name)) {
      if (in == null) throw new ApiError(404, "no such file", "the page's files are listed in index.html");
      bytes = in.readAllBytes();
    }
    String ext = name.substring(name.lastIndexOf('.') + 1);
    ctx.header("Cache-Control", "no-cache");
    ctx.contentType(TYPES.get(ext)).result(bytes);
  }
}
