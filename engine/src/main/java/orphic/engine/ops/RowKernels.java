package orphic.engine.ops;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import orphic.engine.kernel.Parallel;
import orphic.engine.tensor.Tensor;

/**
 * Vector API building blocks shared by the row-wise ops (elementwise, GELU, the norms, softmax,
 * cross-entropy), and the rules for splitting their work over {@link Parallel} workers.
 *
 * <p>Every loop runs the preferred species over the bulk of a range and a scalar tail over the
 * rest. Work is split so that each output element is computed by the same instruction sequence
 * whatever the thread count: row ops split over whole rows, flat ops split at multiples of the
 * vector width (so an element is in a tail only if it is in the serial tail too), and reductions
 * over rows split over columns.
 *
 * <p>No {@code FloatVector} crosses a method boundary here: each helper takes arrays and keeps all
 * of its vector code in its own loop, and lane sums are written out in place (in lane order, as
 * the scalar reference adds them). A vector passed to a method C2 does not inline is boxed on the
 * heap — see docs/architecture.md, Kernels. Math that is too heavy for one loop (exp, GELU) runs
 * as several passes over a row, with {@link #scratch} as the in-between row when the output
 * buffer cannot serve.
 */
final class RowKernels {
  private RowKernels() {}

  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int L = S.length();

  /** Below this many elements an op runs on the calling thread: a fork costs more than it saves. */
  static final int PARALLEL_MIN = 1 << 15;

  /** Runs body over rows [0, rows) of {@code width} elements, in parallel when the work is large. */
  static void overRows(int rows, int width, Parallel.RangeBody body) {
    if (rows > 1 && (long) rows * width >= PARALLEL_MIN) Parallel.range(rows, body);
    else if (rows > 0) body.run(0, rows);
  }

  /** Runs body over [0, n) flat elements, split at multiples of the vector width. */
  static void overElements(int n, Parallel.RangeBody body) {
    if (n >= PARALLEL_MIN) Parallel.grained(n, L * 64, (part, s, e) -> body.run(s, e));
    else if (n > 0) body.run(0, n);
  }

  /** Runs body over columns [0, cols) of a column reduction that visits {@code rows} rows each. */
  static void overColumns(int cols, int rows, Parallel.RangeBody body) {
    if (cols > L && (long) rows * cols >= PARALLEL_MIN) Parallel.grained(cols, L, (part, s, e) -> body.run(s, e));
    else if (cols > 0) body.run(0, cols);
  }

  private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

  /**
   * This thread's scratch row of at least n floats, grown on demand and reused (never allocated per
   * call once large enough). Its contents are undefined; one user at a time: a kernel takes it,
   * fills and reads it, and calls nothing that takes it too.
   */
  static float[] scratch(int n) {
    float[] s = SCRATCH.get();
    if (s.length < n) {
      s = new float[n];
      SCRATCH.set(s);
    }
    return s;
  }

  // ---------------------------------------------------------------- checks

  /** x must have rank ≥ 1 (a last axis to work on). */
  static void requireLastAxis(String op, Tensor x) {
    if (x.rank() == 0) throw new IllegalArgumentException(op + ": needs a tensor with a last axis, got a scalar (shape [])");
  }

  /** A per-channel parameter (gamma, beta) must be [C] for x [..., C]. */
  static void requireChannelVector(String op, String name, Tensor p, Tensor x) {
    int c = x.dim(-1);
    if (p.rank() != 1 || p.dim(0) != c) {
      throw new IllegalArgumentException(op + ": " + name + " has shape " + Arrays.toString(p.shape())
          + " but x " + Arrays.toString(x.shape()) + " needs [" + c + "] (one value per channel of the last axis)");
    }
  }

  // ---------------------------------------------------------------- row reductions

  /** max of x[o, o+n); −∞ when n = 0. */
  static float max(float[] x, int o, int n) {
    int i = 0;
    float m = Float.NEGATIVE_INFINITY;
    int bound = S.loopBound(n);
    if (bound > 0) {
      FloatVector acc = FloatVector.fromArray(S, x, o);
      for (i = L; i < bound; i += L) acc = acc.max(FloatVector.fromArray(S, x, o + i));
      m = acc.reduceLanes(VectorOperators.MAX);
    }
    for (; i < n; i++) m = Math.max(m, x[o + i]);
    return m;
  }

  /** Σ x[o, o+n). */
  static float sum(float[] x, int o, int n) {
    int i = 0;
    float s = 0f;
    int bound = S.loopBound(n);
    if (bound > 0) {
      FloatVector acc = FloatVector.zero(S);
      for (; i < bound; i += L) acc = acc.add(FloatVector.fromArray(S, x, o + i));
      for (int j = 0; j < L; j++) s += acc.lane(j);
    }
    for (; i < n; i++) s += x[o + i];
    return s;
  }

  /** Σ a·b over n elements. */
  static float dot(float[] a, int ao, float[] b, int bo, int n) {
    int i = 0;
    float s = 0f;
    int bound = S.loopBound(n);
    if (bound > 0) {
      FloatVector acc = FloatVector.zero(S);
      for (; i < bound; i += L) acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
      for (int j = 0; j < L; j++) s += acc.lane(j);
    }
    for (; i < n; i++) s = Math.fma(a[ao + i], b[bo + i], s);
    return s;
  }

  /** Σ (x − shift)² over n elements (the second pass of a two-pass variance). */
  static float sumSquaredDeviations(float[] x, int o, int n, float shift) {
    int i = 0;
    float s = 0f;
    int bound = S.loopBound(n);
    if (bound > 0) {
      FloatVector acc = FloatVector.zero(S);
      FloatVector m = FloatVector.broadcast(S, shift);
      for (; i < bound; i += L) {
        FloatVector d = FloatVector.fromArray(S, x, o + i).sub(m);
        acc = d.fma(d, acc);
      }
      for (int j = 0; j < L; j++) s += acc.lane(j);
    }
    for (; i < n; i++) {
      float d = x[o + i] - shift;
      s = Math.fma(d, d, s);
    }
    return s;
  }

  // ---------------------------------------------------------------- row updates

  /** out = x · s over n elements. */
  static void scaleInto(float[] x, int o, float s, float[] out, int oo, int n) {
    int i = 0;
    int bound = S.loopBound(n);
    FloatVector vs = FloatVector.broadcast(S, s);
    for (; i < bound; i += L) FloatVector.fromArray(S, x, o + i).mul(vs).intoArray(out, oo + i);
    for (; i < n; i++) out[oo + i] = x[o + i] * s;
  }

  /** acc += x · s over n elements (gradient accumulation). */
  static void axpy(float s, float[] x, int o, float[] acc, int ao, int n) {
    int i = 0;
    int bound = S.loopBound(n);
    FloatVector vs = FloatVector.broadcast(S, s);
    for (; i < bound; i += L) {
      FloatVector.fromArray(S, x, o + i).fma(vs, FloatVector.fromArray(S, acc, ao + i)).intoArray(acc, ao + i);
    }
    for (; i < n; i++) acc[ao + i] = Math.fma(x[o + i], s, acc[ao + i]);
  }

  /** acc += x over n elements. */
  static void accumulate(float[] x, int o, float[] acc, int ao, int n) {
    int i = 0;
    int bound = S.loopBound(n);
    for (; i < bound; i += L) {
      FloatVector.fromArray(S, acc, ao + i).add(FloatVector.fromArray(S, x, o + i)).intoArray(acc, ao + i);
    }
    for (; i < n; i++) acc[ao + i] += x[o + i];
  }

  /** acc += a ⊙ b over n elements. */
  static void accumulateProduct(float[] a, int ao, float[] b, int bo, float[] acc, int co, int n) {
    int i = 0;
    int bound = S.loopBound(n);
    for (; i < bound; i += L) {
      FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), FloatVector.fromArray(S, acc, co + i))
          .intoArray(acc, co + i);
    }
    for (; i < n; i++) acc[co + i] = Math.fma(a[ao + i], b[bo + i], acc[co + i]);
  }
}
