package orphic.workbench.board;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Fragments cut from the demo corpus in orphic-lm's resources: paragraphs of 80+ characters, up to 360. */
final class DemoFragments {
  record Piece(String source, String text) {}

  private DemoFragments() {}

  static List<Piece> load(int perFile) {
    List<Piece> out = new ArrayList<>();
    for (String name : List.of("liturgical", "dialogue", "philosophical")) {
      String path = "/orphic/lm/demo/" + name + ".txt";
      try (InputStream in = DemoFragments.class.getResourceAsStream(path)) {
        if (in == null) throw new IllegalStateException(path + " missing from the classpath");
        String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        int n = 0;
        for (String para : all.split("\\R\\s*\\R")) {
          String p = para.strip().replaceAll("\\s*\\R\\s*", " ");
          if (p.length() < 80) continue;
          if (p.length() > 360) {
            int cut = p.lastIndexOf(' ', 360);
            p = p.substring(0, cut > 0 ? cut : 360) + " …";
          }
          out.add(new Piece(name + ".txt", p));
          if (++n == perFile) break;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }
}
