package orphic.workbench.hydra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import orphic.engine.nn.LoraWeights;
import orphic.engine.nn.NamedParameter;
import orphic.lm.adapter.Adapter;
import orphic.lm.adapter.AdapterTargets;
import orphic.lm.adapter.StyleDial;
import orphic.lm.model.ModelConfig;
import orphic.lm.model.Models;
import orphic.lm.tokenize.Tokenizer;
import org.junit.jupiter.api.Test;

class HydraTest {
  static final String TEXT = "the sun rises and the sea is calm. a bird calls over the water; the boat turns home.\n";

  static Tokenizer tokenizer() {
    return Tokenizer.train("char", TEXT);
  }

  static StyleDial dial(Tokenizer tok) {
    ModelConfig c = new ModelConfig("gpt", tok.vocabSize(), 16, 16, 2, 2, 64, false, true, 0f, null, 0.5f, 0.3f, 5);
    StyleDial dial = new StyleDial(Models.build(c));
    for (String s : List.of("liturgical", "dialogue", "philosophical")) dial.add(s, random(dial, s, s.length()));
    return dial;
  }

  static Adapter random(StyleDial dial, String style, long seed) {
    LoraWeights w = new LoraWeights(AdapterTargets.resolve(dial.model(), "all"), 2, 4f, seed);
    Random r = new Random(seed);
    for (NamedParameter p : w.parameters()) {
      float[] v = new float[p.tensor().size()];
      for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian() * 0.3f;
      p.tensor().copyFrom(v);
    }
    return new Adapter(style, dial.baseDigest(), "gpt", "lora", Map.of(), null, w);
  }

  @Test
  void growsEveryBranchDeterministicallyForASeed() throws Exception {
    Tokenizer tok = tokenizer();
    StyleDial dial = dial(tok);
    Hydra h = new Hydra(dial, tok, null);
    var branches = h.branches(HydraBranches.DEFAULT);
    Hydra.Result a = h.run("the sea ", branches, 24, 42, 2);
    Hydra.Result b = h.run("the sea ", branches, 24, 42, 1);
    assertEquals(4, a.branches().size());
    assertEquals(List.of("realism", "wonderland", "philosophical", "anti-muse"), a.branches().stream().map(Hydra.BranchResult::name).toList());
    for (int i = 0; i < 4; i++) {
      assertEquals(a.branches().get(i).text(), b.branches().get(i).text());
      assertEquals(24, a.branches().get(i).tokens());
      assertTrue(a.branches().get(i).metrics().meanEntropyBits() >= 0);
    }
    assertEquals("philosophical=1.00", a.branches().get(2).mix());
    Hydra.Result c = h.run("the sea ", branches, 24, 43, 2);
    assertTrue(!c.branches().get(1).text().equals(a.branches().get(1).text()), "another seed, another drift");
    double total = a.promptStyles().values().stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(1.0, total, 1e-9);
  }

  @Test
  void theAntiMuseTakesTheFarthestStyle() throws Exception {
    Tokenizer tok = tokenizer();
    StyleDial dial = dial(tok);
    StyleScorer scorer = text -> Map.of("liturgical", 0.9, "dialogue", 0.02, "philosophical", 0.08);
    Hydra h = new Hydra(dial, tok, scorer);
    Hydra.Result r = h.run("the sea ", h.branches("anti-muse"), 8, 1, 1);
    assertEquals("dialogue=1.00", r.branches().get(0).mix());
    assertThrows(IllegalArgumentException.class, () -> h.branches("nonsense"));
  }
}
