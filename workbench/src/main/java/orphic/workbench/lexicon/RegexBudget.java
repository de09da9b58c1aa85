package orphic.workbench.lexicon;

/**
 * A bound on the work one regex search may do, counted in characters read by the regex engine.
 * Java's backtracking matcher reads the input through {@link CharSequence#charAt} at every step,
 * so counting those reads bounds the steps: a catastrophic pattern such as {@code (a+)+$} against
 * "aaaa…b" gives up after {@code maxSteps} reads instead of running for years. Counting steps
 * (not wall time) keeps activation a deterministic function of its inputs.
 */
final class RegexBudget {
    /** Thrown (without a stack trace) when a search runs out of steps. */
    static final class Exceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Exceeded() {
            super("regex step budget exceeded", null, false, false);
        }
    }

    private final long maxSteps;
    private long steps;

    RegexBudget(long maxSteps) {
        this.maxSteps = maxSteps;
    }

    long steps() {
        return steps;
    }

    void step() {
        if (++steps > maxSteps) {
            throw new Exceeded();
        }
    }

    /** {@code text} as seen by a regex, charging one step per character read. */
    CharSequence wrap(CharSequence text) {
        return new Counted(text, 0, text.length(), this);
    }

    private record Counted(CharSequence text, int start, int end, RegexBudget budget) implements CharSequence {
        @Override
        public int length() {
            return end - start;
        }

        @Override
        public char charAt(int index) {
            budget.step();
            return text.charAt(start + index);
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            return new Counted(text, start + from, start + to, budget);
        }

        @Override
        public String toString() {
            return text.subSequence(start, end).toString();
        }
    }
}
