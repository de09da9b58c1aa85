package orphic.workbench.board;

import java.util.List;

/**
 * One stored fragment ({@code moodboard_fragments}).
 *
 * @param path the image file for {@link FragmentKind#IMAGE}, else null
 * @param tags the user's tags
 * @param autoTags abstract concepts found by {@link ConceptTagger} when it was added
 * @param source where it came from (a file, "generated", …), or null
 */
public record Fragment(long id, String board, FragmentKind kind, String text, String path, List<String> tags,
    List<String> autoTags, String source, String created) {
  public Fragment {
    tags = List.copyOf(tags);
    autoTags = List.copyOf(autoTags);
  }

  /** What is embedded and indexed: the text; for an image its caption and tags. */
  public String searchableText() {
    return searchableText(kind, text, tags);
  }

  static String searchableText(FragmentKind kind, String text, List<String> tags) {
    if (kind == FragmentKind.TEXT) return text;
    String t = String.join(", ", tags);
    return text.isBlank() ? "image: " + t : text + " (" + t + ")";
  }
}
