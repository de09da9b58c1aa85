package orphic.lm.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import orphic.engine.autograd.Autograd;
import orphic.engine.tensor.Tensor;
import orphic.lm.model.GptModel;
import orphic.lm.model.HazeModel;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttentionAnalysisTest {
  private static final double EPS = 1e-9;

  /** T 8, E 12, 2 layers, 3 heads, σ 0.3 so that patterns are far from uniform. */
  static List<LanguageModel> models() {
    List<LanguageModel> list = new ArrayList<>();
    list.add(new GptModel(new ModelConfig("gpt", 11, 8, 12, 2, 3, 48, false, true, 0f, null, 0.5f, 0.3f, 3)));
    for (String kind : new String[] {"rrpram", "content", "hybrid"}) {
      list.add(new HazeModel(new ModelConfig("haze", 11, 8, 12, 2, 3, 20, false, false, 0f, kind, 0.3f, 0.3f, 5)));
    }
    return list;
  }

  static int[] ids(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) ids[i] = r.nextInt(11);
    return ids;
  }

  static float[][] dense(int n, java.util.function.BiFunction<Integer, Integer, Double> w) {
    float[][] a = new float[n][n];
    for (int i = 0; i < n; i++) for (int j = 0; j <= i; j++) a[i][j] = (float) (double) w.apply(i, j);
    return a;
  }

  @Test
  void identityIsPurelyDiagonal() {
    AttentionMetrics m = AttentionMetrics.of(AttentionMatrix.of(dense(4, (i, j) -> i.equals(j) ? 1.0 : 0.0)));
    assertThat(m.diagonal()).isCloseTo(1, within(EPS));
    assertThat(m.nearDiagonal()).isCloseTo(1, within(EPS));
    assertThat(m.locality()).isCloseTo(0, within(EPS));
    assertThat(m.entropy()).isCloseTo(0, within(EPS));
    assertThat(m.uniformity()).isCloseTo(0, within(EPS));
    assertThat(m.sparsity()).isCloseTo(6.0 / 10, within(EPS)); // 10 visible entries, 4 of them 1
  }

  @Test
  void uniformRowsHaveMaximalEntropy() {
    AttentionMetrics m = AttentionMetrics.of(AttentionMatrix.of(dense(4, (i, j) -> 1.0 / (i + 1))));
    assertThat(m.uniformity()).isCloseTo(1, within(1e-6));
    assertThat(m.entropy()).isCloseTo((Math.log(2) + Math.log(3) + Math.log(4)) / 4, within(1e-6));
    assertThat(m.locality()).isCloseTo((0 + 0.5 + 1 + 1.5) / 4, within(1e-6));
    assertThat(m.diagonal()).isCloseTo((1 + 1 / 2.0 + 1 / 3.0 + 1 / 4.0) / 4, within(1e-6));
    assertThat(m.nearDiagonal()).isCloseTo((1 + 1 + 1 + 0.75) / 4, within(1e-6)); // band 2: row 3 misses key 0
    assertThat(m.sparsity()).isCloseTo(0, within(EPS));
  }

  @Test
  void previousTokenHeadIsLocalButOffDiagonal() {
    int n = 5;
    AttentionMetrics m = AttentionMetrics.of(AttentionMatrix.of(dense(n, (i, j) -> (i == 0 ? j == 0 : j == i - 1) ? 1.0 : 0.0)), 0.5, 1);
    assertThat(m.locality()).isCloseTo((n - 1) / (double) n, within(EPS));
    assertThat(m.diagonal()).isCloseTo(1.0 / n, within(EPS));
    assertThat(m.nearDiagonal()).isCloseTo(1, within(EPS));
    assertThat(m.sparsity()).isCloseTo((15.0 - 5) / 15, within(EPS));
  }

  @Test
  void probeGivesCausalRowsSummingToOneAndLeavesLogitsAlone() {
    for (LanguageModel model : models()) {
      String what = model.config().arch() + "/" + model.config().headKind();
      int[] ids = ids(2 * 7, 1);
      Tensor plain;
      try (var ng = Autograd.noGrad()) {
        plain = model.forward(ids, 2, 7).copy();
      }
      int[] calls = new int[1];
      model.setAttentionProbe((layer, head, seq, len, w, off) -> {
        calls[0]++;
        assertThat(len).isEqualTo(7);
        for (int i = 0; i < len; i++) {
          double sum = 0;
          for (int j = 0; j < len; j++) {
            float x = w[off + i * len + j];
            if (j > i) assertThat(x).as("%s (%d, %d) above the diagonal", what, i, j).isZero();
            else assertThat(x).isBetween(0f, 1f);
            sum += x;
          }
          assertThat(sum).as(what).isCloseTo(1, within(1e-5));
        }
      });
      Tensor probed;
      try (var ng = Autograd.noGrad()) {
        probed = model.forward(ids, 2, 7).copy();
      } finally {
        model.setAttentionProbe(null);
      }
      assertThat(calls[0]).as(what).isEqualTo(2 * 2 * 3); // batch × layers × heads
      assertThat(probed.toArray()).as(what).containsExactly(plain.toArray());
    }
  }

  @Test
  void hybridPatternMixesItsHalvesByTheGate() {
    // Gate 1: the mixed pattern is the rrpram half alone; an rrpram model with the same weights shows it.
    ModelConfig hybrid = new ModelConfig("haze", 11, 8, 12, 1, 2, 20, false, false, 0f, "hybrid", 1f, 0.3f, 5);
    ModelConfig rrpram = new ModelConfig("haze", 11, 8, 12, 1, 2, 20, false, false, 0f, "rrpram", 1f, 0.3f, 5);
    HazeModel h = new HazeModel(hybrid), r = new HazeModel(rrpram);
    var hp = h.stateDict();
    for (var e : r.stateDict().entrySet()) e.getValue().copyFrom(hp.get(e.getKey()).contiguous().toArray());
    int[] ids = ids(6, 2);
    AttentionMatrix[][] a = AttentionExtractor.extract(h, ids), b = AttentionExtractor.extract(r, ids);
    for (int k = 0; k < 2; k++) {
      for (int i = 0; i < 6; i++) assertThat(a[0][k].visibleRow(i)).containsExactly(b[0][k].visibleRow(i), within(1e-6f));
    }
  }

  @Test
  void textsLongerThanTheContextSlideTheWindow() {
    for (LanguageModel model : models()) {
      int t = model.config().context();
      int[] ids = ids(2 * t + 3, 4);
      AttentionMatrix[][] m = AttentionExtractor.extract(model, ids);
      AttentionMatrix a = m[1][2];
      assertThat(a.length()).isEqualTo(ids.length);
      for (int i = 0; i < ids.length; i++) {
        assertThat(a.rowStart(i)).isEqualTo(Math.max(0, i - t + 1));
        assertThat(a.rowSum(i)).isCloseTo(1, within(1e-5));
      }
      // Row 2T of the text is the last row of the window ids[T+1 .. 2T].
      int i = 2 * t;
      AttentionMatrix[][] w = AttentionExtractor.extract(model, Arrays.copyOfRange(ids, i - t + 1, i + 1));
      assertThat(a.visibleRow(i)).containsExactly(w[1][2].visibleRow(t - 1));
      AttentionMetrics metrics = AttentionMetrics.of(a);
      assertThat(metrics.locality()).isBetween(0.0, t - 1.0);
      assertThat(metrics.uniformity()).isBetween(0.0, 1.0 + 1e-9);
    }
  }

  @Test
  void reportWritesAHeatmapPerHeadAndTheText(@TempDir Path dir) throws Exception {
    LanguageModel model = models().get(3);
    AttentionReport r = AttentionReport.analyse(model, ids(20, 5), 0.01, 2, dir);
    assertThat(r.heads()).hasSize(2 * 3);
    for (AttentionReport.Head h : r.heads()) {
      BufferedImage img = ImageIO.read(dir.resolve(h.heatmap()).toFile());
      assertThat(img.getWidth()).isEqualTo(20 * 16).isEqualTo(img.getHeight());
    }
    assertThat(Files.readString(dir.resolve("report.txt"))).contains("hybrid", "layer", "near-diagonal", "1     mean");
    assertThat(AttentionHeatmap.colour(0)).isEqualTo(0xFFFFFF);
  }
}
