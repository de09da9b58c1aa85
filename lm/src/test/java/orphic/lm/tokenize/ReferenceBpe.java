package orphic.lm.tokenize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The obvious, slow BPE trainer that defines the semantics the incremental {@link BpeTrainer}
 * must reproduce: recount every pair of every word before each merge.
 */
final class ReferenceBpe {
  private ReferenceBpe() {}

  static int[][] train(String text, int vocabSize) {
    Map<String, Integer> chunks = new LinkedHashMap<>();
    Chunker.split(text, (s, e) -> chunks.merge(text.substring(s, e), 1, Integer::sum));
    List<int[]> words = new ArrayList<>();
    List<Integer> freq = new ArrayList<>();
    for (Map.Entry<String, Integer> e : chunks.entrySet()) {
      byte[] b = Utf8.encode(e.getKey(), 0, e.getKey().length());
      int[] w = new int[b.length];
      for (int i = 0; i < b.length; i++) w[i] = b[i] & 0xFF;
      words.add(w);
      freq.add(e.getValue());
    }
    List<int[]> merges = new ArrayList<>();
    while (256 + merges.size() < vocabSize) {
      Map<Long, Long> counts = new HashMap<>();
      for (int k = 0; k < words.size(); k++) {
        int[] w = words.get(k);
        for (int i = 0; i + 1 < w.length; i++) counts.merge(PairMap.key(w[i], w[i + 1]), (long) freq.get(k), Long::sum);
      }
      long bestKey = -1;
      long bestCount = 0;
      for (Map.Entry<Long, Long> e : counts.entrySet()) {
        long c = e.getValue();
        if (c > bestCount || (c == bestCount && e.getKey() < bestKey)) {
          bestCount = c;
          bestKey = e.getKey();
        }
      }
      if (bestCount < 2) break;
      int a = (int) (bestKey >>> 32);
      int b = (int) bestKey;
      int id = 256 + merges.size();
      merges.add(new int[] {a, b});
      for (int k = 0; k < words.size(); k++) {
        int[] w = words.get(k);
        int[] out = new int[w.length];
        int m = 0;
        for (int i = 0; i < w.length; ) {
          if (i + 1 < w.length && w[i] == a && w[i + 1] == b) {
            out[m++] = id;
            i += 2;
          } else {
            out[m++] = w[i++];
          }
        }
        words.set(k, java.util.Arrays.copyOf(out, m));
      }
    }
    return merges.toArray(new int[0][]);
  }
}
