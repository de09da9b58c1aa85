package orphic.lm.tokenize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Learns byte-level BPE merges, incrementally:
 * <ol>
 *   <li>Cut the corpus into chunks ({@link Chunker}) and count each distinct chunk once; a chunk
 *       becomes a "word" of byte ids with a frequency.
 *   <li>Count every adjacent pair (a, b) over the words, weighted by frequency, and remember which
 *       words contain it.
 *   <li>Repeatedly take the pair with the highest count (ties: lowest a, then lowest b), give it
 *       the next id, and rewrite only the words that contain it, adjusting the counts of the pairs
 *       in those words.
 * </ol>
 * The best pair comes from a lazy max-heap: a merge only ever lowers the counts of pairs that
 * existed before it (every new adjacency involves the new id), so a heap entry is an upper bound
 * of its pair's count; an entry popped with a stale count is pushed back with the current one, and
 * an entry popped with its current count is the true maximum. Counting stops at the target vocabulary
 * or when no pair occurs at least {@value #MIN_PAIR_COUNT} times.
 */
final class BpeTrainer {
  static final int MIN_PAIR_COUNT = 2;

  /** A pair's running count and the words that contained it when it was counted (may be stale). */
  private static final class Pair {
    final int a;
    final int b;
    long count;
    int[] words = new int[2];
    int nWords;
    int grownAt = -1; // the merge that last raised this pair's count

    Pair(int a, int b) {
      this.a = a;
      this.b = b;
    }

    void addWord(int w) {
      if (nWords > 0 && words[nWords - 1] == w) return;
      if (nWords == words.length) words = java.util.Arrays.copyOf(words, nWords * 2);
      words[nWords++] = w;
    }
  }

  private record Entry(long count, int a, int b) {}

  private final int[][] symbols; // word → ids
  private final int[] lengths;
  private final long[] freq;
  private final Map<Long, Pair> pairs = new HashMap<>();
  private final PriorityQueue<Entry> heap = new PriorityQueue<>((x, y) -> {
    if (x.count != y.count) return Long.compare(y.count, x.count);
    if (x.a != y.a) return Integer.compare(x.a, y.a);
    return Integer.compare(x.b, y.b);
  });
  private final List<Pair> grown = new ArrayList<>();

  private BpeTrainer(Map<String, int[]> chunkCounts) {
    int n = chunkCounts.size();
    symbols = new int[n][];
    lengths = new int[n];
    freq = new long[n];
    int w = 0;
    for (Map.Entry<String, int[]> e : chunkCounts.entrySet()) {
      String chunk = e.getKey();
      byte[] bytes = Utf8.encode(chunk, 0, chunk.length());
      int[] ids = new int[bytes.length];
      for (int i = 0; i < bytes.length; i++) ids[i] = bytes[i] & 0xFF;
      symbols[w] = ids;
      lengths[w] = ids.length;
      freq[w] = e.getValue()[0];
      w++;
    }
  }

  /** Merges learned on text: merges[i] = {a, b} creates id 256 + i. At most vocabSize − 256 merges. */
  static int[][] train(String text, int vocabSize) {
    Map<String, int[]> counts = new HashMap<>();
    Chunker.split(text, (s, e) -> counts.computeIfAbsent(text.substring(s, e), k -> new int[1])[0]++);
    return new BpeTrainer(counts).run(vocabSize - BpeTokenizer.BYTE_TOKENS);
  }

  private int[][] run(int maxMerges) {
    for (int w = 0; w < symbols.length; w++) {
      int[] s = symbols[w];
      for (int i = 0; i + 1 < lengths[w]; i++) {
        Pair p = pair(s[i], s[i + 1]);
        p.count += freq[w];
        p.addWord(w);
      }
    }
    for (Pair p : pairs.values()) heap.add(new Entry(p.count, p.a, p.b));

    List<int[]> merges = new ArrayList<>();
    int[] visited = new int[symbols.length]; // merge number + 1 that last visited the word
    while (merges.size() < maxMerges && !heap.isEmpty()) {
      Entry top = heap.poll();
      Pair p = pairs.get(PairMap.key(top.a, top.b));
      if (p.count != top.count) {
        if (p.count >= MIN_PAIR_COUNT) heap.add(new Entry(p.count, p.a, p.b));
        continue;
      }
      if (p.count < MIN_PAIR_COUNT) break;
      int mergeNumber = merges.size();
      int id = BpeTokenizer.BYTE_TOKENS + mergeNumber;
      merges.add(new int[] {p.a, p.b});
      grown.clear();
      for (int k = 0; k < p.nWords; k++) {
        int w = p.words[k];
        if (visited[w] == mergeNumber + 1) continue;
        visited[w] = mergeNumber + 1;
        mergeWord(w, p.a, p.b, id, mergeNumber);
      }
      p.words = null; // never needed again: (a, b) no longer occurs anywhere
      p.nWords = 0;
      for (Pair q : grown) heap.add(new Entry(q.count, q.a, q.b));
    }
    return merges.toArray(new int[0][]);
  }

  /** Rewrites word w with (a, b) → id and moves the word's pair counts from old to new. */
  private void mergeWord(int w, int a, int b, int id, int mergeNumber) {
    int[] s = symbols[w];
    int len = lengths[w];
    boolean occurs = false;
    for (int i = 0; i + 1 < len; i++) {
      if (s[i] == a && s[i + 1] == b) {
        occurs = true;
        break;
      }
    }
    if (!occurs) return; // a stale entry in the pair's word list
    long f = freq[w];
    for (int i = 0; i + 1 < len; i++) pairs.get(PairMap.key(s[i], s[i + 1])).count -= f;
    int m = 0;
    for (int i = 0; i < len; ) {
      if (i + 1 < len && s[i] == a && s[i + 1] == b) {
        s[m++] = id;
        i += 2;
      } else {
        s[m++] = s[i++];
      }
    }
    lengths[w] = m;
    for (int i = 0; i + 1 < m; i++) {
      Pair q = pair(s[i], s[i + 1]);
      q.count += f;
      if (s[i] == id || s[i + 1] == id) {
        q.addWord(w);
        if (q.grownAt != mergeNumber) {
          q.grownAt = mergeNumber;
          grown.add(q);
        }
      }
    }
  }

  private Pair pair(int a, int b) {
    return pairs.computeIfAbsent(PairMap.key(a, b), k -> new Pair(a, b));
  }
}
