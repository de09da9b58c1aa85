package orphic.workbench.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every metric on cases small enough to compute by hand (the working is in the comments). */
class TextMetricsTest {
  private final AxisEmbedder emb = new AxisEmbedder();

  @Test
  void bleuOfIdenticalTextsIsOneAndOfAPartialMatchIsTheGeometricMean() {
    assertThat(SelfBleu.bleu(List.of("a", "b", "c", "d"), List.of(List.of("a", "b", "c", "d")), 4)).isCloseTo(1, within(1e-12));
    // "the cat sat" vs "the cat ran", N = 2: p1 = 2/3, p2 = 1/2 ("the cat"), BP = 1 (equal lengths) → √(1/3).
    assertThat(SelfBleu.ofTexts(List.of("the cat sat", "the cat ran"), 2)).isCloseTo(Math.sqrt(1.0 / 3), within(1e-12));
    // No shared bigram: p1 = 1/2, p2 = ε/1 = 0.1 (smoothed) → √0.05; BP = 1.
    assertThat(SelfBleu.bleu(List.of("x", "y"), List.of(List.of("x", "z")), 2)).isCloseTo(Math.sqrt(0.05), within(1e-12));
    // Brevity: hypothesis "a b" (c = 2) vs reference "a b c d" (r = 4), N = 1: p1 = 1, BP = e^(1 − 2) → e^−1.
    assertThat(SelfBleu.bleu(List.of("a", "b"), List.of(List.of("a", "b", "c", "d")), 1)).isCloseTo(Math.exp(-1), within(1e-12));
    // Clipping: "a a a" vs "a b", N = 1: min(3, 1) / 3 = 1/3; c = 3 > r = 2 → BP = 1.
    assertThat(SelfBleu.bleu(List.of("a", "a", "a"), List.of(List.of("a", "b")), 1)).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(SelfBleu.ofTexts(List.of("only one"), 4)).isNaN();
  }

  @Test
  void transitionEntropyCountsUncertainSuccessors() {
    // a→b, b→a, a→b: every token has one successor → 0 bits.
    assertThat(TransitionEntropy.ofTexts(List.of("a b a b"))).isZero();
    // a→b, b→a, a→c: p(a,b) = p(a,c) = 1/3 with p(·|a) = 1/2, p(b,a) = 1/3 with p(a|b) = 1 → 2/3 bit.
    assertThat(TransitionEntropy.ofTexts(List.of("a b a c"))).isCloseTo(2.0 / 3, within(1e-12));
    // Transitions never cross texts: "a b" + "c a" = a→b, c→a → 0.
    assertThat(TransitionEntropy.ofTexts(List.of("a b", "c a"))).isZero();
    assertThat(TransitionEntropy.ofTexts(List.of("one"))).isNaN();
  }

  @Test
  void noveltyIsTheShareOfUnseenNgrams() {
    Novelty bigrams = new Novelty(List.of("a b c", "d e"), 2);
    assertThat(bigrams.of("a b d")).isCloseTo(0.5, within(1e-12)); // "a b" seen, "b d" new
    assertThat(bigrams.of("a b c")).isZero();
    assertThat(bigrams.of("c d")).isEqualTo(1.0); // "c d" spans two corpus texts: never seen
    assertThat(bigrams.of("a")).isNaN();
  }

  @Test
  void conceptualDisplacementIsTheMeanDistanceBetweenConsecutivePhrases() {
    // sea→fire: 1 − 0 = 1; fire→(fire+sea)/√2: 1 − 1/√2. Mean = (2 − 1/√2) / 2.
    assertThat(ConceptualDisplacement.ofText("sea. fire, fire sea", emb)).isCloseTo((2 - 1 / Math.sqrt(2)) / 2, within(1e-6));
    assertThat(ConceptualDisplacement.of(List.of("sea", "sea sea"), emb)).isCloseTo(0, within(1e-6));
    assertThat(ConceptualDisplacement.ofText("just one phrase", emb)).isNaN();
  }

  @Test
  void semanticVarianceIsTheMeanSquaredDistanceToTheCentroid() {
    // e = (1,0,0), (0,1,0): c = (½,½,0); each ‖e − c‖² = ¼ + ¼ = ½.
    assertThat(SemanticVariance.of(List.of("sea", "fire"), emb)).isCloseTo(0.5, within(1e-6));
    // Three orthogonal axes: c = (⅓,⅓,⅓); ‖e − c‖² = 4/9 + 1/9 + 1/9 = 2/3 = 1 − ‖c‖².
    assertThat(SemanticVariance.of(List.of("sea", "fire", "stone"), emb)).isCloseTo(2.0 / 3, within(1e-6));
    assertThat(SemanticVariance.of(List.of("sea", "sea"), emb)).isCloseTo(0, within(1e-6));
  }

  @Test
  void poeticCohesionIsTheCosineOfPromptAndOutput() {
    assertThat(PoeticCohesion.of("sea", "sea fire", emb)).isCloseTo(1 / Math.sqrt(2), within(1e-6));
    assertThat(PoeticCohesion.of("sea", "stone", emb)).isCloseTo(0, within(1e-6));
    assertThat(PoeticCohesion.of("fire stone", "stone fire", emb)).isCloseTo(1, within(1e-6));
  }
}
