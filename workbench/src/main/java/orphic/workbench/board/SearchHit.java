package orphic.workbench.board;

/** One result of a board search: the fragment and why it was chosen. */
public record SearchHit(Fragment fragment, Pick pick) {}
