package orphic.workbench.board;

/** A tag and how many fragments carry it; {@code auto} for concept tags found by {@link ConceptTagger}. */
public record TagCount(String tag, boolean auto, int count) {}
