package orphic.engine.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import orphic.engine.nn.ParameterStore;
import org.junit.jupiter.api.Test;

class SgdTest {
  /** PyTorch's SGD (dampening 0) in double precision. */
  private static void check(double momentum, double wd, boolean nesterov) {
    Params model = new Params(5, 3, 7);
    ParameterStore store = new ParameterStore(model);
    double lr = 0.05;
    Sgd opt = new Sgd(store, lr, momentum, wd, nesterov);
    int n = store.size();
    double[] p = new double[n], buf = new double[n];
    for (int i = 0; i < n; i++) p[i] = store.data()[i];
    int decayedEnd = store.segment("w").size(); // w comes first and is the only decayed segment
    for (int step = 1; step <= 5; step++) {
      Params.fillGrad(store.grad(), step);
      opt.step();
      for (int i = 0; i < n; i++) {
        double d = store.grad()[i] + (i < decayedEnd ? wd * p[i] : 0);
        if (momentum != 0) {
          buf[i] = step == 1 ? d : momentum * buf[i] + d;
          d = nesterov ? d + momentum * buf[i] : buf[i];
        }
        p[i] -= lr * d;
        assertThat((double) store.data()[i]).as("element %d at step %d", i, step).isCloseTo(p[i], within(1e-6));
      }
    }
  }

  @Test
  void plainSgd() {
    check(0, 0, false);
  }

  @Test
  void momentumWithWeightDecay() {
    check(0.9, 0.01, false);
  }

  @Test
  void nesterovMomentum() {
    check(0.9, 0, true);
  }

  @Test
  void restoredStateContinuesBitForBit() {
    Params a = new Params(4, 4, 1), b = new Params(4, 4, 1);
    ParameterStore sa = new ParameterStore(a), sb = new ParameterStore(b);
    Sgd oa = new Sgd(sa, 0.1, 0.9, 0), ob = new Sgd(sb, 0.1, 0.9, 0);
    for (int step = 1; step <= 2; step++) {
      Params.fillGrad(sa.grad(), step);
      oa.step();
    }
    System.arraycopy(sa.data(), 0, sb.data(), 0, sa.size());
    ob.load(oa.state());
    for (int step = 3; step <= 5; step++) {
      Params.fillGrad(sa.grad(), step);
      Params.fillGrad(sb.grad(), step);
      oa.step();
      ob.step();
    }
    assertThat(sb.data()).containsExactly(sa.data());
  }
}
