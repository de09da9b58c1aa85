package orphic.workbench.board;

import java.util.Locale;

/** What a board is for: an ordinary mood board, or a failure garden of generated glitches kept with tags. */
public enum BoardKind {
  BOARD,
  FAILURE_GARDEN;

  /** The value stored in {@code moodboard_boards.kind}. */
  public String sqlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static BoardKind ofSql(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}
