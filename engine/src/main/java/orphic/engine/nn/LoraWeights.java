package orphic.engine.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import orphic.engine.kernel.Gemm;
import orphic.engine.tensor.Tensor;

/**
 * A LoRA adapter's trainable part: for each target matrix W [R, C] of a base module, a pair
 * A [r, C] and B [R, r] whose product is the update ΔW = (α/r)·B·A.
 *
 * <p>The update is defined on the matrix as stored, whatever its role: a {@link Linear}'s
 * W [Out, In] and a haze matrix stored [In, Out] are both just [R, C] here, and rank-r updates of
 * either are the same family. A starts normal(0, 1/√C) (drawn from the seed and the parameter's
 * dotted name), B at zero, so a fresh adapter changes nothing: the adapted model equals the base
 * exactly.
 *
 * <p>Parameters are named after their target, {@code <target>.lora_a} and {@code <target>.lora_b}
 * (e.g. {@code blocks.0.attn.wq.weight.lora_a}): {@link #stateDict()} is the adapter file's
 * content. {@link LoraPatch} applies adapters to a module.
 */
public final class LoraWeights extends Module {
  /** A matrix of the base module to adapt: its dotted name and stored shape [rows, cols]. */
  public record Target(String name, int rows, int cols) {
    public Target {
      if (rows < 1 || cols < 1) throw new IllegalArgumentException("target '" + name + "' needs a positive shape, got " + rows + "×" + cols);
    }
  }

  /** One target's pair: a [r, C], b [R, r]. */
  private static final class Pair extends Module {
    final Target target;
    final Tensor a;
    final Tensor b;

    Pair(Target t, int rank) {
      target = t;
      a = parameter("lora_a", Init.normal(1.0 / Math.sqrt(t.cols())), rank, t.cols());
      b = parameter("lora_b", Init.zeros(), t.rows(), rank);
    }
  }

  /** A container that rebuilds the target's dotted path, so parameter names follow it. */
  private static final class Node extends Module {
    final LinkedHashMap<String, Module> kids = new LinkedHashMap<>();

    Module get(String name) {
      return kids.get(name);
    }

    <M extends Module> M add(String name, M m) {
      kids.put(name, child(name, m));
      return m;
    }
  }

  private final int rank;
  private final float alpha;
  private final LinkedHashMap<String, Pair> pairs = new LinkedHashMap<>();

  /**
   * A fresh adapter (B = 0) of rank {@code rank} with scaling α/r over {@code targets}; A is drawn
   * from {@code seed}.
   */
  public LoraWeights(List<Target> targets, int rank, float alpha, long seed) {
    if (rank < 1) throw new IllegalArgumentException("LoRA rank must be >= 1, got " + rank);
    if (!(alpha > 0) || Float.isInfinite(alpha)) throw new IllegalArgumentException("LoRA alpha must be a positive number, got " + alpha);
    if (targets.isEmpty()) throw new IllegalArgumentException("a LoRA adapter needs at least one target matrix");
    this.rank = rank;
    this.alpha = alpha;
    LinkedHashMap<String, Node> tops = new LinkedHashMap<>();
    for (Target t : targets) {
      if (pairs.containsKey(t.name())) throw new IllegalArgumentException("target '" + t.name() + "' is listed twice");
      String[] parts = t.name().split("\\.");
      Module parent = this;
      for (int i = 0; i < parts.length - 1; i++) {
        Module next = parent == this ? tops.get(parts[i]) : ((Node) parent).get(parts[i]);
        if (next == null) {
          Node n = new Node();
          if (parent == this) {
            child(parts[i], n);
            tops.put(parts[i], n);
          } else {
            ((Node) parent).add(parts[i], n);
          }
          next = n;
        } else if (!(next instanceof Node)) {
          throw new IllegalArgumentException("target '" + t.name() + "' lies inside another target");
        }
        parent = next;
      }
      Pair p = new Pair(t, rank);
      String last = parts[parts.length - 1];
      if (parent == this) child(last, p);
      else ((Node) parent).add(last, p);
      pairs.put(t.name(), p);
    }
    initialize(seed);
  }

  public int rank() {
    return rank;
  }

  public float alpha() {
    return alpha;
  }

  /** The LoRA scaling α/r applied to B·A. */
  public float scale() {
    return alpha / rank;
  }

  /** The targets, in registration order. */
  public List<Target> targets() {
    List<Target> out = new ArrayList<>();
    for (Pair p : pairs.values()) out.add(p.target);
    return out;
  }

  public boolean hasTarget(String name) {
    return pairs.containsKey(name);
  }

  /** A [r, C] of a target (live). */
  public Tensor a(String target) {
    return pair(target).a;
  }

  /** B [R, r] of a target (live). */
  public Tensor b(String target) {
    return pair(target).b;
  }

  private Pair pair(String target) {
    Pair p = pairs.get(target);
    if (p == null) throw new IllegalArgumentException("the adapter has no target '" + target + "'; it has " + pairs.keySet());
    return p;
  }

  /** w [R, C] (contiguous, at wo) += coeff · (α/r) · B·A: this adapter's update for one target, scaled. */
  public void addDelta(String target, float coeff, float[] w, int wo) {
    Pair p = pair(target);
    if (coeff == 0f) return;
    Tensor a = p.a.contiguous(), b = p.b.contiguous();
    int rows = p.target.rows(), cols = p.target.cols();
    // [R×C] += c·s · B [R×r] · A [r×C]
    Gemm.sgemm(false, false, rows, cols, rank, coeff * scale(), b.data(), b.offset(), rank, a.data(), a.offset(), cols, 1f, w, wo, cols);
  }

  /**
   * Back-propagates a gradient G [R, C] of the effective matrix W + coeff·(α/r)·B·A into A and B
   * (accumulating): dA += c·s·Bᵀ·G, dB += c·s·G·Aᵀ.
   */
  public void accumulateGradients(String target, float[] g, int go, float coeff) {
    Pair p = pair(target);
    int rows = p.target.rows(), cols = p.target.cols();
    float cs = coeff * scale();
    // read both before either changes: dA uses B, dB uses A (the values of this step's forward)
    // dA [r×C] += cs · Bᵀ [r×R] · G [R×C]
    Gemm.sgemm(true, false, rank, cols, rows, cs, p.b.data(), p.b.offset(), rank, g, go, cols, 1f, p.a.gradArray(), p.a.gradOffset(), cols);
    // dB [R×r] += cs · G [R×C] · Aᵀ [C×r]
    Gemm.sgemm(false, true, rows, rank, cols, cs, g, go, cols, p.a.data(), p.a.offset(), cols, 1f, p.b.gradArray(), p.b.gradOffset(), rank);
  }

  /** Sets a target's A and B (shapes [r, C], [R, r]); used when building an adapter from factors. */
  public void set(String target, float[] a, float[] b) {
    Pair p = pair(target);
    if (a.length != p.a.size() || b.length != p.b.size()) {
      throw new IllegalArgumentException("factors for '" + target + "' must have " + p.a.size() + " and " + p.b.size() + " elements, got "
          + a.length + " and " + b.length + " (" + Arrays.toString(p.a.shape()) + ", " + Arrays.toString(p.b.shape()) + ")");
    }
    p.a.copyFrom(a);
    p.b.copyFrom(b);
  }
}
