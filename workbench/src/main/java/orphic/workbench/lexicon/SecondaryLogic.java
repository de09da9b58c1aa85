package orphic.workbench.lexicon;

/** How an entry's secondary keys filter a primary-key hit (SillyTavern's "optional filter"). */
public enum SecondaryLogic {
    /** At least one secondary key also matches. */
    AND_ANY,
    /** Every secondary key also matches. */
    AND_ALL,
    /** No secondary key matches. */
    NOT_ANY,
    /** Not every secondary key matches (at least one is missing). */
    NOT_ALL;

    /** Whether {@code matched} of {@code total} secondary keys pass; no secondary keys always pass. */
    boolean passes(int matched, int total) {
        if (total == 0) return true;
        return switch (this) {
            case AND_ANY -> matched > 0;
            case AND_ALL -> matched == total;
            case NOT_ANY -> matched == 0;
            case NOT_ALL -> matched < total;
        };
    }
}
