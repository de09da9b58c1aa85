package orphic.workbench.hydra;

import java.util.LinkedHashMap;
import java.util.Map;
import orphic.engine.autograd.Autograd;
import orphic.engine.ops.Ops;
import orphic.engine.tensor.Tensor;
import orphic.lm.adapter.StyleDial;
import orphic.lm.adapter.StyleMix;
import orphic.lm.tokenize.Tokenizer;

/**
 * A style scorer that needs nothing but the adapters: the text's mean next-token loss under each
 * style's adapter (weight 1), turned into scores by a softmax over the negative losses (times the
 * token count, so that a longer text gives a sharper verdict). The style whose adapter finds the
 * text least surprising scores highest.
 */
public final class AdapterStyleScorer implements StyleScorer {
  private final StyleDial dial;
  private final Tokenizer tokenizer;

  /** Works on its own copy of {@code dial}. */
  public AdapterStyleScorer(StyleDial dial, Tokenizer tokenizer) {
    this.dial = dial.copy();
    this.tokenizer = tokenizer;
  }

  @Override
  public synchronized Map<String, Double> scores(String text) {
    int[] ids = tokenizer.encode(text);
    int t = dial.model().config().context();
    if (ids.length > t + 1) ids = java.util.Arrays.copyOfRange(ids, ids.length - t - 1, ids.length);
    Map<String, Double> loss = new LinkedHashMap<>();
    if (ids.length < 2) {
      for (String s : dial.adapters().keySet()) loss.put(s, 0.0);
    } else {
      int n = ids.length - 1;
      int[] x = java.util.Arrays.copyOf(ids, n);
      int[] y = java.util.Arrays.copyOfRange(ids, 1, ids.length);
      for (String style : dial.adapters().keySet()) {
        dial.set(StyleMix.only(style));
        try (var ng = Autograd.noGrad()) {
          Tensor logits = dial.model().forward(x, 1, n);
          loss.put(style, (double) Ops.crossEntropy(logits.reshape(n, -1), y, null, 0f).item() * n);
        }
      }
    }
    double min = loss.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
    double z = 0;
    for (double l : loss.values()) z += Math.exp(min - l);
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : loss.entrySet()) out.put(e.getKey(), Math.exp(min - e.getValue()) / z);
    return out;
  }
}
