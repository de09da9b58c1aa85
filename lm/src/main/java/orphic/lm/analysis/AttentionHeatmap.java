package orphic.lm.analysis;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

/**
 * A PNG heatmap of an {@link AttentionMatrix}: query rows top to bottom, key columns left to
 * right, white for weight 0 through to dark blue for weight 1, on a square-root scale so that
 * weak but real attention stays visible; light grey marks what the row cannot see (right of the
 * diagonal, or left of the window past the context). Each token is a square of
 * max(1, 512 / n) pixels (at most 16); texts longer than {@value #MAX_PIXELS} tokens are averaged
 * down to {@value #MAX_PIXELS} pixels a side.
 */
public final class AttentionHeatmap {
  private AttentionHeatmap() {}

  /** Largest side in pixels. */
  public static final int MAX_PIXELS = 2048;
  private static final int MASKED = 0xECECEC;

  /** The heatmap as an image. */
  public static BufferedImage render(AttentionMatrix a) {
    int n = a.length();
    int cells = Math.min(n, MAX_PIXELS);
    int cell = Math.max(1, Math.min(16, 512 / cells));
    int side = cells * cell;
    BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < cells; y++) {
      int i0 = (int) ((long) y * n / cells), i1 = (int) ((long) (y + 1) * n / cells);
      for (int x = 0; x < cells; x++) {
        int j0 = (int) ((long) x * n / cells), j1 = (int) ((long) (x + 1) * n / cells);
        double sum = 0;
        int seen = 0;
        for (int i = i0; i < i1; i++) {
          int lo = a.rowStart(i);
          for (int j = Math.max(j0, lo); j < j1 && j <= i; j++) {
            sum += a.weight(i, j);
            seen++;
          }
        }
        int rgb = seen == 0 ? MASKED : colour(sum / ((double) (i1 - i0) * (j1 - j0)));
        for (int dy = 0; dy < cell; dy++) for (int dx = 0; dx < cell; dx++) img.setRGB(x * cell + dx, y * cell + dy, rgb);
      }
    }
    return img;
  }

  /** White (0) to dark blue (1) through sqrt(w). */
  static int colour(double w) {
    double s = Math.sqrt(Math.max(0, Math.min(1, w)));
    int r = (int) Math.round(255 - s * (255 - 8));
    int g = (int) Math.round(255 - s * (255 - 48));
    int b = (int) Math.round(255 - s * (255 - 107));
    return (r << 16) | (g << 8) | b;
  }

  /** Writes the heatmap to {@code path} (atomically: a temporary file, then a rename). */
  public static void write(AttentionMatrix a, Path path) {
    try {
      Path parent = path.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, ".heatmap", ".png.tmp");
      try {
        if (!ImageIO.write(render(a), "png", tmp.toFile())) throw new IOException("no PNG writer in this JVM");
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the heatmap " + path + ": " + e.getMessage(), e);
    }
  }
}
