package orphic.lm.sample;

/**
 * The working set of one sampling step: candidate token ids with their logits and, once computed,
 * their probabilities (V = vocabulary size, n = {@link #size()} ≤ V).
 *
 * <p>One instance lives in a {@link SamplingContext} and is refilled for every token, so the hot
 * path allocates nothing. Processors edit it in place: change logits, reorder, or remove entries.
 *
 * <p><b>Order.</b> A fresh set is in ascending id order. {@link #sortByLogit()} orders by
 * descending logit with ties broken by the lower id, a total order, so every sort is deterministic.
 * Removing entries keeps the relative order of the rest.
 *
 * <p><b>Probabilities</b> are the softmax of the current logits over the current candidates. They
 * are computed lazily ({@link #prob(int)} or {@link #softmax()}) and become stale when a logit
 * changes or an entry is removed; the next read recomputes them.
 *
 * <p>Not thread-safe.
 */
public final class Candidates {
    private static final int INSERTION_SORT_MAX = 16;

    private enum Order { ID, LOGIT, OTHER }

    private enum Key { LOGIT_DESC, AUX_ASC }

    /** STALE: recompute from logits; PROPORTIONAL: right up to a common factor (after removals); VALID. */
    private enum Probs { STALE, PROPORTIONAL, VALID }

    private final int vocabularySize;
    private final int[] ids;
    private final double[] logits;
    private final double[] probs;
    /** Per-candidate scratch key, moved with its entry (e.g. typical sampling's shifted scores). */
    final double[] aux;
    /** Per-token-id scratch; whoever uses it must leave it all zero. */
    final double[] byId;
    /** Per-position scratch for selection. */
    private final int[] heap;
    private final int[] mark;
    private int markStamp;
    private int size;
    private Probs probState = Probs.STALE;
    /** Logits not yet materialised from the probabilities (after {@link #resetToDistribution}). */
    private boolean logitsPending;
    /** Set when temperature 0 decided the step: samplers then take the one candidate without a draw. */
    private boolean decided;
    private Order order = Order.ID;
    private Key key = Key.LOGIT_DESC;

    Candidates(int vocabularySize) {
        this.vocabularySize = vocabularySize;
        this.ids = new int[vocabularySize];
        this.logits = new double[vocabularySize];
        this.probs = new double[vocabularySize];
        this.aux = new double[vocabularySize];
        this.byId = new double[vocabularySize];
        this.heap = new int[vocabularySize];
        this.mark = new int[vocabularySize];
    }

    /** Refill with every token of the vocabulary, in id order. raw: (V) */
    void reset(float[] raw) {
        for (int i = 0; i < vocabularySize; i++) {
            ids[i] = i;
            logits[i] = raw[i];
        }
        size = vocabularySize;
        order = Order.ID;
        probState = Probs.STALE;
        logitsPending = false;
        decided = false;
    }

    /**
     * Replace the set by the whole vocabulary with the given normalised distribution (by id,
     * entries &gt; 0). The logits (ln p) are only computed if a later stage reads them.
     */
    void resetToDistribution(double[] probsById) {
        for (int i = 0; i < vocabularySize; i++) {
            ids[i] = i;
            probs[i] = probsById[i];
        }
        size = vocabularySize;
        order = Order.ID;
        probState = Probs.VALID;
        logitsPending = true;
        decided = false;
    }

    /** Marks the step as decided greedily (temperature 0): one candidate, no random draw. */
    void markDecided() {
        decided = true;
    }

    /** Whether temperature 0 left exactly one candidate, so no draw is taken. */
    boolean isDecided() {
        return decided && size == 1;
    }

    private void ensureLogits() {
        if (logitsPending) {
            for (int i = 0; i < size; i++) {
                logits[i] = Math.log(probs[i]);
            }
            logitsPending = false;
        }
    }

    /** Number of candidates left. */
    public int size() {
        return size;
    }

    /** V, the size of the model's vocabulary (the length of the logits vector). */
    public int vocabularySize() {
        return vocabularySize;
    }

    /** Token id of candidate i. */
    public int id(int i) {
        return ids[i];
    }

    /** Current logit of candidate i. */
    public double logit(int i) {
        ensureLogits();
        return logits[i];
    }

    /** Probability of candidate i under the softmax of the current logits over the current set. */
    public double prob(int i) {
        if (probState != Probs.VALID) {
            softmax();
        }
        return probs[i];
    }

    /** Sets the logit of candidate i (the probabilities and the logit order become stale). */
    public void setLogit(int i, double logit) {
        ensureLogits();
        logits[i] = logit;
        probState = Probs.STALE;
        if (order == Order.LOGIT) {
            order = Order.OTHER;
        }
    }

    /** Divides every logit by t &gt; 0 (keeps the order). */
    public void divideLogits(double t) {
        ensureLogits();
        for (int i = 0; i < size; i++) {
            logits[i] /= t;
        }
        probState = Probs.STALE;
    }

    /**
     * Makes the probabilities current: the softmax of the logits over the current candidates.
     * Cheap when nothing changed, and after removals only renormalises (no exponentials).
     */
    public void softmax() {
        if (probState == Probs.VALID) {
            return;
        }
        if (probState == Probs.PROPORTIONAL) {
            double sum = 0;
            for (int i = 0; i < size; i++) {
                sum += probs[i];
            }
            for (int i = 0; i < size; i++) {
                probs[i] /= sum;
            }
            probState = Probs.VALID;
            return;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            if (logits[i] > max) {
                max = logits[i];
            }
        }
        double sum = 0;
        for (int i = 0; i < size; i++) {
            double e = Math.exp(logits[i] - max);
            probs[i] = e;
            sum += e;
        }
        for (int i = 0; i < size; i++) {
            probs[i] /= sum;
        }
        probState = Probs.VALID;
    }

    /** Whether the candidates are in descending logit order (ties: lower id first). */
    public boolean isSortedByLogit() {
        return order == Order.LOGIT;
    }

    /** Whether the candidates are in ascending id order. */
    public boolean isInIdOrder() {
        return order == Order.ID;
    }

    /** Sorts by descending logit, ties broken by the lower id. */
    public void sortByLogit() {
        if (order == Order.LOGIT) {
            return;
        }
        ensureLogits();
        key = Key.LOGIT_DESC;
        sort(0, size);
        order = Order.LOGIT;
    }

    /** Keeps the k highest logits (ties: lower id), sorted; k ≥ size sorts and keeps all. */
    public void keepTop(int k) {
        if (k >= size) {
            sortByLogit();
            return;
        }
        if (order != Order.LOGIT) {
            ensureLogits();
            key = Key.LOGIT_DESC;
            if (k * 8 <= size) {
                heapSelect(k);
            } else {
                select(k);
            }
            sort(0, k);
            order = Order.LOGIT;
        }
        truncate(k);
    }

    /** Keeps the first n candidates in the current order. */
    public void truncate(int n) {
        if (n < 0 || n > size) {
            throw new IllegalArgumentException("truncate(" + n + ") needs 0 ≤ n ≤ size " + size);
        }
        if (n < size) {
            size = n;
            entriesRemoved();
        }
    }

    /** Probabilities of the survivors stay proportional; renormalising is enough. */
    private void entriesRemoved() {
        if (probState == Probs.VALID) {
            probState = Probs.PROPORTIONAL;
        }
    }

    /** Removes candidate i, keeping the order of the others. */
    public void removeAt(int i) {
        for (int j = i + 1; j < size; j++) {
            move(j, j - 1);
        }
        size--;
        entriesRemoved();
    }

    /** Index of the candidate with this token id, or -1. */
    public int indexOf(int id) {
        if (order == Order.ID && size == vocabularySize) {
            return id >= 0 && id < size ? id : -1;
        }
        for (int i = 0; i < size; i++) {
            if (ids[i] == id) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the highest logit (ties: lower id), or -1 when empty. */
    public int argmax() {
        ensureLogits();
        if (order == Order.LOGIT) {
            return size > 0 ? 0 : -1;
        }
        int best = -1;
        for (int i = 0; i < size; i++) {
            if (best < 0 || logits[i] > logits[best] || (logits[i] == logits[best] && ids[i] < ids[best])) {
                best = i;
            }
        }
        return best;
    }

    // ---- package-private editing used by the built-in processors ----

    /** Copies entry from into slot to (compaction loops end with {@link #setSize}). */
    void move(int from, int to) {
        ids[to] = ids[from];
        logits[to] = logits[from];
        probs[to] = probs[from];
        aux[to] = aux[from];
    }

    /** Sets the number of candidates after a compaction; probabilities become stale. */
    void setSize(int n) {
        if (n != size) {
            size = n;
            entriesRemoved();
        }
    }

    /** Sorts by {@link #aux} ascending, ties by lower id; the set is then in no named order. */
    void sortByAuxAscending() {
        key = Key.AUX_ASC;
        sort(0, size);
        order = Order.OTHER;
    }

    double[] probsArray() {
        softmax();
        return probs;
    }

    // ---- sorting on the parallel arrays (no allocation; keys are distinct because ids are) ----

    private boolean before(int a, int b) {
        if (key == Key.LOGIT_DESC) {
            return logits[a] > logits[b] || (logits[a] == logits[b] && ids[a] < ids[b]);
        }
        return aux[a] < aux[b] || (aux[a] == aux[b] && ids[a] < ids[b]);
    }

    private void swap(int a, int b) {
        int ti = ids[a];
        ids[a] = ids[b];
        ids[b] = ti;
        double t = logits[a];
        logits[a] = logits[b];
        logits[b] = t;
        t = probs[a];
        probs[a] = probs[b];
        probs[b] = t;
        t = aux[a];
        aux[a] = aux[b];
        aux[b] = t;
    }

    /** Quicksort of [lo, hi); recursion only into the smaller half, so the depth is O(log n). */
    private void sort(int lo, int hi) {
        while (hi - lo > INSERTION_SORT_MAX) {
            int p = partition(lo, hi);
            if (p - lo < hi - p - 1) {
                sort(lo, p);
                lo = p + 1;
            } else {
                sort(p + 1, hi);
                hi = p;
            }
        }
        insertionSort(lo, hi);
    }

    /** Quickselect: afterwards [0, k) holds the k first entries in key order (unsorted). */
    private void select(int k) {
        int lo = 0;
        int hi = size;
        while (hi - lo > INSERTION_SORT_MAX) {
            int p = partition(lo, hi);
            if (p == k) {
                return;
            }
            if (p < k) {
                lo = p + 1;
            } else {
                hi = p;
            }
        }
        insertionSort(lo, hi);
    }

    /**
     * Moves the k first entries in key order to [0, k) (unsorted), keeping their relative order:
     * one pass with a heap of the k best positions (root = the worst of them), so most entries
     * cost a single comparison. For k much smaller than size.
     */
    private void heapSelect(int k) {
        for (int i = 0; i < k; i++) {
            heap[i] = i;
            int c = i;
            while (c > 0 && before(heap[(c - 1) / 2], heap[c])) {
                swapHeap(c, (c - 1) / 2);
                c = (c - 1) / 2;
            }
        }
        for (int i = k; i < size; i++) {
            if (before(i, heap[0])) {
                heap[0] = i;
                int c = 0;
                while (true) {
                    int l = 2 * c + 1;
                    if (l >= k) {
                        break;
                    }
                    int worst = l + 1 < k && before(heap[l], heap[l + 1]) ? l + 1 : l;
                    if (before(heap[worst], heap[c])) {
                        break;
                    }
                    swapHeap(c, worst);
                    c = worst;
                }
            }
        }
        int stamp = ++markStamp;
        for (int i = 0; i < k; i++) {
            mark[heap[i]] = stamp;
        }
        int w = 0;
        for (int i = 0; i < size && w < k; i++) {
            if (mark[i] == stamp) {
                move(i, w++);
            }
        }
    }

    private void swapHeap(int a, int b) {
        int t = heap[a];
        heap[a] = heap[b];
        heap[b] = t;
    }

    /** Lomuto partition around the median of three; returns the pivot's final index. */
    private int partition(int lo, int hi) {
        int mid = (lo + hi) >>> 1;
        int last = hi - 1;
        if (before(mid, lo)) {
            swap(mid, lo);
        }
        if (before(last, lo)) {
            swap(last, lo);
        }
        if (before(mid, last)) {
            swap(mid, last);
        }
        int store = lo;
        for (int j = lo; j < last; j++) {
            if (before(j, last)) {
                swap(store++, j);
            }
        }
        swap(store, last);
        return store;
    }

    private void insertionSort(int lo, int hi) {
        for (int i = lo + 1; i < hi; i++) {
            for (int j = i; j > lo && before(j, j - 1); j--) {
                swap(j, j - 1);
            }
        }
    }
}
