package orphic.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import orphic.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ParameterStoreTest {
  static final class Model extends Module {
    final Linear a = child("a", new Linear(3, 4, true));
    final LayerNorm n = child("n", new LayerNorm(4, 1e-5f, true));
    final Embedding e = child("e", new Embedding(6, 2));
  }

  @Test
  void packsEveryParameterInOrderKeepingValues() {
    Model m = new Model();
    m.initialize(9);
    List<NamedParameter> params = m.parameters();
    List<float[]> before = params.stream().map(p -> p.tensor().toArray()).toList();
    ParameterStore store = new ParameterStore(m);
    assertThat(store.size()).isEqualTo(12 + 4 + 4 + 4 + 12);
    assertThat(store.segments()).extracting(ParameterStore.Segment::name)
        .containsExactly("a.weight", "a.bias", "n.weight", "n.bias", "e.weight");
    int offset = 0;
    for (int i = 0; i < params.size(); i++) {
      ParameterStore.Segment s = store.segments().get(i);
      Tensor t = params.get(i).tensor();
      assertThat(s.offset()).isEqualTo(offset);
      assertThat(s.shape()).containsExactly(t.shape());
      assertThat(t.data()).isSameAs(store.data());
      assertThat(t.offset()).isEqualTo(offset);
      assertThat(t.gradArray()).isSameAs(store.grad());
      assertThat(t.gradOffset()).isEqualTo(offset);
      assertThat(t.toArray()).containsExactly(before.get(i));
      offset += s.size();
    }
  }

  @Test
  void gradientsWrittenThroughAParameterLandInTheFlatArray() {
    Model m = new Model();
    m.initialize(1);
    ParameterStore store = new ParameterStore(m);
    Tensor bias = m.n.bias();
    bias.gradArray()[bias.gradOffset() + 2] += 5f;
    assertThat(store.grad()[store.segment("n.bias").offset() + 2]).isEqualTo(5f);
    assertThat(bias.grad().toArray()).containsExactly(0, 0, 5, 0);
    store.zeroGrad();
    assertThat(bias.grad().toArray()).containsOnly(0f);
    // Writes to the flat data are the parameter's values.
    store.data()[store.segment("a.weight").offset() + 1] = 7f;
    assertThat(m.a.weight().get(0, 1)).isEqualTo(7f);
  }

  @Test
  void gradientsAccumulatedBeforePackingComeAlong() {
    Model m = new Model();
    m.initialize(1);
    Tensor w = m.a.weight();
    w.gradArray()[w.gradOffset() + 3] = 1.5f;
    ParameterStore store = new ParameterStore(m);
    assertThat(store.grad()[3]).isEqualTo(1.5f);
  }

  @Test
  void decayMatricesByDefaultOrEverything() {
    Model m = new Model();
    m.initialize(1);
    ParameterStore store = new ParameterStore(m);
    assertThat(store.segments()).extracting(ParameterStore.Segment::decay).containsExactly(true, false, false, false, true);
    Model m2 = new Model();
    m2.initialize(1);
    assertThat(new ParameterStore(m2, ParameterStore.DECAY_ALL).segments()).extracting(ParameterStore.Segment::decay).containsOnly(true);
  }

  @Test
  void unknownSegmentName() {
    Model m = new Model();
    m.initialize(1);
    assertThatThrownBy(() -> new ParameterStore(m).segment("nope")).hasMessageContaining("no parameter named 'nope'");
  }
}
