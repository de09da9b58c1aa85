package orphic.workbench.lexicon;

import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * How {@link Activator} scans: how much recent text, how much priming fits, the defaults entries
 * may override, and the regex step bound.
 *
 * @param scanDepth characters at the end of the text that are scanned (0 = all of it)
 * @param budget what the primed entries may cost in all, in the units of {@code cost} (0 = no limit)
 * @param cost the cost of one entry's priming text: characters by default; pass a tokenizer's
 *     token count for a token budget
 * @param caseSensitive default for plain keys (false)
 * @param wholeWords default for plain keys (true: "king" does not fire on "liking")
 * @param regexSteps characters a regex key may read per search before it gives up (1,000,000)
 */
public record ScanSettings(int scanDepth, int budget, ToIntFunction<String> cost, boolean caseSensitive, boolean wholeWords, long regexSteps) {
    public static final long DEFAULT_REGEX_STEPS = 1_000_000;
    /** Scan everything, no budget, character cost, case-insensitive whole words. */
    public static final ScanSettings DEFAULT = new ScanSettings(0, 0, String::length, false, true, DEFAULT_REGEX_STEPS);

    public ScanSettings {
        if (scanDepth < 0) throw new IllegalArgumentException("scan depth is a number of characters ≥ 0 (0 = all), got " + scanDepth);
        if (budget < 0) throw new IllegalArgumentException("budget must be ≥ 0 (0 = no limit), got " + budget);
        Objects.requireNonNull(cost, "cost");
        if (regexSteps < 1) throw new IllegalArgumentException("regex steps must be ≥ 1, got " + regexSteps);
    }

    public ScanSettings withScanDepth(int v) { return new ScanSettings(v, budget, cost, caseSensitive, wholeWords, regexSteps); }
    public ScanSettings withBudget(int v) { return new ScanSettings(scanDepth, v, cost, caseSensitive, wholeWords, regexSteps); }
    public ScanSettings withCost(ToIntFunction<String> v) { return new ScanSettings(scanDepth, budget, v, caseSensitive, wholeWords, regexSteps); }
    public ScanSettings withCaseSensitive(boolean v) { return new ScanSettings(scanDepth, budget, cost, v, wholeWords, regexSteps); }
    public ScanSettings withWholeWords(boolean v) { return new ScanSettings(scanDepth, budget, cost, caseSensitive, v, regexSteps); }
    public ScanSettings withRegexSteps(long v) { return new ScanSettings(scanDepth, budget, cost, caseSensitive, wholeWords, v); }
}
