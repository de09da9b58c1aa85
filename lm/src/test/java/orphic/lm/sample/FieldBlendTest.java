package orphic.lm.sample;

import static orphic.lm.sample.SampleTestKit.L;
import static orphic.lm.sample.SampleTestKit.assertDistribution;
import static orphic.lm.sample.SampleTestKit.distribution;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import orphic.lm.field.CooccurrenceField;
import org.junit.jupiter.api.Test;

/** The field stage against haze's bias_logits formula, worked out by hand on a five-token vocabulary. */
class FieldBlendTest {
    /** After (0, 1) the text continues with 2 twice and 3 once: the trigram row (0, 1) is (0, 0, 2/3, 1/3, 0). */
    private static final int[] TEXT = {0, 1, 2, 0, 1, 3, 0, 1, 2, 4};

    private static double[] expected(float[] logits, double[] q, double alpha) {
        double[] l = new double[logits.length];
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int i = 0; i < l.length; i++) {
            l[i] = (1 - alpha) * logits[i] + alpha * Math.log(q[i] + 1e-10);
            max = Math.max(max, l[i]);
        }
        for (int i = 0; i < l.length; i++) sum += Math.exp(l[i] - max);
        for (int i = 0; i < l.length; i++) l[i] = Math.exp(l[i] - max) / sum;
        return l;
    }

    private static SamplingContext after(int... history) {
        return new SamplingContext(RandomSource.cycling(0.5)).start(history);
    }

    @Test
    void blendedDistributionIsHazesFormula() {
        CooccurrenceField field = CooccurrenceField.build(TEXT, 5, 2);
        double[] q = {0, 0, 2.0 / 3, 1.0 / 3, 0};
        for (double alpha : new double[] {0.3, 0.5, 1}) {
            assertDistribution(distribution(L, after(4, 0, 1), new FieldBlend(field, alpha, CooccurrenceField.Mode.TRIGRAM)),
                    expected(L, q, alpha));
        }
        // bigram after 2: the text has 2→0 once and 2→4 once
        double[] afterTwo = {0.5, 0, 0, 0, 0.5};
        assertDistribution(distribution(L, after(2), new FieldBlend(field, 0.4, CooccurrenceField.Mode.BIGRAM)),
                expected(L, afterTwo, 0.4));
        // the field's own float32 bias gives the same distribution to float rounding
        float[] biased = L.clone();
        field.biasLogits(biased, new int[] {4, 0, 1}, 3, 0.3f, CooccurrenceField.Mode.TRIGRAM);
        double[] viaField = distribution(biased);
        double[] viaStage = distribution(L, after(4, 0, 1), new FieldBlend(field, 0.3, CooccurrenceField.Mode.TRIGRAM));
        for (int i = 0; i < 5; i++) assertThat(viaStage[i]).isCloseTo(viaField[i], within(1e-5));
    }

    @Test
    void weightZeroAndEmptyHistoryLeaveTheLogitsAlone() {
        CooccurrenceField field = CooccurrenceField.build(TEXT, 5, 2);
        assertDistribution(distribution(L, after(0, 1), new FieldBlend(field, 0, CooccurrenceField.Mode.TRIGRAM)), distribution(L));
        assertDistribution(distribution(L, after(), new FieldBlend(field, 0.5, CooccurrenceField.Mode.TRIGRAM)), distribution(L));
    }

    @Test
    void settingsPutTheFieldFirstAndNeedOne() {
        CooccurrenceField field = CooccurrenceField.build(TEXT, 5, 2);
        SamplerSettings s = SamplerSettings.fromMap(Map.of("field_weight", 0.25, "field_mode", "blend"));
        assertThat(s.fieldWeight()).isEqualTo(0.25);
        assertThat(s.fieldMode()).isEqualTo(CooccurrenceField.Mode.BLEND);
        assertThat(s.toChain(field).processors().getFirst()).isEqualTo(new FieldBlend(field, 0.25, CooccurrenceField.Mode.BLEND));
        assertThat(SamplerSettings.fromMap(s.toMap())).isEqualTo(s);
        assertThatThrownBy(s::toChain).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--field-corpus");
        assertThat(SamplerSettings.defaults().toChain(field).processors()).noneMatch(p -> p instanceof FieldBlend);
        assertThatThrownBy(() -> SamplerSettings.fromMap(Map.of("field_weight", 1.5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("field-weight");
        assertThatThrownBy(() -> SamplerSettings.fromMap(Map.of("field_mode", "fourgram")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bigram, trigram, cooccur or blend");
        CooccurrenceField small = CooccurrenceField.build(new int[] {0, 1, 0}, 2, 2);
        assertThatThrownBy(() -> distribution(L, after(0, 1), new FieldBlend(small, 0.5, CooccurrenceField.Mode.BIGRAM)))
                .hasMessageContaining("model's tokenizer");
    }
}
