package orphic.lm.sample;

import java.util.Arrays;
import java.util.Collection;

/** Removes the given token ids from every step. */
public final class TokenBan implements LogitProcessor, Stateful<boolean[]> {
    private final int[] ids;

    public TokenBan(int... ids) {
        this.ids = Arrays.stream(ids).distinct().sorted().toArray();
        for (int id : this.ids) {
            if (id < 0) {
                throw new IllegalArgumentException("banned token ids must be ≥ 0, got " + id);
            }
        }
    }

    public TokenBan(Collection<Integer> ids) {
        this(ids.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The banned ids, ascending (a copy). */
    public int[] ids() {
        return ids.clone();
    }

    @Override
    public boolean[] newState(SamplingContext context, int vocabularySize) {
        boolean[] banned = new boolean[vocabularySize];
        for (int id : ids) {
            if (id >= vocabularySize) {
                throw new IllegalArgumentException("token ban names token " + id + " but the vocabulary has "
                        + vocabularySize + " tokens (ids 0.." + (vocabularySize - 1) + ")");
            }
            banned[id] = true;
        }
        return banned;
    }

    @Override
    public void apply(Candidates c, SamplingContext context) {
        boolean[] banned = context.state(this, c.vocabularySize());
        int n = c.size();
        int w = 0;
        for (int i = 0; i < n; i++) {
            if (!banned[c.id(i)]) {
                c.move(i, w++);
            }
        }
        c.setSize(w);
    }

    @Override
    public String toString() {
        return "token-ban(" + ids.length + " tokens)";
    }
}
