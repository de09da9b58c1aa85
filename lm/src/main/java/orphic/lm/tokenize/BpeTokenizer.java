package orphic.lm.tokenize;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-level BPE. Ids 0–255 are the bytes; id 256 + i is merge i, the concatenation of its two
 * parts. Text is cut into chunks ({@link Chunker}), each chunk's UTF-8 bytes are merged in merge
 * order (repeatedly the earliest-learned pair present, all of its occurrences left to right), and
 * the ids of the chunks are concatenated. Every string is representable, so
 * {@code decode(encode(s)).equals(s)} for any valid Unicode string (an unpaired surrogate, not
 * valid Unicode, comes back as U+FFFD).
 *
 * <p>Immutable and thread-safe; encodings of up to {@value #CACHE_LIMIT} distinct chunks are
 * cached.
 */
public final class BpeTokenizer implements Tokenizer {
  /** The 256 byte tokens that precede every merge. */
  public static final int BYTE_TOKENS = 256;

  private static final int CACHE_LIMIT = 100_000;

  private final int[] mergeA;
  private final int[] mergeB;
  private final PairMap rank; // (a, b) → the id it merges into; lower id = learned earlier
  private final byte[][] tokenBytes;
  private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();

  private BpeTokenizer(int[][] merges) {
    int n = merges.length;
    mergeA = new int[n];
    mergeB = new int[n];
    rank = new PairMap(n);
    tokenBytes = new byte[BYTE_TOKENS + n][];
    for (int i = 0; i < BYTE_TOKENS; i++) tokenBytes[i] = new byte[] {(byte) i};
    for (int i = 0; i < n; i++) {
      int[] m = merges[i];
      int id = BYTE_TOKENS + i;
      if (m.length != 2) throw new TokenizerException("merge " + i + " must be a pair of ids, got " + m.length + " ids");
      for (int part : m) {
        if (part < 0 || part >= id) {
          throw new TokenizerException("merge " + i + " refers to id " + part
              + ", which does not exist yet (it must be in [0, " + id + "))");
        }
      }
      if (rank.put(m[0], m[1], id) >= 0) {
        throw new TokenizerException("merge " + i + " repeats the pair [" + m[0] + ", " + m[1] + "]");
      }
      mergeA[i] = m[0];
      mergeB[i] = m[1];
      byte[] x = tokenBytes[m[0]];
      byte[] y = tokenBytes[m[1]];
      byte[] xy = Arrays.copyOf(x, x.length + y.length);
      System.arraycopy(y, 0, xy, x.length, y.length);
      tokenBytes[id] = xy;
    }
  }

  /**
   * Learns merges on the corpus up to vocabSize ids (256 bytes + merges). Fewer when the corpus
   * runs out of pairs that occur at least twice. Deterministic: the same corpus gives the same merges.
   */
  public static BpeTokenizer train(String corpus, int vocabSize) {
    if (vocabSize < BYTE_TOKENS) {
      throw new TokenizerException("bpe vocabulary size must be at least " + BYTE_TOKENS
          + " (the byte tokens), got " + vocabSize + "; try bpe:1000 or bpe:2000");
    }
    return new BpeTokenizer(BpeTrainer.train(corpus, vocabSize));
  }

  /** A tokenizer from merges, as {@link #merges()} returns them; validated. */
  public static BpeTokenizer of(int[][] merges) {
    return new BpeTokenizer(merges);
  }

  @Override
  public int[] encode(String text) {
    IdBuffer out = new IdBuffer(Math.max(16, text.length() / 3));
    Chunker.split(text, (s, e) -> out.add(encodeChunk(text.substring(s, e))));
    return out.toArray();
  }

  @Override
  public String decode(int[] ids) {
    int total = 0;
    for (int id : ids) total += bytesOf(id).length;
    byte[] all = new byte[total];
    int p = 0;
    for (int id : ids) {
      byte[] b = tokenBytes[id];
      System.arraycopy(b, 0, all, p, b.length);
      p += b.length;
    }
    return new String(all, StandardCharsets.UTF_8);
  }

  @Override
  public Decoder decoder() {
    return new Decoder(this::bytesOf);
  }

  @Override
  public int vocabSize() {
    return tokenBytes.length;
  }

  /** The token's text; bytes that are only part of a character show as {@code <0xNN>}. */
  @Override
  public String tokenText(int id) {
    return Utf8.display(bytesOf(id));
  }

  @Override
  public String spec() {
    return "bpe:" + vocabSize();
  }

  @Override
  public void save(Path path) {
    TokenizerFile.writeBpe(TokenizerFile.resolve(path), this);
  }

  /** The merges in order: element i = {a, b}, creating id 256 + i (a fresh copy). */
  public int[][] merges() {
    int[][] m = new int[mergeA.length][];
    for (int i = 0; i < m.length; i++) m[i] = new int[] {mergeA[i], mergeB[i]};
    return m;
  }

  /** The UTF-8 bytes a token stands for (a copy). */
  public byte[] tokenBytes(int id) {
    return bytesOf(id).clone();
  }

  @Override
  public String toString() {
    return "BpeTokenizer[" + vocabSize() + " ids, " + mergeA.length + " merges]";
  }

  private byte[] bytesOf(int id) {
    if (id < 0 || id >= tokenBytes.length) {
      throw new IllegalArgumentException("token id " + id + " is out of range for a vocabulary of "
          + tokenBytes.length + " ids");
    }
    return tokenBytes[id];
  }

  private int[] encodeChunk(String chunk) {
    int[] ids = cache.get(chunk);
    if (ids == null) {
      ids = mergeBytes(Utf8.encode(chunk, 0, chunk.length()));
      if (cache.size() < CACHE_LIMIT) cache.put(chunk, ids);
    }
    return ids;
  }

  /** Applies merges to one chunk: the earliest-learned pair present first, every occurrence of it. */
  private int[] mergeBytes(byte[] bytes) {
    int[] s = new int[bytes.length];
    for (int i = 0; i < s.length; i++) s[i] = bytes[i] & 0xFF;
    int n = s.length;
    while (n >= 2) {
      int best = Integer.MAX_VALUE;
      for (int i = 0; i + 1 < n; i++) {
        int r = rank.get(s[i], s[i + 1]);
        if (r >= 0 && r < best) best = r;
      }
      if (best == Integer.MAX_VALUE) break;
      int a = mergeA[best - BYTE_TOKENS];
      int b = mergeB[best - BYTE_TOKENS];
      int m = 0;
      for (int i = 0; i < n; ) {
        if (i + 1 < n && s[i] == a && s[i + 1] == b) {
          s[m++] = best;
          i += 2;
        } else {
          s[m++] = s[i++];
        }
      }
      n = m;
    }
    return n == s.length ? s : Arrays.copyOf(s, n);
  }

  /** A growable int array for the encoder's output. */
  private static final class IdBuffer {
    private int[] ids;
    private int size;

    IdBuffer(int capacity) {
      ids = new int[capacity];
    }

    void add(int[] more) {
      if (size + more.length > ids.length) ids = Arrays.copyOf(ids, Math.max(ids.length * 2, size + more.length));
      System.arraycopy(more, 0, ids, size, more.length);
      size += more.length;
    }

    int[] toArray() {
      return Arrays.copyOf(ids, size);
    }
  }
}
