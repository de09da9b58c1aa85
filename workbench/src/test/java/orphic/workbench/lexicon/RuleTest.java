package orphic.workbench.lexicon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RuleTest {
    private static final Function<String, List<String>> NONE = ref -> List.of();

    @Test
    void parsesTheOneLineFormat() {
        Rule r = Rule.parse("r", "Every \"salt road\" FORBIDS coin | 'money' within 4 words");
        assertThat(r.trigger()).containsExactly("salt road");
        assertThat(r.requires()).isFalse();
        assertThat(r.targets()).containsExactly("coin", "money");
        assertThat(r.window()).isEqualTo(4);
        assertThat(r.breaking()).isFalse();
        assertThat(Rule.parse("b", "break every moon requires silver within 1 word").breaking()).isTrue();
    }

    @Test
    void requiresReportsTriggersWithoutATargetNearby() {
        Rule r = Rule.parse("debt-body", "every debt requires hand|tongue|rib within 3 words");
        String text = "The debt sat in her hand. A debt was sung. Debts are not debt.";
        List<RuleFinding> f = r.check(text, NONE);
        // debt@4: "hand" is 4 words later (outside 3); debt@28: "hand" 2 words before; debt@57: none near
        assertThat(f).extracting(RuleFinding::position).containsExactly(4, 57);
        assertThat(f.getFirst().message()).isEqualTo("\"debt\" at 4 has no hand|tongue|rib within 3 words");
        assertThat(Rule.parse("w", "every debt requires hand within 4 words").check(text, NONE))
                .extracting(RuleFinding::position).containsExactly(57);
    }

    @Test
    void forbidsReportsTargetsNearbyOnEitherSide() {
        Rule r = Rule.parse("no-coin", "every \"salt road\" forbids coin|silver within 2 words");
        List<RuleFinding> f = r.check("coin on the salt road. The salt road, then silver. Salt road.", NONE);
        // the first is 3 words from "coin" (outside 2); the second has "silver" 2 words after, the third 1 word before
        assertThat(f).extracting(RuleFinding::trigger).containsExactly("salt road", "Salt road");
        assertThat(f.get(1).message()).contains("has \"silver\"");
        assertThat(f).extracting(RuleFinding::position).containsExactly(27, 51);
    }

    @Test
    void aBreakRuleReportsWhereTheConstraintStillHolds() {
        Rule r = Rule.parse("break-moon", "break every moon requires silver within 2 words");
        List<RuleFinding> f = r.check("the silver moon rose; the moon of bone", NONE);
        assertThat(f).extracting(RuleFinding::position).containsExactly(11);
        assertThat(f.getFirst().message()).endsWith("break it");
    }

    @Test
    void termReferencesExpandToSurfaceForms() {
        Rule r = Rule.parse("x", "every @debt requires @body within 2 words");
        Function<String, List<String>> lex = ref -> ref.equals("debt") ? List.of("debt", "owing") : List.of("hand", "rib");
        assertThat(r.check("owing a rib; then far away owing nothing", lex)).extracting(RuleFinding::trigger).containsExactly("owing");
    }
}
