package orphic.workbench.board;

/** A board: a named collection of fragments ({@code moodboard_boards}), with its fragment count. */
public record Board(long id, String name, BoardKind kind, String created, int fragments) {}
