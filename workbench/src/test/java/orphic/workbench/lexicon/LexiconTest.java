package orphic.workbench.lexicon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import orphic.workbench.store.Workspace;
import orphic.workbench.store.WorkspaceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LexiconTest {
    @TempDir Path tmp;

    @Test
    void termsRoundTripWithTheirActivation() {
        try (Workspace ws = Workspace.init(tmp)) {
            Lexicon lex = new Lexicon(ws);
            Activation a = Activation.builder().keys("debt", "/owe(s|d)?/i").secondary(SecondaryLogic.NOT_ALL, "coin")
                    .antiKeys("paid").probability(40).group("ledger").weight(7).order(3).bias(1.5).unbias(true).build();
            Term saved = lex.put(Term.of("Debt", "what the body owes", List.of("owing", "the ledger"), a));
            assertThat(saved.id()).isPositive();
            assertThat(lex.find("debt")).contains(saved);
            assertThat(lex.find("THE LEDGER")).contains(saved);
            assertThat(saved.activation()).isEqualTo(a);
            assertThat(saved.aliases()).containsExactly("owing", "the ledger");
            // put again replaces, keeping the id
            Term replaced = lex.put(Term.of("debt", "changed", List.of(), null));
            assertThat(replaced.id()).isEqualTo(saved.id());
            assertThat(replaced.definition()).isEqualTo("changed");
            assertThat(replaced.activation()).isEqualTo(Activation.DEFAULT);
            assertThat(lex.list()).hasSize(1);
            assertThat(lex.remove("DEBT")).isTrue();
            assertThat(lex.list()).isEmpty();
        }
    }

    @Test
    void badActivationIsRefusedBeforeItIsStored() {
        assertThatThrownBy(() -> Activation.builder().keys("/(unclosed/").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not compile");
        assertThatThrownBy(() -> Activation.builder().probability(101).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..100");
        assertThatThrownBy(() -> Relation.normaliseType("evolves to!"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a name");
        assertThat(Relation.normaliseType("evolves to")).isEqualTo("EVOLVES_TO");
    }

    @Test
    void evolvesIntoFollowsEdgesTransitivelyWithShortestDepthAndSurvivesCycles() {
        try (Workspace ws = Workspace.init(tmp)) {
            Lexicon lex = seed(ws);
            // debt → tithe → tax → debt (cycle); debt → wound; tithe → wound
            assertThat(lex.evolvesInto("debt")).extracting(r -> r.term().name() + "@" + r.depth())
                    .containsExactly("tithe@1", "wound@1", "tax@2");
            assertThat(lex.evolvesInto("tax")).extracting(r -> r.term().name() + "@" + r.depth())
                    .containsExactly("debt@1", "tithe@2", "wound@2");
            assertThat(lex.evolvesInto("sea")).isEmpty();
            assertThat(lex.reachable("debt", "evolves_to", 1)).extracting(r -> r.term().name()).containsExactly("tithe", "wound");
        }
    }

    @Test
    void neighbourhoodWithinKHopsInEitherDirection() {
        try (Workspace ws = Workspace.init(tmp)) {
            Lexicon lex = seed(ws);
            assertThat(lex.neighbourhood("sea", 0, List.of())).extracting(r -> r.term().name() + "@" + r.depth()).containsExactly("sea@0");
            assertThat(lex.neighbourhood("sea", 1, List.of())).extracting(r -> r.term().name() + "@" + r.depth())
                    .containsExactly("sea@0", "salt@1", "wound@1");
            assertThat(lex.neighbourhood("sea", 2, List.of())).extracting(r -> r.term().name() + "@" + r.depth())
                    .containsExactly("sea@0", "salt@1", "wound@1", "debt@2", "tithe@2");
            // only LINKED edges: sea — salt
            assertThat(lex.neighbourhood("sea", 5, List.of("linked"))).extracting(r -> r.term().name()).containsExactly("sea", "salt");
            List<Lexicon.Reached> hood = lex.neighbourhood("sea", 1, List.of());
            assertThat(lex.relationsAmong(hood.stream().map(Lexicon.Reached::term).toList()))
                    .extracting(r -> r.from() + " " + r.type() + " " + r.to())
                    .containsExactlyInAnyOrder("salt LINKED sea", "wound APPEARS_IN sea");
        }
    }

    @Test
    void relationsAreIdempotentCascadeOnDeleteAndNeedKnownTerms() {
        try (Workspace ws = Workspace.init(tmp)) {
            Lexicon lex = seed(ws);
            Relation r1 = lex.relate("salt", "LINKED", "sea");
            Relation r2 = lex.relate("salt", "linked", "sea");
            assertThat(r2).isEqualTo(r1);
            assertThat(lex.relations("salt")).hasSize(1);
            lex.relate("salt", "TASTES_OF", "wound");
            assertThat(lex.relations("salt")).extracting(Relation::type).containsExactly("LINKED", "TASTES_OF");
            assertThat(lex.unrelate("salt", "tastes of", "wound")).isTrue();
            assertThatThrownBy(() -> lex.relate("salt", "LINKED", "nowhere"))
                    .isInstanceOf(WorkspaceException.class).hasMessageContaining("no lexicon term or alias 'nowhere'");
            lex.remove("sea");
            assertThat(lex.relations("salt")).isEmpty();
        }
    }

    @Test
    void rulesAreStoredAndResolveTermReferences() {
        try (Workspace ws = Workspace.init(tmp)) {
            Lexicon lex = new Lexicon(ws);
            lex.put(Term.of("body", "", List.of("hand", "rib", "tongue"), null));
            lex.putRule("debt-has-body", "every debt requires @body within 5 words");
            assertThat(lex.rules()).extracting(Rule::spec).containsExactly("every debt requires @body within 5 words");
            List<RuleFinding> f = lex.rules().getFirst().check("A debt of rib. Then after many long days the debt alone, far from all.", lex.formsResolver());
            assertThat(f).extracting(RuleFinding::position).containsExactly(45);
            assertThatThrownBy(() -> lex.putRule("bad", "debt needs hands"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not read as");
            Rule unknownRef = Rule.parse("x", "every debt requires @nothing within 2 words");
            assertThatThrownBy(() -> unknownRef.check("debt", lex.formsResolver())).hasMessageContaining("@nothing");
        }
    }

    private static Lexicon seed(Workspace ws) {
        Lexicon lex = new Lexicon(ws);
        for (String n : List.of("debt", "tithe", "tax", "wound", "sea", "salt")) lex.put(Term.of(n, "", List.of(), null));
        lex.relate("debt", Relation.EVOLVES_TO, "tithe");
        lex.relate("tithe", Relation.EVOLVES_TO, "tax");
        lex.relate("tax", Relation.EVOLVES_TO, "debt");
        lex.relate("debt", Relation.EVOLVES_TO, "wound");
        lex.relate("tithe", Relation.EVOLVES_TO, "wound");
        lex.relate("wound", Relation.APPEARS_IN, "sea");
        lex.relate("salt", Relation.LINKED, "sea");
        assertThat(Set.copyOf(lex.list().stream().map(Term::name).toList())).hasSize(6);
        return lex;
    }
}
