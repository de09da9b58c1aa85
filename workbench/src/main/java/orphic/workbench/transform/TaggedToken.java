package orphic.workbench.transform;

/**
 * A token of the source text: its characters [start, end) and its Universal Dependencies
 * part-of-speech tag (NOUN, PROPN, ADJ, VERB, AUX, PRON, DET, ADP, PUNCT, ...) from OpenNLP.
 */
public record TaggedToken(String text, int start, int end, String tag) {
  /** Letters only (apostrophes and hyphens inside allowed): the tokens the word rules look at. */
  public boolean isWord() {
    if (text.isEmpty() || !Character.isLetter(text.charAt(0))) return false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isLetter(c) && c != '\'' && c != '’' && c != '-') return false;
    }
    return true;
  }
}
