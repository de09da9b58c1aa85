package orphic.workbench.style;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts text into chunks of about {@code size} characters for the style space.
 *
 * <p>Whitespace runs (line breaks included) become one space first: a file's layout (one verse per
 * line, printed line breaks) is an artefact of how it was stored, not of the writing, and text
 * typed or pasted into the detector has none of it. Chunks end at the last space before {@code
 * size} characters (a word is never cut unless it is longer than half a chunk); a final piece
 * shorter than half a chunk is dropped.
 */
public final class TextChunker {
  private TextChunker() {}

  /** {@code text} with every whitespace run turned into one space, stripped. */
  public static String normalizeSpace(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }

  /** Chunks of about {@code size} characters (size ≥ 20), in order. */
  public static List<String> chunks(String text, int size) {
    if (size < 20) throw new IllegalArgumentException("chunk size must be >= 20 characters, got " + size);
    String t = normalizeSpace(text);
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < t.length()) {
      int end = Math.min(t.length(), i + size);
      if (end < t.length()) {
        int sp = t.lastIndexOf(' ', end);
        if (sp > i + size / 2) end = sp;
        else if (Character.isHighSurrogate(t.charAt(end - 1))) end--;
      }
      String c = t.substring(i, end).strip();
      if (c.length() >= size / 2) out.add(c);
      i = end;
      while (i < t.length() && t.charAt(i) == ' ') i++;
    }
    return out;
  }

  /** For scoring: the chunks of {@code text}, or the whole (space-normalised) text when it is shorter than one. */
  public static List<String> forScoring(String text, int size) {
    List<String> c = chunks(text, size);
    if (c.isEmpty()) {
      String t = normalizeSpace(text);
      if (t.isEmpty()) throw new IllegalArgumentException("the text is empty (or only whitespace): give some words to score");
      c = List.of(t);
    }
    return c;
  }
}
