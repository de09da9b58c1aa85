package orphic.workbench.lexicon;

/** What happened to one entry in an activation pass, in the order the checks run. */
public enum Outcome {
    /** Fired: its priming text is in and its phrase bias (if any) applies. */
    FIRED,
    /** Disabled in its settings. */
    DISABLED,
    /** No primary key matched the scanned text. */
    NO_KEY,
    /** A primary key matched but the secondary-key logic failed. */
    SECONDARY_FAILED,
    /** An anti key matched. */
    ANTI_KEY,
    /** Its probability roll failed. */
    PROBABILITY,
    /** Another member of its inclusion group won. */
    LOST_GROUP,
    /** Its priming text did not fit the remaining budget. */
    OVER_BUDGET
}
