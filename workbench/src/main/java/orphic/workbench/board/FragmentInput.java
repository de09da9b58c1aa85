package orphic.workbench.board;

import java.util.List;
import java.util.Objects;

/** A fragment to add: {@link #text} or {@link #image}, with user tags and an optional source. */
public record FragmentInput(FragmentKind kind, String text, String path, List<String> tags, String source) {
  public FragmentInput {
    Objects.requireNonNull(kind, "kind");
    text = text == null ? "" : text;
    tags = tags == null ? List.of() : tags.stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    if (kind == FragmentKind.TEXT && text.isBlank()) throw new IllegalArgumentException("a text fragment needs some text");
    if (kind == FragmentKind.IMAGE && (path == null || path.isBlank())) throw new IllegalArgumentException("an image fragment needs the image's path");
    if (kind == FragmentKind.IMAGE && tags.isEmpty() && text.isBlank()) {
      throw new IllegalArgumentException("an image fragment needs tags or a caption: nothing else describes it yet");
    }
  }

  public static FragmentInput text(String text, List<String> tags, String source) {
    return new FragmentInput(FragmentKind.TEXT, text, null, tags, source);
  }

  /** An image by path, described by its user tags and an optional caption. */
  public static FragmentInput image(String path, String caption, List<String> tags, String source) {
    return new FragmentInput(FragmentKind.IMAGE, caption, path, tags, source);
  }
}
