package orphic.lm.haze;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import orphic.engine.nn.NamedParameter;
import orphic.engine.tensor.Tensor;
import orphic.lm.model.HazeModel;
import orphic.lm.model.ModelConfig;

/**
 * haze's forward written out plainly in double precision from the equations of specs/haze.md §4,
 * over arrays named as in the complete weight-file layout (docs/architecture.md): the yardstick
 * the float32 model is compared with. Slow and obvious on purpose.
 */
public final class HazeReference {
  private HazeReference() {}

  private static final double EPS = 1e-5;

  /** Logits [L][V] of one sequence (1 ≤ L ≤ T). Missing layer-norm arrays mean gain 1, bias 0. */
  public static double[][] logits(ModelConfig c, Map<String, double[]> p, int[] ids) {
    int l = ids.length, e = c.dim(), v = c.vocabSize(), n = c.mlpHidden(), h = c.heads(), d = e / h, t = c.context();
    double[] embed = p.get("embed"), pos = p.get("pos");
    double[][] x = new double[l][e];
    for (int i = 0; i < l; i++) for (int k = 0; k < e; k++) x[i][k] = embed[ids[i] * e + k] + pos[i * e + k];
    for (int b = 0; b < c.layers(); b++) {
      String pre = "blocks." + b + ".";
      double[][] xn = layerNorm(x, p.get(pre + "ln1.gamma"), p.get(pre + "ln1.beta"));
      double[][] hcat = new double[l][e];
      for (int hd = 0; hd < h; hd++) {
        String hp = pre + "heads." + hd + ".";
        double[][] out = new double[l][d];
        boolean rr = !c.headKind().equals("content"), ct = !c.headKind().equals("rrpram");
        double g = c.headKind().equals("hybrid") ? p.get(hp + "gate")[0] : 1.0;
        if (rr) {
          double[][] val = matmul(xn, p.get(hp + "rrpram.wv"), d);
          double[] wr = p.get(hp + "rrpram.wr"); // (E, T)
          double[][] s = new double[l][l];
          for (int i = 0; i < l; i++) for (int j = 0; j < l; j++) {
            double acc = 0;
            for (int k = 0; k < e; k++) acc += xn[i][k] * wr[k * t + j];
            s[i][j] = acc;
          }
          addAttention(out, causalSoftmax(s), val, g);
        }
        if (ct) {
          double[][] q = matmul(xn, p.get(hp + "content.wq"), d);
          double[][] kk = matmul(xn, p.get(hp + "content.wk"), d);
          double[][] val = matmul(xn, p.get(hp + "content.wv"), d);
          double[][] s = new double[l][l];
          for (int i = 0; i < l; i++) for (int j = 0; j < l; j++) {
            double acc = 0;
            for (int k = 0; k < d; k++) acc += q[i][k] * kk[j][k];
            s[i][j] = acc / Math.sqrt(d);
          }
          addAttention(out, causalSoftmax(s), val, rr ? 1 - g : 1.0);
        }
        for (int i = 0; i < l; i++) System.arraycopy(out[i], 0, hcat[i], hd * d, d);
      }
      for (int i = 0; i < l; i++) for (int k = 0; k < e; k++) x[i][k] += hcat[i][k];
      double[][] hid = matmul(layerNorm(x, p.get(pre + "ln2.gamma"), p.get(pre + "ln2.beta")), p.get(pre + "w0"), n);
      for (double[] row : hid) for (int k = 0; k < n; k++) row[k] = gelu(row[k]);
      double[][] m = matmul(hid, p.get(pre + "w1"), e);
      for (int i = 0; i < l; i++) for (int k = 0; k < e; k++) x[i][k] += m[i][k];
    }
    return matmul(layerNorm(x, p.get("ln_f.gamma"), p.get("ln_f.beta")), p.get("w2"), v);
  }

  /** The model's parameters under their names in the complete npz layout, as doubles. */
  public static Map<String, double[]> arraysOf(HazeModel model) {
    Map<String, double[]> out = new LinkedHashMap<>();
    for (NamedParameter np : model.parameters()) {
      String name = fileName(np.name());
      float[] f = np.tensor().toArray();
      double[] dv = new double[f.length];
      for (int i = 0; i < f.length; i++) dv[i] = f[i];
      out.put(name, dv);
    }
    return out;
  }

  /**
   * Replaces every parameter with values large enough that each term of the forward matters:
   * weights N(0, 0.4), layer-norm gains 1 ± 0.3 and biases ±0.3, gates in (0.1, 0.9).
   */
  public static void randomize(HazeModel model, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    for (NamedParameter p : model.parameters()) {
      float[] v = Tensor.randn(rng.nextLong(), 1f, p.tensor().shape()).toArray();
      for (int i = 0; i < v.length; i++) {
        if (p.name().endsWith("gate")) v[i] = (float) (0.1 + 0.8 * rng.nextDouble());
        else if (p.name().matches(".*(ln1|ln2|ln_f)\\.weight")) v[i] = 1 + 0.3f * v[i];
        else if (p.name().matches(".*(ln1|ln2|ln_f)\\.bias")) v[i] = 0.3f * v[i];
        else v[i] = 0.4f * v[i];
      }
      p.tensor().copyFrom(v);
    }
  }

  /** The npz key of a model parameter (layer norms' weight/bias are gamma/beta there). */
  public static String fileName(String parameter) {
    return parameter.replaceAll("(ln1|ln2|ln_f)\\.weight$", "$1.gamma").replaceAll("(ln1|ln2|ln_f)\\.bias$", "$1.beta");
  }

  static double gelu(double x) {
    return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
  }

  static double[][] layerNorm(double[][] x, double[] gamma, double[] beta) {
    int e = x[0].length;
    double[][] y = new double[x.length][e];
    for (int i = 0; i < x.length; i++) {
      double mu = 0, var = 0;
      for (double a : x[i]) mu += a;
      mu /= e;
      for (double a : x[i]) var += (a - mu) * (a - mu);
      var /= e;
      for (int k = 0; k < e; k++) {
        y[i][k] = (x[i][k] - mu) / Math.sqrt(var + EPS) * (gamma == null ? 1 : gamma[k]) + (beta == null ? 0 : beta[k]);
      }
    }
    return y;
  }

  /** x [R][K] · w (K, cols) row-major → [R][cols]. */
  static double[][] matmul(double[][] x, double[] w, int cols) {
    int k = x[0].length;
    double[][] y = new double[x.length][cols];
    for (int i = 0; i < x.length; i++) for (int j = 0; j < cols; j++) {
      double acc = 0;
      for (int q = 0; q < k; q++) acc += x[i][q] * w[q * cols + j];
      y[i][j] = acc;
    }
    return y;
  }

  /** haze's mask: add −1e9 above the diagonal, then a max-subtracted softmax per row. */
  static double[][] causalSoftmax(double[][] s) {
    int l = s.length;
    double[][] a = new double[l][l];
    for (int i = 0; i < l; i++) {
      double m = Double.NEGATIVE_INFINITY;
      double[] row = new double[l];
      for (int j = 0; j < l; j++) {
        row[j] = s[i][j] + (j > i ? -1e9 : 0);
        m = Math.max(m, row[j]);
      }
      double sum = 0;
      for (int j = 0; j < l; j++) sum += a[i][j] = Math.exp(row[j] - m);
      for (int j = 0; j < l; j++) a[i][j] /= sum;
    }
    return a;
  }

  /** out += w · A·val. */
  static void addAttention(double[][] out, double[][] a, double[][] val, double w) {
    for (int i = 0; i < out.length; i++) for (int j = 0; j < a.length; j++) for (int k = 0; k < out[i].length; k++) {
      out[i][k] += w * a[i][j] * val[j][k];
    }
  }
}
