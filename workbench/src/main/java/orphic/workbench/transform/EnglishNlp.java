package orphic.workbench.transform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import opennlp.tools.postag.POSModel;
import opennlp.tools.postag.POSTaggerME;
import opennlp.tools.sentdetect.SentenceDetectorME;
import opennlp.tools.sentdetect.SentenceModel;
import opennlp.tools.tokenize.TokenizerME;
import opennlp.tools.tokenize.TokenizerModel;
import opennlp.tools.util.Span;

/**
 * Sentence splitting, tokens with character offsets and Universal Dependencies part-of-speech tags,
 * from the Apache OpenNLP UD-EWT English models (Maven artifacts
 * {@code org.apache.opennlp:opennlp-models-{sentdetect,tokenizer,pos}-en:1.3.0}), read from the
 * classpath. The models load once per JVM (about half a second, on first use) and are shared; the
 * taggers built from them are not thread-safe, so each call makes its own (cheap).
 */
public final class EnglishNlp {
  static final String SENTENCE_MODEL = "opennlp-en-ud-ewt-sentence-1.3-2.5.4.bin";
  static final String TOKEN_MODEL = "opennlp-en-ud-ewt-tokens-1.3-2.5.4.bin";
  static final String POS_MODEL = "opennlp-en-ud-ewt-pos-1.3-2.5.4.bin";

  private EnglishNlp() {}

  /** Lazily loaded, once (the holder idiom: the JVM makes the first use thread-safe). */
  private static final class Models {
    static final SentenceModel SENTENCES = load(SENTENCE_MODEL, SentenceModel::new);
    static final TokenizerModel TOKENS = load(TOKEN_MODEL, TokenizerModel::new);
    static final POSModel POS = load(POS_MODEL, POSModel::new);
  }

  private interface Reader<M> {
    M read(InputStream in) throws IOException;
  }

  private static <M> M load(String resource, Reader<M> reader) {
    try (InputStream in = EnglishNlp.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("OpenNLP model " + resource + " is not on the classpath; the"
            + " workbench needs the org.apache.opennlp:opennlp-models-*-en:1.3.0 jars");
      }
      return reader.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read OpenNLP model " + resource, e);
    }
  }

  /** The sentences of a text, as character spans [start, end). */
  public static List<int[]> sentences(String text) {
    List<int[]> out = new ArrayList<>();
    for (Span s : new SentenceDetectorME(Models.SENTENCES).sentPosDetect(text)) out.add(new int[] {s.getStart(), s.getEnd()});
    return out;
  }

  /** Every token of the text with its offsets and UD tag, sentence by sentence. */
  public static List<TaggedToken> tag(String text) {
    TokenizerME tokenizer = new TokenizerME(Models.TOKENS);
    POSTaggerME tagger = new POSTaggerME(Models.POS);
    List<TaggedToken> out = new ArrayList<>();
    List<int[]> sentences = sentences(text);
    if (sentences.isEmpty() && !text.isBlank()) sentences = List.of(new int[] {0, text.length()});
    for (int[] s : sentences) {
      String sentence = text.substring(s[0], s[1]);
      Span[] spans = tokenizer.tokenizePos(sentence);
      String[] words = new String[spans.length];
      for (int i = 0; i < spans.length; i++) words[i] = spans[i].getCoveredText(sentence).toString();
      String[] tags = tagger.tag(words);
      for (int i = 0; i < spans.length; i++) {
        out.add(new TaggedToken(words[i], s[0] + spans[i].getStart(), s[0] + spans[i].getEnd(), tags[i]));
      }
    }
    return out;
  }

  /** Forces the models to load now (e.g. before timing something else). */
  public static void warmUp() {
    Models.POS.getClass();
  }
}
