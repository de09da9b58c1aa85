package orphic.engine.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import orphic.engine.autograd.Autograd;
import orphic.engine.testkit.GradCheck;
import org.junit.jupiter.api.Test;

class TensorViewTest {
  @Test
  void viewsShareStorage() {
    Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor r = t.reshape(3, 2);
    r.set(9f, 0, 1);
    assertThat(t.get(0, 1)).isEqualTo(9f);
    Tensor s = t.slice(1, 2);
    assertThat(s.shape()).containsExactly(1, 3);
    assertThat(s.toArray()).containsExactly(4, 5, 6);
    Tensor tr = t.transpose();
    assertThat(tr.shape()).containsExactly(3, 2);
    assertThat(tr.isContiguous()).isFalse();
    assertThat(tr.toArray()).containsExactly(1, 4, 9, 5, 3, 6);
    assertThat(tr.contiguous().toArray()).containsExactly(1, 4, 9, 5, 3, 6);
  }

  @Test
  void reshapeRejectsWrongSizeAndInfersOneAxis() {
    Tensor t = Tensor.zeros(4, 6);
    assertThat(t.reshape(-1, 3).shape()).containsExactly(8, 3);
    assertThatThrownBy(() -> t.reshape(5, 5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("24");
    assertThatThrownBy(() -> t.transpose().reshape(24)).isInstanceOf(IllegalStateException.class).hasMessageContaining("contiguous");
  }

  @Test
  void viewGradientsLandInTheRootBuffer() {
    Tensor t = Tensor.randn(1, 1f, 2, 3).requiresGrad(true);
    Tensor view = t.transpose();
    assertThat(view.requiresGrad()).isTrue();
    Tensor c = view.contiguous();
    float[] g = c.gradArray();
    for (int i = 0; i < 6; i++) g[c.gradOffset() + i] = i;
    Autograd.runBackward();
    // c[j][i] = t[i][j]; so dL/dt[i][j] = g[j*2+i]
    assertThat(t.grad().toArray()).containsExactly(0, 2, 4, 1, 3, 5);
  }

  @Test
  void contiguousCopyPassesGradCheck() {
    Tensor x = Tensor.randn(2, 1f, 3, 4);
    var report = GradCheck.check(in -> in.get(0).transpose().contiguous(), List.of(x), 1e-2, 7);
    assertThat(report.max()).isLessThan(1e-3);
  }

  @Test
  void arenaReusesStorageAfterReset() {
    Arena arena = new Arena(1024);
    float[] first;
    try (var s = arena.open()) {
      first = Tensor.empty(10).data();
    }
    try (var s = arena.open()) {
      assertThat(Tensor.empty(10).data()).isSameAs(first);
      assertThat(Tensor.zeros(3).toArray()).containsExactly(0, 0, 0);
    }
    assertThat(Arena.current()).isNull();
  }

  @Test
  void randnIsDeterministic() {
    assertThat(Tensor.randn(42, 1f, 100).toArray()).containsExactly(Tensor.randn(42, 1f, 100).toArray());
  }
}
