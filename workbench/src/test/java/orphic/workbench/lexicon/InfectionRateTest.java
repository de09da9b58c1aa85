package orphic.workbench.lexicon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class InfectionRateTest {
    @Test
    void handComputedCase() {
        InfectionRate ir = new InfectionRate(List.of("debt", "moon"));
        // corpus: the debt of the moon is a debt → 8 words, 3 lexicon words → 3/8
        InfectionRate.Share base = ir.share("The debt of the moon is a debt.");
        assertThat(base).isEqualTo(new InfectionRate.Share(3, 8));
        // generated: Debt, debt; moon rises → 4 words, 3 lexicon → 3/4
        assertThat(ir.share("Debt, debt; moon rises")).isEqualTo(new InfectionRate.Share(3, 4));
        assertThat(ir.rate("Debt, debt; moon rises", "The debt of the moon is a debt.")).isCloseTo(2.0, within(1e-12));
    }

    @Test
    void multiWordFormsCountEachWordOnceLongestFirst() {
        InfectionRate ir = InfectionRate.of(List.of(Term.of("salt road", "", List.of("road"), null), Term.of("salt", "", List.of(), null)));
        // "the salt road and the road and salt" → 8 words; salt road (2) + road (1) + salt (1) = 4
        assertThat(ir.share("the salt road and the road and salt")).isEqualTo(new InfectionRate.Share(4, 8));
        // digits and punctuation are not words; hyphenated and apostrophe words are one word
        assertThat(new InfectionRate(List.of("o'er")).share("O'er the salt-road, 1848!")).isEqualTo(new InfectionRate.Share(1, 3));
    }

    @Test
    void edgeCases() {
        InfectionRate ir = new InfectionRate(List.of("debt"));
        assertThat(ir.rate("debt", "nothing owed here")).isInfinite();
        assertThat(ir.rate("nothing", "nothing owed")).isNaN();
        assertThat(ir.rate("", "a debt")).isZero();
    }
}
