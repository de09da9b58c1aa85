package orphic.lm.adapter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import orphic.engine.nn.LoraWeights;
import orphic.engine.tensor.Arena;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelDirectory;
import orphic.lm.text.Corpus;
import orphic.lm.text.Split;
import orphic.lm.tokenize.Tokenizer;
import orphic.lm.train.Evaluator;
import orphic.lm.train.TrainConfig;
import orphic.lm.train.Trainer;

/**
 * Base model + corpus in, adapter directory out: tokenizes the corpus with the base's tokenizer,
 * splits it like {@code train} (last 10% for validation), and runs the ordinary {@link Trainer}
 * over the adapter's A and B only ({@link AdaptedModel}); the base's weights never change. The
 * trainer's checkpoints (train-state.safetensors in the adapter directory) resume exactly, and its
 * best-validation weights are the adapter.safetensors. The result compares the validation loss of
 * the base and of the adapted model on the adapter's corpus.
 */
public final class AdapterTrainJob {
  private AdapterTrainJob() {}

  /**
   * @param model    the base model directory
   * @param corpus   files or folders of the style's text
   * @param out      the adapter directory
   * @param style    the style's name (null: the out directory's name)
   * @param targets  {@link AdapterTargets} spec (null: attn,mlp)
   */
  public record Spec(Path model, List<Path> corpus, Path out, int rank, float alpha, String targets, String style, long seed,
      TrainConfig train, boolean resume) {}

  /** What training did, losses in nats per character on the adapter corpus's validation split. */
  public record Result(Trainer.Summary summary, double baseValLoss, double adaptedValLoss, long adapterParams, String out) {}

  /** A prepared job. */
  public record Prepared(Trainer trainer, AdaptedModel model, LanguageModel base, Adapter adapter, Tokenizer tokenizer,
      int[] validation, ModelDirectory dir, boolean resume) {
    /** Trains (stopAfterStep > 0 interrupts after that step, with a checkpoint) and evaluates base and adapter. */
    public Result run(long stopAfterStep) throws IOException {
      LoraWeights w = adapter.weights();
      // the base's loss: the adapter at B = 0 is the base, exactly
      double baseLoss = resume ? Double.NaN : evaluate();
      Trainer.Summary s = trainer.run(resume, stopAfterStep);
      if (resume) {
        // evaluate the base with a zeroed adapter, then restore
        Map<String, orphic.engine.tensor.Tensor> trained = new LinkedHashMap<>();
        for (var e : w.stateDict().entrySet()) trained.put(e.getKey(), e.getValue().copy());
        for (LoraWeights.Target t : w.targets()) w.b(t.name()).fill(0f);
        baseLoss = evaluate();
        w.loadStateDict(trained);
      }
      double adapted = Double.NaN;
      if (!s.stoppedEarly()) {
        w.loadStateDict(orphic.engine.io.Safetensors.read(dir.file(Adapter.WEIGHTS)));
        adapted = evaluate();
      }
      return new Result(s, baseLoss, adapted, trainer.parameters().size(), dir.root().toString());
    }

    private double evaluate() {
      return Evaluator.evaluate(model, validation, charsPerToken(tokenizer), 16, 1, new Arena()).natsPerChar();
    }
  }

  public static Prepared prepare(Spec spec, Trainer.Listener listener) throws IOException {
    ModelDirectory baseDir = new ModelDirectory(spec.model());
    LanguageModel base = baseDir.loadModel();
    Tokenizer tokenizer = baseDir.loadTokenizer();
    String digest = ModelDigest.of(base.module());
    ModelDirectory dir = new ModelDirectory(spec.out()).create();
    if (dir.root().toAbsolutePath().normalize().equals(baseDir.root().toAbsolutePath().normalize())) {
      throw new IOException("--out is the base model's directory: give the adapter a directory of its own");
    }
    Corpus corpus = Corpus.read(spec.corpus());
    Adapter adapter;
    if (spec.resume()) {
      if (!dir.hasTrainState()) {
        throw new IOException("nothing to resume in " + spec.out() + ": it has no " + ModelDirectory.TRAIN_STATE + " (drop --resume to start anew)");
      }
      adapter = Adapter.readConfig(spec.out());
      if (!adapter.baseDigest().equals(digest)) {
        throw new IOException("the adapter in " + spec.out() + " was started on another base model: resume with the same --model");
      }
      Object sha = adapter.corpus().get("sha256");
      if (!corpus.digest().equals(sha)) {
        throw new IOException("the corpus differs from the one this adapter started with: resume with the same --corpus, or train into a new --out");
      }
    } else {
      List<LoraWeights.Target> targets = AdapterTargets.resolve(base, spec.targets());
      LoraWeights w = new LoraWeights(targets, spec.rank(), spec.alpha(), spec.seed());
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("files", corpus.files().stream().map(Path::toString).toList());
      info.put("sha256", corpus.digest());
      info.put("chars", corpus.text().length());
      String style = spec.style() != null && !spec.style().isBlank() ? spec.style()
          : spec.out().toAbsolutePath().normalize().getFileName().toString();
      adapter = new Adapter(style, digest, base.config().arch(), "lora", info, spec.model().toString(), w);
      adapter.writeConfig(spec.out());
      if (listener != null) listener.onMessage("adapter '" + style + "': rank " + spec.rank() + ", alpha " + spec.alpha() + ", "
          + targets.size() + " matrices, " + w.parameterCount() + " trainable parameters");
    }
    int[] ids = tokenizer.encode(corpus.text());
    Split split = Split.of(ids, base.config().context());
    int[] trainIds = Arrays.copyOfRange(ids, 0, split.boundary());
    int[] valIds = Arrays.copyOfRange(ids, split.boundary(), ids.length);
    AdaptedModel model = new AdaptedModel(base, adapter.weights());
    Trainer trainer = new Trainer(model, adapter.weights(), Adapter.WEIGHTS, tokenizer, trainIds, valIds, spec.train(), dir, listener);
    return new Prepared(trainer, model, base, adapter, tokenizer, valIds, dir, spec.resume());
  }

  /** Characters spelled by each token id, or null when every token is one character. */
  static int[] charsPerToken(Tokenizer tokenizer) {
    int[] c = new int[tokenizer.vocabSize()];
    boolean allOne = true;
    for (int i = 0; i < c.length; i++) {
      String s = tokenizer.tokenText(i);
      c[i] = s == null ? 1 : Math.max(1, s.codePointCount(0, s.length()));
      allOne &= c[i] == 1;
    }
    return allOne ? null : c;
  }
}
