package orphic.workbench.transform;

/** Input checks shared by the transforms. */
final class Texts {
  private Texts() {}

  static void requireText(String text) {
    if (text == null || text.isBlank()) throw new IllegalArgumentException("the text is empty: give at least one word to transform");
  }
}
