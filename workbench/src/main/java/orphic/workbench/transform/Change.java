package orphic.workbench.transform;

/**
 * One edit made by a transform, in the coordinates of the source text: characters
 * [start, end) of the source ("before") became "after" (an insertion has start == end and an empty
 * before). rule names the rule that fired (e.g. {@code antonym}, {@code synesthesia},
 * {@code term-injection}, {@code archaic-pronoun}); why says what licensed it (the WordNet relation
 * and sense, the table row, the grammatical reason).
 */
public record Change(int start, int end, String before, String after, String rule, String why) {
  public Change {
    if (start < 0 || end < start) throw new IllegalArgumentException("bad change span [" + start + ", " + end + ")");
  }
}
