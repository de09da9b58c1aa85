package orphic.lm.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * The switches of the blanchot architecture (docs/blanchot.md), saved as the "blanchot" object of
 * config.json's model section.
 *
 * @param voidMode        "off", "sink" (a learnable per-head sink logit) or "kv" (void key, value and logit); all start at 0: softmax₁
 * @param residualScores  each layer's attention logits add the previous layer's (RealFormer)
 * @param outputGate      sigmoid gate on the attention output, W_g = 0, b_g = 0 at init (σ = ½)
 * @param dense           DenseFormer depth-weighted composition of block outputs, identity at init
 * @param denseWindow     the composition reads only the last N outputs (0 = all)
 * @param denseDilation   the composition reads every k-th output counting back from the newest (1 = all)
 * @param orphicEmbedding token embedding plus γ·rarity·solitude vector
 * @param orphicGamma     γ of the orphic embedding
 * @param backwardTwin    β, weight of the backward twin's matching loss (0 = no twin)
 * @param twinLayers      blocks of the backward twin
 * @param tokenCounts     training-corpus count of every token id (filled in by training when the orphic embedding is on)
 */
public record BlanchotOptions(
    String voidMode,
    boolean residualScores,
    boolean outputGate,
    boolean dense,
    int denseWindow,
    int denseDilation,
    boolean orphicEmbedding,
    float orphicGamma,
    float backwardTwin,
    int twinLayers,
    long[] tokenCounts) {

  public BlanchotOptions {
    voidMode = voidMode == null ? "kv" : voidMode.toLowerCase(Locale.ROOT);
    if (voidMode.equals("on")) voidMode = "kv";
    if (!voidMode.equals("off") && !voidMode.equals("sink") && !voidMode.equals("kv")) {
      throw new IllegalArgumentException("unknown void mode '" + voidMode + "': use off, sink or kv (on = kv)");
    }
    if (denseDilation == 0) denseDilation = 1;
    if (denseWindow < 0 || denseDilation < 1) {
      throw new IllegalArgumentException("dense window must be >= 0 (0 = all) and dilation >= 1, got " + denseWindow + " and " + denseDilation);
    }
    if (!(backwardTwin >= 0) || Float.isInfinite(backwardTwin)) {
      throw new IllegalArgumentException("backward twin weight must be a finite number >= 0 (0 = off), got " + backwardTwin);
    }
    if (twinLayers < 0) throw new IllegalArgumentException("twin layers must be >= 0, got " + twinLayers);
    if (twinLayers == 0) twinLayers = 1;
    if (!Float.isFinite(orphicGamma)) throw new IllegalArgumentException("orphic gamma must be finite, got " + orphicGamma);
    tokenCounts = tokenCounts == null ? null : tokenCounts.clone();
  }

  /** The void on (key and value), everything else off; γ 0.1, one twin block when a twin weight is given. */
  public static BlanchotOptions defaults() {
    return new BlanchotOptions("kv", false, false, false, 0, 1, false, 0.1f, 0f, 1, null);
  }

  /** Every model-side component on: void, residual scores, gate, dense composition, orphic embedding, twin β = 0.5. */
  public static BlanchotOptions all() {
    return new BlanchotOptions("kv", true, true, true, 0, 1, true, 0.1f, 0.5f, 1, null);
  }

  public boolean hasVoid() {
    return !voidMode.equals("off");
  }

  public BlanchotOptions withVoidMode(String m) {
    return new BlanchotOptions(m, residualScores, outputGate, dense, denseWindow, denseDilation, orphicEmbedding, orphicGamma, backwardTwin,
        twinLayers, tokenCounts);
  }

  public BlanchotOptions withResidualScores(boolean on) {
    return new BlanchotOptions(voidMode, on, outputGate, dense, denseWindow, denseDilation, orphicEmbedding, orphicGamma, backwardTwin,
        twinLayers, tokenCounts);
  }

  public BlanchotOptions withOutputGate(boolean on) {
    return new BlanchotOptions(voidMode, residualScores, on, dense, denseWindow, denseDilation, orphicEmbedding, orphicGamma, backwardTwin,
        twinLayers, tokenCounts);
  }

  public BlanchotOptions withDense(boolean on, int window, int dilation) {
    return new BlanchotOptions(voidMode, residualScores, outputGate, on, window, dilation, orphicEmbedding, orphicGamma, backwardTwin,
        twinLayers, tokenCounts);
  }

  public BlanchotOptions withOrphicEmbedding(boolean on, float gamma) {
    return new BlanchotOptions(voidMode, residualScores, outputGate, dense, denseWindow, denseDilation, on, gamma, backwardTwin,
        twinLayers, tokenCounts);
  }

  public BlanchotOptions withBackwardTwin(float beta, int layers) {
    return new BlanchotOptions(voidMode, residualScores, outputGate, dense, denseWindow, denseDilation, orphicEmbedding, orphicGamma, beta,
        layers, tokenCounts);
  }

  public BlanchotOptions withTokenCounts(long[] counts) {
    return new BlanchotOptions(voidMode, residualScores, outputGate, dense, denseWindow, denseDilation, orphicEmbedding, orphicGamma,
        backwardTwin, twinLayers, counts);
  }

  /** Occurrences of each of {@code vocabSize} ids in {@code ids}. */
  public static long[] count(int[] ids, int vocabSize) {
    long[] c = new long[vocabSize];
    for (int id : ids) if (id >= 0 && id < vocabSize) c[id]++;
    return c;
  }

  // Records compare arrays by identity; configs are compared by value (tests, resume checks).
  @Override
  public boolean equals(Object o) {
    return o instanceof BlanchotOptions b && voidMode.equals(b.voidMode) && residualScores == b.residualScores && outputGate == b.outputGate
        && dense == b.dense && denseWindow == b.denseWindow && denseDilation == b.denseDilation && orphicEmbedding == b.orphicEmbedding
        && Float.compare(orphicGamma, b.orphicGamma) == 0 && Float.compare(backwardTwin, b.backwardTwin) == 0 && twinLayers == b.twinLayers
        && Arrays.equals(tokenCounts, b.tokenCounts);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new Object[] {voidMode, residualScores, outputGate, dense, denseWindow, denseDilation, orphicEmbedding, orphicGamma,
        backwardTwin, twinLayers, Arrays.hashCode(tokenCounts)});
  }

  @Override
  public String toString() {
    return "BlanchotOptions[void=" + voidMode + ", residualScores=" + residualScores + ", outputGate=" + outputGate + ", dense=" + dense
        + " (window " + denseWindow + ", dilation " + denseDilation + "), orphicEmbedding=" + orphicEmbedding + " (γ " + orphicGamma
        + "), backwardTwin=" + backwardTwin + " (" + twinLayers + " layers), tokenCounts=" + (tokenCounts == null ? "none" : tokenCounts.length + " ids") + "]";
  }
}
