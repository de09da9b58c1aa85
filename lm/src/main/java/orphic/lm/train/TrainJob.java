package orphic.lm.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import orphic.lm.model.BlanchotOptions;
import orphic.engine.blanchot.UnavowableCommunity;
import orphic.lm.model.CommunityModel;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelConfig;
import orphic.lm.model.ModelDirectory;
import orphic.lm.model.Models;
import orphic.lm.model.PhoneticClasses;
import orphic.lm.model.PoeticOptions;
import orphic.lm.text.Corpus;
import orphic.lm.text.Split;
import orphic.lm.tokenize.Tokenizer;

/**
 * Corpus in, model directory out: reads the corpus, learns the tokenizer, builds the model,
 * writes config.json and tokenizer.json, and runs the {@link Trainer}. With {@code resume}, the
 * saved config and tokenizer are used and the corpus must be the one the run started with.
 *
 * <p>The one entry point the command line, the demo and the studio share.
 */
public final class TrainJob {
  private TrainJob() {}

  /**
   * What to train. Null sizes take the architecture's preset ({@link Presets}).
   *
   * @param corpus    files or folders of UTF-8 text
   * @param arch      gpt, haze or blanchot (the members' architecture when {@code train} asks for a community)
   * @param tokenizer char, char:haze or bpe:N
   */
  public record Spec(List<Path> corpus, String arch, String tokenizer, Integer layers, Integer heads, Integer dim,
      Integer context, Float dropout, Long seed, TrainConfig train, Path out, boolean resume) {}

  /** A prepared job: the model, its data and the trainer, ready to {@link #run}. */
  public record Prepared(Trainer trainer, LanguageModel model, Tokenizer tokenizer, ModelDirectory dir,
      int trainTokens, int validationTokens, boolean resume) {
    /** Trains; {@code stopAfterStep} > 0 interrupts the run (with a checkpoint) after that step. */
    public Trainer.Summary run(long stopAfterStep) throws IOException {
      return trainer.run(resume, stopAfterStep);
    }
  }

  /** Reads, tokenizes, builds and writes the directory's config; does not train yet. */
  public static Prepared prepare(Spec spec, Trainer.Listener listener) throws IOException {
    return prepare(spec, listener, UnaryOperator.identity());
  }

  /**
   * As {@link #prepare(Spec, Trainer.Listener)}, with {@code adjustModel} applied to the preset
   * model config of a new run (experiment variants use it for what a Spec does not say, such as
   * haze's head kind); a resumed run keeps the config it saved.
   */
  public static Prepared prepare(Spec spec, Trainer.Listener listener, UnaryOperator<ModelConfig> adjustModel) throws IOException {
    ModelDirectory dir = new ModelDirectory(spec.out()).create();
    Corpus corpus = Corpus.read(spec.corpus());
    Tokenizer tokenizer;
    ModelConfig modelConfig;
    TrainConfig train = spec.train();
    if (spec.resume()) {
      if (!dir.hasTrainState()) {
        throw new IOException("nothing to resume in " + spec.out() + ": it has no " + ModelDirectory.TRAIN_STATE
            + " (drop --resume to start a new run there)");
      }
      JsonNode tree = dir.readConfigTree();
      String digest = tree.path("corpus").path("sha256").asText("");
      if (!digest.equals(corpus.digest())) {
        throw new IOException("the corpus differs from the one this run started with (sha256 " + shortHash(digest) + " vs "
            + shortHash(corpus.digest()) + "): resume with the same --corpus, or train into a new --out");
      }
      tokenizer = dir.loadTokenizer();
      modelConfig = dir.readModelConfig();
      if (tree.has("train")) train = new ObjectMapper().treeToValue(tree.get("train"), TrainConfig.class);
    } else {
      if (listener != null) listener.onMessage("corpus: " + corpus.text().length() + " chars from " + corpus.files().size() + " file(s)");
      tokenizer = Tokenizer.train(spec.tokenizer() == null ? "char" : spec.tokenizer(), corpus.text());
      modelConfig = adjustModel.apply(Presets.model(spec.arch() == null ? "gpt" : spec.arch(), tokenizer.vocabSize(), spec.layers(),
          spec.heads(), spec.dim(), spec.context(), spec.dropout(), spec.seed()));
    }
    int[] ids = tokenizer.encode(corpus.text());
    Split split = Split.of(ids, modelConfig.context());
    int[] trainIds = Arrays.copyOfRange(ids, 0, split.boundary());
    int[] valIds = Arrays.copyOfRange(ids, split.boundary(), ids.length);
    PoeticOptions po = modelConfig.poeticOrNone();
    if (!spec.resume() && po.phonetic()) {
      // The phonetic adapter's sound classes depend only on the tokenizer: computed once, frozen in config.json
      // (whatever classes the given config held: a variant's preset cannot know the tokenizer).
      modelConfig = modelConfig.withPoetic(po.withPhonetic(po.phoneticBuckets(), PhoneticClasses.of(tokenizer, po.phoneticBuckets())));
    }
    int[] styleEnds = po.styled() ? styleSpanEnds(spec.corpus(), po.styles(), corpus, tokenizer, trainIds.length) : null;
    if (!spec.resume()) {
      BlanchotOptions bo = modelConfig.blanchot();
      if (bo != null && bo.orphicEmbedding() && bo.tokenCounts() == null) {
        // The orphic embedding's rarity comes from the training split's counts, frozen in config.json.
        modelConfig = modelConfig.withBlanchot(bo.withTokenCounts(BlanchotOptions.count(trainIds, tokenizer.vocabSize())));
      }
      tokenizer.save(dir.file(ModelDirectory.TOKENIZER));
      Map<String, Object> corpusInfo = new LinkedHashMap<>();
      corpusInfo.put("files", corpus.files().stream().map(Path::toString).toList());
      corpusInfo.put("sha256", corpus.digest());
      corpusInfo.put("chars", corpus.text().length());
      corpusInfo.put("tokens", ids.length);
      corpusInfo.put("train_tokens", trainIds.length);
      corpusInfo.put("validation_tokens", valIds.length);
      dir.writeConfig(modelConfig, train, corpusInfo, tokenizer.spec(),
          train.trainsCommunity() ? Map.of("community", CommunityModel.trainedSection(train.community(), communityOptions(train))) : Map.of());
    }
    LanguageModel model = train.trainsCommunity() ? CommunityModel.create(modelConfig, train.community(), communityOptions(train))
        : Models.build(modelConfig);
    Trainer trainer = new Trainer(model, tokenizer, trainIds, valIds, train, dir, listener);
    if (styleEnds != null) trainer.styleSpans(styleEnds);
    return new Prepared(trainer, model, tokenizer, dir, trainIds.length, valIds.length, spec.resume());
  }

  /** The community's options from the training config: NCL λ, the mixture's own CE at weight 1, the gate. */
  static UnavowableCommunity.Options communityOptions(TrainConfig train) {
    return new UnavowableCommunity.Options(train.nclLambda(), 1.0, train.communityGate());
  }

  /** One style name per --corpus argument: the file name without its extension (a folder's own name). */
  public static List<String> styleNames(List<Path> corpus) {
    List<String> names = new java.util.ArrayList<>();
    for (Path p : corpus) {
      String n = p.toAbsolutePath().normalize().getFileName().toString();
      int dot = n.lastIndexOf('.');
      names.add(dot > 0 ? n.substring(0, dot) : n);
    }
    if (names.stream().distinct().count() != names.size()) {
      throw new IllegalArgumentException("style conditioning names each style after its --corpus file, but " + names
          + " repeat a name: rename or copy a file");
    }
    return names;
  }

  /**
   * The exclusive end, in training-split tokens, of each --corpus argument's text: the corpus joins
   * the arguments in order (with one newline between files), so argument k ends at the tokens of the
   * text up to its last character. The last style runs to the end of the split.
   */
  static int[] styleSpanEnds(List<Path> args, List<String> styles, Corpus corpus, Tokenizer tokenizer, int trainTokens) {
    if (styles.size() != args.size()) {
      throw new IllegalArgumentException("style conditioning needs one --corpus per style: the model has styles " + styles + " but "
          + args.size() + " --corpus argument(s) were given");
    }
    int[] ends = new int[args.size()];
    int chars = 0;
    for (int k = 0; k < args.size(); k++) {
      int n = Corpus.read(args.get(k)).text().length();
      chars += (k > 0 ? 1 : 0) + n;
      ends[k] = k == args.size() - 1 ? trainTokens : Math.min(trainTokens, tokenizer.encode(corpus.text().substring(0, chars)).length);
      if (ends[k] <= (k == 0 ? 0 : ends[k - 1])) {
        throw new IllegalArgumentException("style '" + styles.get(k) + "' (" + args.get(k) + ") has no text in the training split "
            + "(the last 10% of the joined corpus is held out): give it more text or put it earlier");
      }
    }
    return ends;
  }

  private static String shortHash(String h) {
    return h.length() > 12 ? h.substring(0, 12) : h;
  }
}
