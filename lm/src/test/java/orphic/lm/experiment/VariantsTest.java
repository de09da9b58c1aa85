package orphic.lm.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import orphic.lm.model.ModelConfig;
import orphic.lm.train.TrainConfig;
import orphic.lm.train.TrainJob;
import org.junit.jupiter.api.Test;

class VariantsTest {
  private static final TrainJob.Spec BASE = new TrainJob.Spec(List.of(Path.of("c.txt")), "gpt", "char", 2, 2, 32, 16, null, 1L,
      TrainConfig.defaults(), Path.of("out"), false);

  @Test
  void builtinNamesAndAliases() {
    assertThat(Variants.names()).startsWith("gpt", "baseline", "haze", "haze-rrpram", "haze-content").contains("test-void");
    Variant gpt = Variants.forName("GPT");
    assertThat(gpt.name()).isEqualTo("gpt");
    assertThat(gpt.spec(BASE)).isEqualTo(BASE);
    assertThat(Variants.forName("baseline").spec(BASE)).isEqualTo(BASE);
    assertThat(Variants.forName(" baseline ").name()).isEqualTo("baseline");
  }

  @Test
  void hazeVariantsSetArchitectureAndHeadKind() {
    ModelConfig preset = ModelConfig.haze(50, 16, 32, 2, 2);
    assertThat(Variants.forName("haze").spec(BASE).arch()).isEqualTo("haze");
    assertThat(Variants.forName("haze").model(preset).headKind()).isEqualTo("hybrid");
    assertThat(Variants.forName("haze-rrpram").model(preset).headKind()).isEqualTo("rrpram");
    assertThat(Variants.forName("haze-content").model(preset).headKind()).isEqualTo("content");
  }

  @Test
  void sizedNamesAreParsedAndCanonical() {
    Variant v = Variants.forName("gpt-l4-d192");
    assertThat(v.name()).isEqualTo("gpt-L4-D192");
    TrainJob.Spec s = v.spec(BASE);
    assertThat(s.layers()).isEqualTo(4);
    assertThat(s.dim()).isEqualTo(192);
    assertThat(s.heads()).isEqualTo(2); // not given: the experiment's
    Variant h = Variants.forName("haze-rrpram-H4");
    assertThat(h.spec(BASE).heads()).isEqualTo(4);
    assertThat(h.spec(BASE).arch()).isEqualTo("haze");
    assertThat(h.model(ModelConfig.haze(50, 16, 32, 2, 2)).headKind()).isEqualTo("rrpram");
    assertThatThrownBy(() -> Variants.forName("gpt-D64-L2")).hasMessageContaining("in that order");
    assertThatThrownBy(() -> Variants.forName("gpt-L0")).hasMessageContaining("at least 1");
  }

  @Test
  void unknownNamesListTheValidOnes() {
    assertThatThrownBy(() -> Variants.forName("nope"))
        .isInstanceOf(UnknownVariantException.class)
        .hasMessageContaining("unknown variant 'nope'")
        .hasMessageContaining("gpt, baseline, haze, haze-rrpram, haze-content")
        .hasMessageContaining("gpt-L4-D192");
    try {
      Variants.forName("gpt-X3");
    } catch (UnknownVariantException e) {
      assertThat(e.valid()).contains("gpt", "test-void");
    }
  }

  @Test
  void listsRefuseRepeatsAndEmptiness() {
    assertThat(Variants.forNames(List.of("gpt", "test-void"))).extracting(Variant::name).containsExactly("gpt", "test-void");
    assertThatThrownBy(() -> Variants.forNames(List.of("gpt", "GPT"))).hasMessageContaining("listed twice");
    assertThatThrownBy(() -> Variants.forNames(List.of())).hasMessageContaining("no variants");
  }

  @Test
  void builderChecksNames() {
    assertThatThrownBy(() -> Variant.builder("has space")).hasMessageContaining("bad variant name");
    assertThatThrownBy(() -> Variant.builder("a/b")).hasMessageContaining("bad variant name");
  }
}
