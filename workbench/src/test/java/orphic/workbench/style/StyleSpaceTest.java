package orphic.workbench.style;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import orphic.engine.ops.Ops;
import orphic.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StyleSpaceTest {
  private static final int F = 24;

  /** Two synthetic styles: noise everywhere, a shifted mean in the first 3 features for style 1. */
  private static float[][] rows(int n, int style, long seed) {
    Random r = new Random(seed);
    float[][] out = new float[n][F];
    for (float[] row : out) {
      for (int j = 0; j < F; j++) row[j] = (float) r.nextGaussian();
      for (int j = 0; j < 3; j++) row[j] += style == 1 ? 2f : -2f;
    }
    return out;
  }

  private static StyleSpace.Trained trainTwo(int steps) {
    int n = 100;
    float[][] a = rows(n, 0, 1), b = rows(n, 1, 2);
    float[][] x = new float[2 * n][];
    int[] y = new int[2 * n];
    for (int i = 0; i < n; i++) {
      x[i] = a[i];
      x[n + i] = b[i];
      y[n + i] = 1;
    }
    StyleSpace.Options o = new StyleSpace.Options(8, steps, 8, 1e-2, 0.01, 0.1f, 7);
    return StyleSpace.train(x, y, List.of("plain", "ornate"), o, "synthetic", 10, 100);
  }

  @Test
  void contrastiveTrainingLowersTheLossAndSeparatesTwoStyles() {
    StyleSpace.Trained t = trainTwo(120);
    float[] l = t.losses();
    double first = 0, last = 0;
    for (int i = 0; i < 10; i++) {
      first += l[i] / 10;
      last += l[l.length - 1 - i] / 10;
    }
    assertThat(last).isLessThan(first - 0.3);
    // Unseen rows of each style land nearest their own centroid.
    int correct = 0;
    for (int s = 0; s < 2; s++) {
      for (float[] row : rows(30, s, 100 + s)) {
        double[] p = t.space().scores(t.space().vector(row));
        assertThat(p[0] + p[1]).isCloseTo(1.0, within(1e-9));
        if (StyleDetector.argmax(p) == s) correct++;
      }
    }
    assertThat(correct).isGreaterThanOrEqualTo(57); // ≥ 95% of 60
  }

  @Test
  void trainingIsDeterministicForASeed() {
    assertThat(trainTwo(5).losses()).containsExactly(trainTwo(5).losses());
  }

  @Test
  void rowNormalizeGradientMatchesFiniteDifferences() {
    float[] v = {0.3f, -1.2f, 0.5f, 2.0f, 0.1f, -0.4f};
    float[] w = {0.7f, 0.2f, -0.5f, 1.1f, -0.3f, 0.9f}; // loss = Σ w ⊙ normalize(x)
    Tensor x = Tensor.of(v.clone(), 2, 3).requiresGrad(true);
    Ops.sum(Ops.mul(RowNormalize.forward(x), Tensor.of(w, 2, 3))).backward();
    float[] g = x.grad().toArray();
    for (int i = 0; i < v.length; i++) {
      double h = 1e-3;
      float[] p = v.clone(), m = v.clone();
      p[i] += (float) h;
      m[i] -= (float) h;
      double fd = (loss(p, w) - loss(m, w)) / (2 * h);
      assertThat((double) g[i]).isCloseTo(fd, within(1e-3));
    }
  }

  private static double loss(float[] v, float[] w) {
    double s = 0;
    for (int r = 0; r < 2; r++) {
      double n = 0;
      for (int j = 0; j < 3; j++) n += v[r * 3 + j] * v[r * 3 + j];
      n = Math.sqrt(n);
      for (int j = 0; j < 3; j++) s += w[r * 3 + j] * v[r * 3 + j] / n;
    }
    return s;
  }

  @Test
  void saveLoadRoundTrip(@TempDir Path dir) throws IOException {
    StyleSpace s = trainTwo(20).space();
    s.save(dir, null);
    assertThat(dir.resolve(StyleSpace.JSON)).exists();
    assertThat(dir.resolve(StyleSpace.WEIGHTS)).exists();
    StyleSpace back = StyleSpace.load(dir);
    assertThat(back.labels()).containsExactly("plain", "ornate");
    assertThat(back.embedder()).isEqualTo("synthetic");
    assertThat(back.chunkChars()).isEqualTo(100);
    assertThat(back.temperature()).isEqualTo(0.1f);
    float[] row = rows(1, 1, 9)[0];
    assertThat(back.vector(row)).containsExactly(s.vector(row));
    assertThat(back.scores(back.vector(row))).containsExactly(s.scores(s.vector(row)));
    assertThat(back.centroid(1)).containsExactly(s.centroid(1));
  }

  @Test
  void clearErrors(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> StyleSpace.load(dir.resolve("missing"))).isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("not a directory").hasMessageContaining("orphic style train");
    assertThatThrownBy(() -> StyleSpace.load(dir)).isInstanceOf(NoSuchFileException.class).hasMessageContaining("no trained style space");
    StyleSpace s = trainTwo(2).space();
    s.save(dir, null);
    Files.writeString(dir.resolve(StyleSpace.JSON), Files.readString(dir.resolve(StyleSpace.JSON)).replace("\"version\" : 1", "\"version\" : 99"));
    assertThatThrownBy(() -> StyleSpace.load(dir)).hasMessageContaining("upgrade Orphic");
    assertThatThrownBy(() -> s.vector(new float[3])).hasMessageContaining("takes " + F + " features");
    float[][] one = {new float[F], new float[F], new float[F]};
    assertThatThrownBy(() -> StyleSpace.train(one, new int[] {0, 0, 1}, List.of("a", "b"), StyleSpace.Options.defaults(), "x", 10, 100))
        .hasMessageContaining("style 'b' has 1 chunk");
  }
}
