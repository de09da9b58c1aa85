package orphic.lm.sample;

/**
 * Repetition, frequency and presence penalties over the last {@code lastN} tokens of the history
 * (prompt included), as llama.cpp: for a candidate seen c &gt; 0 times,
 * {@code logit ← logit·repeat} if logit ≤ 0 else {@code logit/repeat}, then
 * {@code logit −= c·frequency + presence}.
 *
 * @param lastN window: −1 = the whole history, 0 = off, else the last lastN tokens
 * @param repeat &gt; 0 (1 = off)
 * @param frequency per occurrence (0 = off; negative rewards repetition)
 * @param presence once if present (0 = off)
 */
public record Penalties(int lastN, double repeat, double frequency, double presence)
        implements LogitProcessor, Stateful<int[]> {

    public Penalties {
        Check.atLeast("penalty-last-n", lastN, -1);
        Check.positive("repeat-penalty", repeat);
        Check.finite("frequency-penalty", frequency);
        Check.finite("presence-penalty", presence);
    }

    @Override
    public int[] newState(SamplingContext context, int vocabularySize) {
        return new int[vocabularySize];
    }

    @Override
    public void apply(Candidates c, SamplingContext context) {
        if (lastN == 0 || (repeat == 1 && frequency == 0 && presence == 0)) {
            return;
        }
        int[] counts = context.state(this, c.vocabularySize());
        int len = context.length();
        int from = lastN < 0 ? 0 : Math.max(0, len - lastN);
        int v = c.vocabularySize();
        for (int i = from; i < len; i++) {
            int t = context.tokenAt(i);
            if (t < v) {
                counts[t]++;
            }
        }
        int n = c.size();
        for (int i = 0; i < n; i++) {
            int count = counts[c.id(i)];
            if (count > 0) {
                double l = c.logit(i);
                l = l <= 0 ? l * repeat : l / repeat;
                l -= count * frequency + presence;
                c.setLogit(i, l);
            }
        }
        for (int i = from; i < len; i++) {
            int t = context.tokenAt(i);
            if (t < v) {
                counts[t] = 0;
            }
        }
    }

    @Override
    public String toString() {
        return "penalties(last-n=" + lastN + ", repeat=" + Check.fmt(repeat) + ", freq=" + Check.fmt(frequency)
                + ", present=" + Check.fmt(presence) + ")";
    }
}
