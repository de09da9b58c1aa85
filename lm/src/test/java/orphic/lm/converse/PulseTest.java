package orphic.lm.converse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PulseTest {
  @Test
  void arousalFollowsTheDocumentedFormula() {
    assertThat(Pulse.arousal("the rain falls softly")).isZero();
    // 2 bangs (0.30) + one intensity word "never" (0.15)
    assertThat(Pulse.arousal("never again!!")).isCloseTo(0.45, within(1e-9));
    // capitals 100 %: 2 · 0.95 clipped to 1
    assertThat(Pulse.arousal("STOP THAT")).isEqualTo(1.0);
    // a repeated content word (0.1) and an ellipsis (0.1)
    assertThat(Pulse.arousal("rain, rain...")).isCloseTo(0.2, within(1e-9));
  }

  @Test
  void noveltyIsTheShareOfUnseenWordNgrams() {
    WordField field = new WordField("the rain falls on the sea", 100, 0.5);
    assertThat(Pulse.novelty("the rain falls", field)).isZero();
    // words: the, rain, violin (1 unseen); pairs: the rain (seen), rain violin (unseen) → 2/5
    assertThat(Pulse.novelty("the rain violin", field)).isCloseTo(0.4, within(1e-9));
    field.add("violin");
    assertThat(Pulse.novelty("violin", field)).isZero();
    for (int i = 0; i < 30; i++) field.decay(0.85); // forgotten
    assertThat(Pulse.novelty("violin", field)).isEqualTo(1.0);
  }

  @Test
  void entropyOfUniformAndPeakedLogits() {
    assertThat(Pulse.entropyBits(new float[] {0, 0, 0, 0})).isCloseTo(2.0, within(1e-9));
    assertThat(Pulse.entropyBits(new float[] {100, 0, 0, 0})).isCloseTo(0.0, within(1e-9));
  }

  @Test
  void routingRules() {
    assertThat(Expert.route(new Pulse(0.9, 0.9, 1, 0.9), 0.5)).isEqualTo(Expert.WOUNDED);
    assertThat(Expert.route(new Pulse(0.6, 0.1, 1, 0.9), 0.5)).isEqualTo(Expert.PRECISE);
    assertThat(Expert.route(new Pulse(0.1, 0.1, 1, 0.6), 0.5)).isEqualTo(Expert.SEMANTIC);
    assertThat(Expert.route(new Pulse(0.1, 0.1, 1, 0.4), 0.5)).isEqualTo(Expert.CREATIVE);
  }

  @Test
  void themeSlopeIsLeastSquares() {
    assertThat(ThemeFlow.slope(List.of(0.0, 0.1, 0.2, 0.3))).isCloseTo(0.1, within(1e-12));
    assertThat(ThemeFlow.slope(List.of(0.5, 0.0, 0.1, 0.2, 0.3))).isCloseTo(0.1, within(1e-12)); // last 4 only
    assertThat(ThemeFlow.slope(List.of(0.4))).isZero();
  }

  @Test
  void wordsKeepContractionsAndDropStopWords() {
    assertThat(Words.of("Don’t GO, it's raining")).containsExactly("don't", "go", "it's", "raining");
    assertThat(Words.content("the rain and its violin")).containsExactly("rain", "violin");
  }
}
