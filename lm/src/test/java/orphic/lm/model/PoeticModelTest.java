package orphic.lm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import orphic.engine.autograd.Autograd;
import orphic.engine.tensor.Tensor;
import orphic.lm.tokenize.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The poetic options of the gpt model (docs/poetic.md). */
class PoeticModelTest {
  @TempDir Path tmp;

  private static final int V = 13, T = 10, B = 3;
  private static final ModelConfig PLAIN = ModelConfig.gpt(V, T, 16, 2, 2);

  private static int[] ids() {
    int[] ids = new int[B * T];
    for (int i = 0; i < ids.length; i++) ids[i] = (i * 7 + 3) % V;
    return ids;
  }

  private static float[] logits(LanguageModel m) {
    try (var ng = Autograd.noGrad()) {
      return m.forward(ids(), B, T).toArray();
    }
  }

  private static float[] trainLogits(LanguageModel m) {
    m.module().train(true);
    try (var ng = Autograd.noGrad()) {
      return m.forward(ids(), B, T).toArray();
    } finally {
      m.module().train(false);
    }
  }

  @Test
  void allOffIsThePlainModelBitForBit() {
    ModelConfig off = PLAIN.withPoetic(PoeticOptions.none());
    assertThat(off.poetic()).isNull();
    assertThat(off).isEqualTo(PLAIN);
    GptModel a = new GptModel(PLAIN), b = new GptModel(off);
    assertThat(b.module().stateDict().keySet()).isEqualTo(a.module().stateDict().keySet());
    assertThat(logits(b)).containsExactly(logits(a));
  }

  @Test
  void trainingOnlyOptionsLeaveEvalLogitsAndParametersUnchanged() {
    GptModel plain = new GptModel(PLAIN);
    GptModel noisy = new GptModel(PLAIN.withPoetic(PoeticOptions.none().withAttentionDrop(0.3f).withPositionNoise(0.5f, 0.2f)));
    assertThat(noisy.module().stateDict().keySet()).isEqualTo(plain.module().stateDict().keySet());
    noisy.module().train(false);
    assertThat(logits(noisy)).containsExactly(logits(plain));
    // in training they change the logits
    assertThat(trainLogits(noisy)).isNotEqualTo(trainLogits(plain));
  }

  @Test
  void maskAndNoiseAreDeterministicPerCall() {
    for (PoeticOptions o : List.of(PoeticOptions.none().withAttentionDrop(0.4f), PoeticOptions.none().withPositionNoise(1f, 0f),
        PoeticOptions.none().withPositionNoise(0f, 0.5f))) {
      GptModel a = new GptModel(PLAIN.withPoetic(o));
      Map<String, Long> start = a.module().randomState();
      assertThat(start).isNotEmpty();
      float[] first = trainLogits(a), second = trainLogits(a);
      assertThat(second).as(o.toString()).isNotEqualTo(first); // a new mask/noise per call (step)
      a.module().loadRandomState(start);
      assertThat(trainLogits(a)).as(o.toString()).containsExactly(first);
      GptModel b = new GptModel(PLAIN.withPoetic(o));
      assertThat(trainLogits(b)).containsExactly(first);
    }
  }

  @Test
  void filmStartsAsTheIdentityForAnyStyle() {
    GptModel plain = new GptModel(PLAIN);
    GptModel styled = new GptModel(PLAIN.withPoetic(PoeticOptions.none().withStyles(List.of("a", "b"), 4)));
    assertThat(styled.styleNames()).containsExactly("a", "b");
    assertThat(StyleConditioned.of(styled)).isSameAs(styled);
    assertThat(StyleConditioned.of(plain)).isNull();
    for (String k : plain.module().stateDict().keySet()) {
      assertThat(styled.module().stateDict().get(k).toArray()).as(k).containsExactly(plain.module().stateDict().get(k).toArray());
    }
    assertThat(logits(styled)).containsExactly(logits(plain));
    styled.setStyle(styled.mix(Map.of("a", -1.5, "b", 2.5)));
    assertThat(logits(styled)).containsExactly(logits(plain));
    styled.setRowStyles(new int[] {0, 1, 1});
    assertThat(trainLogits(styled)).containsExactly(trainLogits(plain));
  }

  @Test
  void movedFilmMakesTheStyleMatter() {
    GptModel styled = new GptModel(PLAIN.withPoetic(PoeticOptions.none().withStyles(List.of("a", "b"), 4)));
    Tensor w = styled.module().stateDict().get("blocks.0.film.weight");
    for (int i = 0; i < w.size(); i++) w.data()[w.offset() + i] = (float) Math.sin(i);
    styled.setStyle(styled.styleOf("a"));
    float[] a = logits(styled);
    styled.setStyle(styled.styleOf("b"));
    assertThat(logits(styled)).isNotEqualTo(a);
    styled.setStyle(styled.mix(Map.of("a", 1.0)));
    assertThat(logits(styled)).containsExactly(a);
    assertThatThrownBy(() -> styled.styleOf("c")).hasMessageContaining("[a, b]");
    assertThatThrownBy(() -> styled.setStyle(new float[3])).hasMessageContaining("4");
  }

  @Test
  void phoneticClassesAreDeterministicAndGroupSounds() {
    Tokenizer tok = Tokenizer.train("char", "bpat 12, 99. the cat sat on the mat; kit");
    int[] c1 = PhoneticClasses.of(tok, 8), c2 = PhoneticClasses.of(tok, 8);
    assertThat(c1).containsExactly(c2).hasSize(tok.vocabSize());
    assertThat(PhoneticClasses.classOf("b", 8)).isEqualTo(PhoneticClasses.classOf("p", 8)); // both P
    assertThat(PhoneticClasses.classOf("c", 8)).isEqualTo(PhoneticClasses.classOf("k", 8)); // both K
    assertThat(PhoneticClasses.classOf("1", 8)).isZero();
    assertThat(PhoneticClasses.classOf(" ", 8)).isZero();
    assertThat(PhoneticClasses.classOf("a", 8)).isBetween(1, 7);
    for (int c : c1) assertThat(c).isBetween(0, 7);
  }

  @Test
  void phoneticAdapterAddsASoundEmbedding() {
    Tokenizer tok = Tokenizer.train("char", "abcdefghijkl ");
    ModelConfig c = ModelConfig.gpt(tok.vocabSize(), T, 16, 2, 2);
    GptModel plain = new GptModel(c);
    GptModel phon = new GptModel(c.withPoetic(PoeticOptions.none().withPhonetic(6, PhoneticClasses.of(tok, 6))));
    assertThat(phon.module().stateDict()).containsKey("phon.weight");
    assertThat(logits(phon)).isNotEqualTo(logits(plain));
    Tensor p = phon.module().stateDict().get("phon.weight");
    java.util.Arrays.fill(p.data(), p.offset(), p.offset() + p.size(), 0f);
    assertThat(logits(phon)).containsExactly(logits(plain));
    assertThatThrownBy(() -> new GptModel(c.withPoetic(PoeticOptions.none().withPhonetic(6, null)))).hasMessageContaining("PhoneticClasses");
  }

  @Test
  void configRoundTripsAndOldConfigsLoad() throws Exception {
    PoeticOptions o = new PoeticOptions(List.of("kjv", "austen"), 8, 0.1f, 0.05f, 0.02f, 4, new int[V]);
    ModelConfig c = PLAIN.withPoetic(o);
    ModelDirectory dir = new ModelDirectory(tmp.resolve("m")).create();
    dir.writeConfig(c, null, null, "char");
    assertThat(dir.readModelConfig()).isEqualTo(c);
    assertThat(Files.readString(dir.file(ModelDirectory.CONFIG))).contains("\"poetic\"").contains("\"austen\"");
    // an older config.json without the "poetic" object
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = (ObjectNode) json.readTree(dir.file(ModelDirectory.CONFIG).toFile());
    ((ObjectNode) root.get("model")).remove("poetic");
    Files.writeString(dir.file(ModelDirectory.CONFIG), json.writeValueAsString(root));
    assertThat(dir.readModelConfig()).isEqualTo(PLAIN);
    // a partial poetic object takes the defaults for the rest
    ((ObjectNode) root.get("model")).set("poetic", json.readTree("{\"attentionDrop\": 0.2}"));
    Files.writeString(dir.file(ModelDirectory.CONFIG), json.writeValueAsString(root));
    assertThat(dir.readModelConfig().poetic()).isEqualTo(PoeticOptions.none().withAttentionDrop(0.2f));
  }

  @Test
  void parsesDialSettings() {
    assertThat(StyleConditioned.parseMix("kjv=0.3, austen=0.7")).containsExactly(Map.entry("kjv", 0.3), Map.entry("austen", 0.7));
    assertThat(StyleConditioned.parseMix("a=-0.5,b=1.5")).containsEntry("a", -0.5).containsEntry("b", 1.5);
    assertThatThrownBy(() -> StyleConditioned.parseMix("kjv")).hasMessageContaining("NAME=WEIGHT");
    assertThatThrownBy(() -> StyleConditioned.parseMix("kjv=x")).hasMessageContaining("not a number");
  }

  @Test
  void rejectsOtherArchitecturesAndBadValues() {
    assertThatThrownBy(() -> ModelConfig.haze(V, T, 16, 2, 2).withPoetic(PoeticOptions.none().withAttentionDrop(0.1f)))
        .hasMessageContaining("--arch gpt");
    assertThatThrownBy(() -> PoeticOptions.none().withAttentionDrop(1f)).hasMessageContaining("[0, 1)");
    assertThatThrownBy(() -> PoeticOptions.none().withStyles(List.of("a", "a"), 4)).hasMessageContaining("distinct");
  }
}
