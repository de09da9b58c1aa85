package orphic.workbench.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * BERT's uncased WordPiece tokenizer, as HuggingFace {@code tokenizers} runs it for
 * all-MiniLM-L6-v2 ({@code BertNormalizer} + {@code BertPreTokenizer} + {@code WordPiece}, then
 * {@code [CLS] … [SEP]}), read from that model's {@code tokenizer.json}.
 *
 * <p>Written here rather than taken from DJL so that nothing native is loaded and nothing probes
 * the network. Steps: drop control characters and map every whitespace to a space; put spaces
 * around CJK ideographs; strip accents (NFD, drop non-spacing marks) and lower-case; split on
 * whitespace and around every punctuation character; then each word becomes its greedy
 * longest-prefix pieces ({@code ##}-prefixed after the first), or {@code [UNK]} when any part has no
 * piece or the word is longer than 100 characters. Immutable and thread-safe.
 */
public final class MiniLmTokenizer {
  private final Map<String, Integer> vocab;
  private final int unk;
  private final int cls;
  private final int sep;
  private final int maxWordChars;
  private final String prefix;

  private MiniLmTokenizer(Map<String, Integer> vocab, String unkToken, String prefix, int maxWordChars) {
    this.vocab = vocab;
    this.prefix = prefix;
    this.maxWordChars = maxWordChars;
    this.unk = id(unkToken);
    this.cls = id("[CLS]");
    this.sep = id("[SEP]");
  }

  private int id(String token) {
    Integer i = vocab.get(token);
    if (i == null) throw new IllegalArgumentException("tokenizer.json has no '" + token + "' in its vocabulary; is it a BERT WordPiece tokenizer?");
    return i;
  }

  /** Reads a HuggingFace {@code tokenizer.json} whose model is WordPiece. */
  public static MiniLmTokenizer read(InputStream json) throws IOException {
    JsonNode root = new ObjectMapper().readTree(json);
    JsonNode model = root.path("model");
    if (!"WordPiece".equals(model.path("type").asText())) {
      throw new IOException("tokenizer.json: expected a WordPiece model, got '" + model.path("type").asText() + "'");
    }
    Map<String, Integer> vocab = new HashMap<>(model.path("vocab").size() * 2);
    for (Iterator<Map.Entry<String, JsonNode>> it = model.path("vocab").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      vocab.put(e.getKey(), e.getValue().asInt());
    }
    return new MiniLmTokenizer(vocab, model.path("unk_token").asText("[UNK]"),
        model.path("continuing_subword_prefix").asText("##"), model.path("max_input_chars_per_word").asInt(100));
  }

  /** The padding id (BERT's [PAD] is 0). */
  public int padId() {
    return 0;
  }

  /** Token ids of {@code text}: [CLS] pieces… [SEP], cut to at most {@code maxTokens} (≥ 2) in all. */
  public int[] encode(String text, int maxTokens) {
    if (maxTokens < 2) throw new IllegalArgumentException("maxTokens must be >= 2 (room for [CLS] and [SEP]), got " + maxTokens);
    List<Integer> ids = new ArrayList<>();
    ids.add(cls);
    int budget = maxTokens - 2;
    for (String word : words(normalize(text))) {
      if (ids.size() - 1 >= budget) break;
      pieces(word, ids);
    }
    while (ids.size() - 1 > budget) ids.removeLast();
    ids.add(sep);
    int[] out = new int[ids.size()];
    for (int i = 0; i < out.length; i++) out[i] = ids.get(i);
    return out;
  }

  /** The word-piece strings of {@code text} without [CLS]/[SEP] (for tests and inspection). */
  public List<String> tokenize(String text) {
    Map<Integer, String> inverse = new HashMap<>();
    vocab.forEach((k, v) -> inverse.put(v, k));
    List<String> out = new ArrayList<>();
    for (String word : words(normalize(text))) {
      List<Integer> ids = new ArrayList<>();
      pieces(word, ids);
      for (int i : ids) out.add(inverse.get(i));
    }
    return out;
  }

  /** BertNormalizer: clean text, space out CJK, strip accents, lower-case. */
  static String normalize(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 8);
    text.codePoints().forEach(cp -> {
      if (cp == 0 || cp == 0xFFFD || isControl(cp)) return;
      if (isWhitespace(cp)) sb.append(' ');
      else if (isCjk(cp)) sb.append(' ').appendCodePoint(cp).append(' ');
      else sb.appendCodePoint(cp);
    });
    String nfd = Normalizer.normalize(sb, Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(nfd.length());
    nfd.codePoints().forEach(cp -> {
      if (Character.getType(cp) != Character.NON_SPACING_MARK) out.appendCodePoint(Character.toLowerCase(cp));
    });
    return out.toString();
  }

  /** BertPreTokenizer: split on whitespace; every punctuation character is a word of its own. */
  static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (isWhitespace(cp)) {
        flush(cur, out);
      } else if (isPunctuation(cp)) {
        flush(cur, out);
        out.add(new String(Character.toChars(cp)));
      } else {
        cur.appendCodePoint(cp);
      }
    }
    flush(cur, out);
    return out;
  }

  private static void flush(StringBuilder cur, List<String> out) {
    if (!cur.isEmpty()) {
      out.add(cur.toString());
      cur.setLength(0);
    }
  }

  /** WordPiece: greedy longest match from the left; any gap makes the whole word [UNK]. */
  private void pieces(String word, List<Integer> out) {
    if (word.codePointCount(0, word.length()) > maxWordChars) {
      out.add(unk);
      return;
    }
    int mark = out.size();
    int start = 0;
    while (start < word.length()) {
      int end = word.length();
      Integer found = null;
      while (end > start) {
        String piece = start == 0 ? word.substring(start, end) : prefix + word.substring(start, end);
        found = vocab.get(piece);
        if (found != null) break;
        end--;
        if (end > start && Character.isLowSurrogate(word.charAt(end))) end--; // never split a surrogate pair
      }
      if (found == null) {
        while (out.size() > mark) out.removeLast();
        out.add(unk);
        return;
      }
      out.add(found);
      start = end;
    }
  }

  private static boolean isWhitespace(int cp) {
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || Character.getType(cp) == Character.SPACE_SEPARATOR;
  }

  private static boolean isControl(int cp) {
    if (cp == '\t' || cp == '\n' || cp == '\r') return false;
    int t = Character.getType(cp);
    return t == Character.CONTROL || t == Character.FORMAT;
  }

  /** ASCII symbols count as punctuation too (as in BERT), e.g. '$', '^', '`'. */
  private static boolean isPunctuation(int cp) {
    if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) return true;
    return switch (Character.getType(cp)) {
      case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
          Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION -> true;
      default -> false;
    };
  }

  private static boolean isCjk(int cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
        || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF)
        || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
  }
}
