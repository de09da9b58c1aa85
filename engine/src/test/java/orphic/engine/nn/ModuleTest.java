package orphic.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import orphic.engine.ops.Gelu;
import orphic.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ModuleTest {
  static final class Block extends Module {
    final Dropout drop;

    Block(int dim) {
      child("ln", new LayerNorm(dim, 1e-5f, true));
      child("attn", new CausalSelfAttention(dim, 2, false));
      drop = child("drop", new Dropout(0.1f, 7));
      child("mlp", new MLP(dim, 2 * dim, Gelu.Mode.TANH));
    }
  }

  static final class Tiny extends Module {
    final List<Block> blocks;

    Tiny(int layers, int dim) {
      child("wte", new Embedding(5, dim));
      parameter("scale", Tensor.of(new float[] {2f}, 1));
      blocks = children("blocks", IntStream.range(0, layers).mapToObj(i -> new Block(dim)).toList());
      child("lnf", new RMSNorm(dim, 1e-5f));
    }
  }

  @Test
  void namesAreDottedPathsInRegistrationOrder() {
    List<String> names = new Tiny(2, 4).parameters().stream().map(NamedParameter::name).toList();
    assertThat(names.subList(0, 8)).containsExactly(
        "wte.weight", "scale", "blocks.0.ln.weight", "blocks.0.ln.bias",
        "blocks.0.attn.wq.weight", "blocks.0.attn.wk.weight", "blocks.0.attn.wv.weight", "blocks.0.attn.wo.weight");
    assertThat(names).contains("blocks.0.mlp.fc.weight", "blocks.0.mlp.fc.bias", "blocks.1.mlp.proj.bias", "lnf.weight");
    assertThat(names).hasSize(2 + 2 * (2 + 4 + 4) + 1);
    assertThat(names.get(names.size() - 1)).isEqualTo("lnf.weight");
    // The same architecture gives the same names.
    assertThat(new Tiny(2, 4).parameters().stream().map(NamedParameter::name).toList()).isEqualTo(names);
  }

  @Test
  void parametersRequireGradAndCountElements() {
    Tiny m = new Tiny(1, 4);
    for (NamedParameter p : m.parameters()) assertThat(p.tensor().requiresGrad()).as(p.name()).isTrue();
    long expected = 5 * 4 + 1 + (4 + 4) + 4 * 16 + (4 * 8 + 8 + 8 * 4 + 4) + 4;
    assertThat(m.parameterCount()).isEqualTo(expected);
  }

  @Test
  void byValueParametersAreCopies() {
    float[] values = {1, 2, 3};
    Tensor given = Tensor.of(values, 3);
    Module m = new Module() {
      final Tensor w = parameter("w", given);
    };
    given.set(9f, 0);
    assertThat(m.stateDict().get("w").toArray()).containsExactly(1, 2, 3);
  }

  @Test
  void trainingModeReachesEveryDescendant() {
    Tiny m = new Tiny(2, 4);
    Block b = m.blocks.get(1);
    assertThat(b.isTraining()).isTrue();
    m.train(false);
    assertThat(m.isTraining()).isFalse();
    assertThat(b.isTraining()).isFalse();
    assertThat(b.drop.isTraining()).isFalse();
    m.train(true);
    assertThat(b.drop.isTraining()).isTrue();
  }

  @Test
  void initializeDependsOnSeedAndNameOnly() {
    // Built in opposite orders, registered under the same names: same values.
    Module ab = new Module() {
      {
        Linear a = new Linear(3, 4, true);
        Linear b = new Linear(3, 4, true);
        child("a", a);
        child("b", b);
      }
    };
    Module ba = new Module() {
      {
        Linear b = new Linear(3, 4, true);
        Linear a = new Linear(3, 4, true);
        child("b", b);
        child("a", a);
      }
    };
    ab.initialize(42);
    ba.initialize(42);
    Map<String, Tensor> x = ab.stateDict(), y = ba.stateDict();
    for (String name : x.keySet()) assertThat(y.get(name).toArray()).as(name).containsExactly(x.get(name).toArray());
    // Siblings differ; another seed differs; biases stay zero.
    assertThat(x.get("a.weight").toArray()).isNotEqualTo(x.get("b.weight").toArray());
    ba.initialize(43);
    assertThat(y.get("a.weight").toArray()).isNotEqualTo(x.get("a.weight").toArray());
    assertThat(x.get("a.bias").toArray()).containsOnly(0f);
    // The draws are Tensor.randn's for the derived seed.
    assertThat(x.get("a.weight").toArray()).containsExactly(Tensor.randn(Init.seedFor(42, "a.weight"), 0.02f, 4, 3).toArray());
  }

  @Test
  void scaledResidualInit() {
    assertThat(((Init.Normal) Init.scaledResidual(0.02, 8)).std()).isEqualTo(0.02 / 4);
  }

  @Test
  void storeRefusesAModelThatWasNeverInitialized() {
    Tiny m = new Tiny(1, 4);
    assertThatThrownBy(() -> new ParameterStore(m))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("wte.weight")
        .hasMessageContaining("initialize(seed)");
    m.initialize(1);
    assertThat(new ParameterStore(m).size()).isEqualTo((int) m.parameterCount());
  }

  @Test
  void loadingAStateDictAlsoCountsAsInitialised() {
    Tiny a = new Tiny(1, 4), b = new Tiny(1, 4);
    a.initialize(5);
    Map<String, Tensor> copies = new LinkedHashMap<>();
    a.stateDict().forEach((k, t) -> copies.put(k, t.copy()));
    b.loadStateDict(copies);
    new ParameterStore(b);
    for (String k : copies.keySet()) assertThat(b.stateDict().get(k).toArray()).containsExactly(copies.get(k).toArray());
  }

  @Test
  void stateDictHoldsTheLiveParameters() {
    Tiny m = new Tiny(1, 4);
    Tensor w = m.stateDict().get("lnf.weight");
    w.set(3f, 0);
    assertThat(m.stateDict().get("lnf.weight").get(0)).isEqualTo(3f);
  }

  @Test
  void loadStateDictNamesEveryProblem() {
    Tiny m = new Tiny(1, 4);
    m.initialize(1);
    Map<String, Tensor> state = new LinkedHashMap<>();
    m.stateDict().forEach((k, t) -> state.put(k, t.copy()));
    state.remove("blocks.0.ln.bias");
    state.put("blocks.0.extra.weight", Tensor.zeros(2));
    state.put("wte.weight", Tensor.zeros(6, 4));
    float before = m.stateDict().get("lnf.weight").get(0);
    state.get("lnf.weight").set(before + 1, 0);
    assertThatThrownBy(() -> m.loadStateDict(state))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 problems")
        .hasMessageContaining("missing: 'blocks.0.ln.bias' [4]")
        .hasMessageContaining("unexpected: 'blocks.0.extra.weight'")
        .hasMessageContaining("'wte.weight' is [5, 4] in the model but [6, 4] in the given state");
    // Nothing was copied.
    assertThat(m.stateDict().get("lnf.weight").get(0)).isEqualTo(before);
  }

  @Test
  void rejectsBadAndDuplicateNames() {
    assertThatThrownBy(() -> new Module() {
      final Tensor a = parameter("a.b", Tensor.zeros(1));
    }).hasMessageContaining("contain no '.'");
    assertThatThrownBy(() -> new Module() {
      final Tensor a = parameter("w", Tensor.zeros(1));
      final Linear b = child("w", new Linear(1, 1, false));
    }).hasMessageContaining("already has a parameter or child named 'w'");
  }

  @Test
  void randomStateListsDropoutCountersAndRestoresThem() {
    Tiny m = new Tiny(2, 4);
    LinkedHashMap<String, Long> state = m.randomState();
    assertThat(state).containsExactly(Map.entry("blocks.0.drop", 0L), Map.entry("blocks.1.drop", 0L));
    state.put("blocks.1.drop", 17L);
    m.loadRandomState(state);
    assertThat(m.randomState().get("blocks.1.drop")).isEqualTo(17L);
    assertThatThrownBy(() -> m.loadRandomState(Map.of("x", 1L))).hasMessageContaining("random state names differ");
  }
}
