package orphic.workbench.board;

import java.util.Locale;

/**
 * What a fragment holds. {@link #TEXT} now; {@link #IMAGE} carries a file path and user tags (its
 * searchable text is its caption plus tags until an image embedder joins).
 */
public enum FragmentKind {
  TEXT,
  IMAGE;

  public String sqlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static FragmentKind ofSql(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}
