package orphic.workbench.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import orphic.lm.model.ModelConfig;
import orphic.lm.model.Models;
import orphic.lm.tokenize.Tokenizer;
import org.junit.jupiter.api.Test;

class FogEngineTest {
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ.,;'\n";
  private static final String SENTENCE = "The pale river carried a silver lantern through the dark orchard.";

  private static FogEngine tiny() {
    Tokenizer tok = Tokenizer.train("char", ALPHABET);
    return new FogEngine(Models.build(ModelConfig.gpt(tok.vocabSize(), 32, 16, 1, 2)), tok);
  }

  @Test
  void returnsKRankedHybridsDeterministicPerSeed() {
    FogEngine fog = tiny();
    FogEngine.Result a = fog.fog(SENTENCE, FogSettings.MEDIUM, 6, 42);
    FogEngine.Result b = tiny().fog(SENTENCE, FogSettings.MEDIUM, 6, 42);
    assertThat(a.hybrids()).hasSize(6);
    assertThat(a.variants()).hasSize(6);
    assertThat(a.hybrids()).isEqualTo(b.hybrids());
    assertThat(a.variants()).isEqualTo(b.variants());
    for (int i = 1; i < a.hybrids().size(); i++) assertThat(a.hybrids().get(i - 1).score()).isGreaterThanOrEqualTo(a.hybrids().get(i).score());
    assertThat(a.hybrids()).extracting(FogEngine.Hybrid::text).doesNotHaveDuplicates().doesNotContain(SENTENCE);
    assertThat(a.phrases()).isNotEmpty();
    FogEngine.Result other = fog.fog(SENTENCE, FogSettings.MEDIUM, 6, 43);
    assertThat(other.variants()).isNotEqualTo(a.variants());
  }

  @Test
  void hybridsKeepTheSourceFrameAndReportWhatTheyTook() {
    FogEngine.Result r = tiny().fog(SENTENCE, FogSettings.SUBTLE, 4, 7);
    FogEngine.Hybrid h = r.hybrids().stream().filter(x -> x.origin().equals("hybrid")).findFirst().orElseThrow();
    assertThat(h.inserted()).isNotEmpty();
    assertThat(h.text()).endsWith(".");
    assertThat(h.novelty()).isBetween(0.0, 1.0);
    assertThat(h.distinct2()).isBetween(0.0, 1.0);
  }

  @Test
  void levelDrivesTheKnobs() {
    assertThat(FogSettings.parse("subtle").temperature()).isLessThan(FogSettings.parse("radical").temperature());
    assertThat(FogSettings.parse("radical").keep()).isLessThan(FogSettings.parse("subtle").keep());
    assertThat(FogSettings.parse("0.5")).isEqualTo(FogSettings.MEDIUM);
  }

  @Test
  void metricsOnHandCases() {
    assertThat(FogMetrics.novelty("the dark orchard", "the dark orchard")).isZero();
    assertThat(FogMetrics.novelty("a dark orchard", "the dark orchard")).isEqualTo(2 / 3.0);
    // "bank" has more WordNet senses than "aardvark".
    assertThat(FogMetrics.ambiguity("the bank")).isGreaterThan(FogMetrics.ambiguity("the aardvark"));
    assertThat(FogMetrics.ambiguity("the qzxv")).isZero();
  }

  @Test
  void malformedInputIsRefused() {
    FogEngine fog = tiny();
    assertThatThrownBy(() -> fog.fog(" ", FogSettings.MEDIUM, 3, 1)).hasMessageContaining("text is empty");
    assertThatThrownBy(() -> fog.fog(SENTENCE, FogSettings.MEDIUM, 0, 1)).hasMessageContaining("k must be between 1");
    assertThatThrownBy(() -> FogSettings.parse("foggy")).hasMessageContaining("subtle, medium, radical");
    assertThatThrownBy(() -> new FogSettings(2)).hasMessageContaining("between 0 (subtle) and 1 (radical)");
  }
}
