package orphic.lm.adapter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import orphic.engine.autograd.Autograd;
import orphic.engine.nn.LoraWeights;
import orphic.engine.nn.NamedParameter;
import orphic.engine.tensor.Tensor;
import orphic.lm.generate.CachedLogits;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelConfig;
import orphic.lm.model.ModelDirectory;
import orphic.lm.model.Models;
import orphic.lm.sample.SamplerSettings;
import orphic.lm.sample.SamplingContext;
import orphic.lm.tokenize.Tokenizer;
import orphic.lm.train.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdapterTest {
  static final String TEXT = "the sun rises and the sea is calm. a bird calls over the water; the boat turns home.\n";

  @TempDir Path tmp;

  /** A tiny untrained base model directory. */
  static ModelDirectory base(Path dir, String arch, long seed) throws IOException {
    Tokenizer tok = Tokenizer.train("char", TEXT + "xyzq");
    ModelConfig p = arch.equals("gpt") ? ModelConfig.gpt(tok.vocabSize(), 16, 16, 2, 2) : ModelConfig.haze(tok.vocabSize(), 16, 16, 2, 2);
    // σ 0.3, not 0.02: an untrained base whose frozen head can still express sharp predictions
    ModelConfig c = new ModelConfig(p.arch(), p.vocabSize(), p.context(), p.dim(), p.layers(), p.heads(), p.mlpHidden(), p.tieWeights(),
        p.bias(), 0f, p.headKind(), p.alpha(), 0.3f, seed);
    ModelDirectory d = new ModelDirectory(dir).create();
    d.writeConfig(c, null, null, tok.spec());
    tok.save(d.file(ModelDirectory.TOKENIZER));
    d.writeWeights(Models.build(c).module(), Map.of());
    return d;
  }

  /** An adapter on {@code dial}'s base with random A and B (so it changes something). */
  static Adapter randomAdapter(StyleDial dial, String style, int rank, long seed) {
    LoraWeights w = new LoraWeights(AdapterTargets.resolve(dial.model(), "all"), rank, 2f * rank, seed);
    Random r = new Random(seed);
    for (NamedParameter p : w.parameters()) {
      float[] v = new float[p.tensor().size()];
      for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian() * 0.1f;
      p.tensor().copyFrom(v);
    }
    return new Adapter(style, dial.baseDigest(), dial.model().config().arch(), "lora", Map.of(), null, w);
  }

  static float[] logits(LanguageModel m) {
    int[] ids = {1, 4, 2, 7, 3, 5, 0, 6};
    try (var ng = Autograd.noGrad()) {
      return m.forward(ids, 1, ids.length).toArray();
    }
  }

  @Test
  void aFreshAdapterIsTheBaseExactly() throws IOException {
    for (String arch : List.of("gpt", "haze")) {
      ModelDirectory d = base(tmp.resolve(arch), arch, 5);
      LanguageModel m = d.loadModel();
      float[] before = logits(m);
      var targets = AdapterTargets.resolve(m, "attn,mlp");
      assertTrue(targets.size() >= (arch.equals("gpt") ? 12 : 8), arch + ": " + targets);
      AdaptedModel adapted = new AdaptedModel(m, new LoraWeights(targets, 4, 8f, 1));
      assertArrayEquals(before, logits(adapted), 0f, arch);
    }
  }

  @Test
  void weightOneOnOneAdapterReproducesItAndHalvesAreTheMeanUpdate() throws IOException {
    ModelDirectory d = base(tmp.resolve("b"), "gpt", 5);
    StyleDial dial = StyleDial.open(d);
    Adapter a = randomAdapter(dial, "a", 2, 1), b = randomAdapter(dial, "b", 3, 2);
    StyleDial alone = StyleDial.open(d).add("a", a).set(StyleMix.only("a"));
    dial.add("a", a).add("b", b);
    float[] baseLogits = logits(dial.set(StyleMix.none()).model());
    float[] aAlone = logits(alone.model());
    float[] mixed = logits(dial.set(StyleMix.parse("a=1,b=0")).model());
    assertArrayEquals(aAlone, mixed, 0f);
    assertTrue(Math.abs(aAlone[3] - baseLogits[3]) > 1e-4, "the adapter changes the logits");
    // (0.5, 0.5): each matrix is W0 + (ΔW_a + ΔW_b)/2
    dial.set(StyleMix.parse("a=0.5,b=0.5"));
    Map<String, Tensor> w0 = dial.baseState();
    Map<String, Tensor> live = dial.model().module().stateDict();
    for (LoraWeights.Target t : a.weights().targets()) {
      float[] da = new float[t.rows() * t.cols()], db = new float[da.length];
      a.weights().addDelta(t.name(), 1f, da, 0);
      b.weights().addDelta(t.name(), 1f, db, 0);
      float[] got = live.get(t.name()).toArray(), base = w0.get(t.name()).toArray();
      for (int i = 0; i < got.length; i++) assertEquals(base[i] + (da[i] + db[i]) / 2, got[i], 1e-6, t.name());
    }
    // and the x-path definition: x·W0ᵀ + Σ w·s·(x·Aᵀ)·Bᵀ for one matrix, against x·Wᵀ
    LoraWeights.Target t = a.weights().targets().get(0);
    float[] x = new float[t.cols()];
    for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i + 1);
    float[] wMix = live.get(t.name()).toArray(), base = w0.get(t.name()).toArray();
    for (int o = 0; o < t.rows(); o++) {
      double direct = 0, viaPath = 0;
      for (int i = 0; i < t.cols(); i++) {
        direct += wMix[o * t.cols() + i] * x[i];
        viaPath += base[o * t.cols() + i] * x[i];
      }
      for (Adapter ad : List.of(a, b)) {
        LoraWeights w = ad.weights();
        float[] A = w.a(t.name()).toArray(), B = w.b(t.name()).toArray();
        for (int j = 0; j < w.rank(); j++) {
          double ax = 0;
          for (int i = 0; i < t.cols(); i++) ax += A[j * t.cols() + i] * x[i];
          viaPath += 0.5 * w.scale() * B[o * w.rank() + j] * ax;
        }
      }
      assertEquals(viaPath, direct, 1e-5);
    }
  }

  @Test
  void theKvDecoderSeesTheMix() throws IOException {
    ModelDirectory d = base(tmp.resolve("b"), "gpt", 5);
    StyleDial dial = StyleDial.open(d);
    dial.add("a", randomAdapter(dial, "a", 2, 1)).set(StyleMix.parse("a=0.7"));
    var cached = CachedLogits.forModel(dial.model());
    SamplingContext ctx = SamplerSettings.builder().build().newContext(null);
    int[] ids = {1, 4, 2, 7, 3, 5, 0, 6};
    ctx.start(ids);
    float[] kv = cached.apply(ctx).clone();
    float[] full = logits(dial.model());
    int v = dial.model().config().vocabSize();
    for (int i = 0; i < v; i++) assertEquals(full[(ids.length - 1) * v + i], kv[i], 1e-4);
  }

  @Test
  void bakedCatModelAndFullRankSvdAdapterMatchRunTimeMixing() throws IOException {
    ModelDirectory d = base(tmp.resolve("b"), "gpt", 5);
    StyleDial dial = StyleDial.open(d);
    dial.add("a", randomAdapter(dial, "a", 2, 1)).add("b", randomAdapter(dial, "b", 3, 2)).set(StyleMix.parse("a=0.6,b=-0.3"));
    float[] mixed = logits(dial.model());
    AdapterBake.cat(dial, d, tmp.resolve("baked"));
    float[] baked = logits(new ModelDirectory(tmp.resolve("baked")).loadModel());
    assertArrayEquals(mixed, baked, 1e-5f);
    assertTrue(Files.exists(tmp.resolve("baked").resolve(ModelDirectory.TOKENIZER)));

    Adapter svd = AdapterBake.svd(dial, 5, "ab");
    svd.save(tmp.resolve("svd"));
    StyleDial other = StyleDial.open(d);
    other.load(null, tmp.resolve("svd"));
    float[] viaSvd = logits(other.set(StyleMix.only("ab")).model());
    assertArrayEquals(mixed, viaSvd, 1e-4f);
    // rank 1 is an approximation: closer to the mix than the base is, not equal
    Adapter low = AdapterBake.svd(dial, 1, "ab1");
    StyleDial third = StyleDial.open(d).add("ab1", low).set(StyleMix.only("ab1"));
    float[] approx = logits(third.model());
    float[] base = logits(third.set(StyleMix.none()).model());
    assertTrue(distance(approx, mixed) < distance(base, mixed), "rank-1 svd is nearer the mix than the base");
    assertTrue(distance(approx, mixed) > 1e-5);
  }

  static double distance(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
    return Math.sqrt(s);
  }

  @Test
  void anAdapterIsRefusedOnAnotherBase() throws IOException {
    ModelDirectory d1 = base(tmp.resolve("b1"), "gpt", 5);
    ModelDirectory d2 = base(tmp.resolve("b2"), "gpt", 6);
    StyleDial dial = StyleDial.open(d1);
    randomAdapter(dial, "a", 2, 1).save(tmp.resolve("a"));
    var e = assertThrows(IOException.class, () -> StyleDial.open(d2).load(null, tmp.resolve("a")));
    assertTrue(e.getMessage().contains("another base model"), e.getMessage());
    StyleDial.open(d1).load(null, tmp.resolve("a")); // its own base is fine
  }

  static TrainConfig quick(long steps) {
    return new TrainConfig(steps, 0, 4, 3e-2, 3e-3, "cosine", 2, 1.0, 0, false, 0.9, 0.99, 11, 4, 1, 0, 1e9);
  }

  @Test
  void trainingLowersTheAdapterCorpusLossAndResumesExactly() throws IOException {
    ModelDirectory d = base(tmp.resolve("b"), "gpt", 5);
    Path corpus = tmp.resolve("style.txt");
    Files.writeString(corpus, TEXT.repeat(12));
    float[] baseBefore = logits(d.loadModel());
    var spec = new AdapterTrainJob.Spec(d.root(), List.of(corpus), tmp.resolve("ad"), 4, 16f, null, "calm", 3, quick(24), false);
    AdapterTrainJob.Result r = AdapterTrainJob.prepare(spec, null).run(0);
    assertTrue(r.adaptedValLoss() < r.baseValLoss() - 0.1, "base " + r.baseValLoss() + " adapted " + r.adaptedValLoss());
    assertArrayEquals(baseBefore, logits(d.loadModel()), 0f, "the base directory is untouched");
    Adapter saved = Adapter.load(tmp.resolve("ad"), ModelDigest.of(d.loadModel().module()));
    assertEquals("calm", saved.style());
    assertEquals(4, saved.rank());

    // interrupted at step 6 and resumed: the same adapter, bit for bit
    var fullSpec = new AdapterTrainJob.Spec(d.root(), List.of(corpus), tmp.resolve("u"), 4, 8f, null, "calm", 3, quick(10), false);
    AdapterTrainJob.prepare(fullSpec, null).run(0);
    var part = new AdapterTrainJob.Spec(d.root(), List.of(corpus), tmp.resolve("r"), 4, 8f, null, "calm", 3, quick(10), false);
    AdapterTrainJob.prepare(part, null).run(6);
    var rest = new AdapterTrainJob.Spec(d.root(), List.of(corpus), tmp.resolve("r"), 4, 8f, null, "calm", 3, quick(10), true);
    AdapterTrainJob.prepare(rest, null).run(0);
    var u = orphic.engine.io.Safetensors.read(tmp.resolve("u").resolve(Adapter.WEIGHTS));
    var rr = orphic.engine.io.Safetensors.read(tmp.resolve("r").resolve(Adapter.WEIGHTS));
    for (String k : u.keySet()) assertArrayEquals(u.get(k).toArray(), rr.get(k).toArray(), 0f, k);
  }
}
