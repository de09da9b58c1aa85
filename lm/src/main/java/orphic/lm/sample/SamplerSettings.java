package orphic.lm.sample;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import orphic.lm.field.CooccurrenceField;

/**
 * Every sampling parameter, with documented defaults (llama.cpp's where it has one), validated on
 * construction; {@link #toChain()} builds the {@link SamplerChain}. Stages whose parameters leave
 * them neutral (top-k 0, top-p 1, min-p 0, …) are left out of the chain.
 *
 * <p>Three ways in, one vocabulary of names (snake_case, kebab-case and camelCase all accepted):
 * {@link #builder()} for Java; {@link #fromMap(Map)} for JSON (Jackson reads and writes this record
 * as a flat object with snake_case keys) and string maps; {@link #parseArgs(List)} for CLI options
 * such as {@code --top-k 40 --temperature=0.9 --banned-phrases "shivers down"}. A {@code preset}
 * key starts from a {@link SamplerPresets} entry and the other keys override it.
 *
 * <p><b>Chain.</b> {@code order} lists stage names ({@link #STAGES}); the default is llama.cpp's
 * order with our stages added: constraints and biases first, then penalties, DRY, top-n-σ, top-k,
 * typical, top-p, min-p, η, XTC, temperature, anti-coherence, then the sampler. With a mirostat
 * sampler the truncation stages (top-n-σ … XTC) are skipped, as in llama.cpp; unlike llama.cpp,
 * bans, biases, penalties and DRY still apply.
 *
 * @param sampler final sampler (default dist)
 * @param order stage order (default {@link #DEFAULT_ORDER})
 * @param temperature T ≥ 0, 0 = greedy (0.8)
 * @param dynatempRange dynamic temperature range δ ≥ 0, 0 = off (0)
 * @param dynatempExponent dynamic temperature exponent ≥ 0 (1)
 * @param temperatureMode what fills the temperature stage: fixed, entropy or resonance (fixed)
 * @param targetEntropy haze's target entropy in bits &gt; 0, also haze-mirostat's target (3.0)
 * @param targetResonance haze's target resonance in (0, 1] (0.7)
 * @param minTemperature lower clip of the entropy/resonance temperature &gt; 0 (0.3)
 * @param maxTemperature upper clip ≥ minTemperature (2.0)
 * @param resonanceDirection documented (high resonance cools, default) or haze-code (heats)
 * @param topK ≥ 0, 0 = off (40)
 * @param topP in (0, 1], 1 = off (0.95)
 * @param minP in [0, 1], 0 = off (0.05)
 * @param typicalP in (0, 1], 1 = off (1)
 * @param topNSigma ≥ 0, 0 = off (0; llama.cpp writes −1)
 * @param etaCutoff η-sampling ε in [0, 1), 0 = off (0)
 * @param xtcProbability in [0, 1], 0 = off (0)
 * @param xtcThreshold in [0, 1], above 0.5 = off (0.1)
 * @param repeatPenalty &gt; 0, 1 = off (1)
 * @param frequencyPenalty finite, 0 = off (0)
 * @param presencePenalty finite, 0 = off (0)
 * @param penaltyLastN window of the penalties, −1 = whole history, 0 = off (64)
 * @param dryMultiplier ≥ 0, 0 = off (0; 0.8 typical)
 * @param dryBase ≥ 1 (1.75)
 * @param dryAllowedLength ≥ 1 (2)
 * @param dryPenaltyLastN −1 = whole history, 0 = off (64)
 * @param drySequenceBreakers strings (newline, colon, double quote, asterisk)
 * @param mirostatTau target surprise in bits of mirostat/mirostat-v2 &gt; 0 (5.0)
 * @param mirostatEta learning rate of every mirostat sampler ≥ 0 (0.1; haze calls it mirostat_tau)
 * @param mirostatSurprise original (paper, default) or truncated (llama.cpp) probability in the μ update
 * @param antiCoherence γ in [0, 1], 0 = off (0)
 * @param logitBias token id → additive bias, −∞ bans (empty)
 * @param bannedTokens token ids never emitted (empty)
 * @param bannedPhrases text phrases never emitted, enforced by backtracking in {@link GenerationLoop} (empty)
 * @param phraseBanIgnoreCase case-insensitive phrase matching (true)
 * @param lexiconBias text → bias for {@link LexiconBias} (empty)
 * @param lexiconMinPrefix {@link LexiconBias} minPrefix ≥ 0 (0)
 * @param phoneticBias {@link PhoneticBias} bias, 0 = off (0)
 * @param phoneticWindow recent tokens listened to ≥ 1 (8)
 * @param phoneticMode same-code or same-onset (same-code)
 * @param fieldWeight α in [0, 1] of the co-occurrence field blend {@link FieldBlend}, 0 = off (0); needs a field: {@link #toChain(CooccurrenceField)}
 * @param fieldMode which field distribution to blend: bigram, trigram, cooccur or blend (trigram)
 * @param entropySchedule the temperature stage follows the novelty density of the generated text, {@link NoveltyTemperature}:
 *     base {@code temperature}, clamped to [min_temperature, max_temperature] (false)
 * @param entropyScheduleTarget target novelty density in [0, 1] (0.5)
 * @param entropyScheduleGain gain k ≥ 0 (2)
 * @param entropyScheduleHalfLife half-life of the density's moving average, tokens &gt; 0 (16)
 * @param minKeep ≥ 1 candidates every truncation keeps (1)
 * @param seed seed of the generation's random source (42)
 */
public record SamplerSettings(
        SamplerKind sampler,
        List<String> order,
        double temperature,
        double dynatempRange,
        double dynatempExponent,
        TemperatureMode temperatureMode,
        double targetEntropy,
        double targetResonance,
        double minTemperature,
        double maxTemperature,
        ResonanceTemperature.Direction resonanceDirection,
        int topK,
        double topP,
        double minP,
        double typicalP,
        double topNSigma,
        double etaCutoff,
        double xtcProbability,
        double xtcThreshold,
        double repeatPenalty,
        double frequencyPenalty,
        double presencePenalty,
        int penaltyLastN,
        double dryMultiplier,
        double dryBase,
        int dryAllowedLength,
        int dryPenaltyLastN,
        List<String> drySequenceBreakers,
        double mirostatTau,
        double mirostatEta,
        Mirostat.Surprise mirostatSurprise,
        double antiCoherence,
        Map<Integer, Double> logitBias,
        List<Integer> bannedTokens,
        List<String> bannedPhrases,
        boolean phraseBanIgnoreCase,
        Map<String, Double> lexiconBias,
        int lexiconMinPrefix,
        double phoneticBias,
        int phoneticWindow,
        PhoneticBias.Mode phoneticMode,
        double fieldWeight,
        CooccurrenceField.Mode fieldMode,
        boolean entropySchedule,
        double entropyScheduleTarget,
        double entropyScheduleGain,
        double entropyScheduleHalfLife,
        int minKeep,
        long seed) {

    /** Every stage name {@code order} may contain. */
    public static final List<String> STAGES = List.of(
            "field", "logit-bias", "token-ban", "phrase-ban", "lexicon-bias", "phonetic-bias", "penalties", "dry",
            "top-n-sigma", "top-k", "typical", "top-p", "min-p", "eta", "xtc", "temperature", "anti-coherence");

    /**
     * llama.cpp's order (penalties → DRY → top-n-σ → top-k → typical → top-p → min-p → XTC → temperature) with our stages
     * added; the co-occurrence field first, so that it blends into the model's own logits as haze's bias_logits does.
     */
    public static final List<String> DEFAULT_ORDER = STAGES;

    private static final Set<String> TRUNCATION = Set.of("top-n-sigma", "top-k", "typical", "top-p", "min-p", "eta", "xtc");

    public SamplerSettings {
        if (sampler == null) {
            throw new IllegalArgumentException("sampler is required; valid: dist, greedy, mirostat, mirostat-v2, haze-mirostat, haze-mirostat-v2");
        }
        order = List.copyOf(order);
        Set<String> seen = new HashSet<>();
        for (String stage : order) {
            if (!STAGES.contains(stage)) {
                throw new IllegalArgumentException("unknown stage '" + stage + "' in order; valid stages: " + String.join(", ", STAGES));
            }
            if (!seen.add(stage)) {
                throw new IllegalArgumentException("stage '" + stage + "' appears twice in order " + order);
            }
        }
        Check.atLeast("temperature", temperature, 0);
        Check.atLeast("dynatemp-range", dynatempRange, 0);
        Check.atLeast("dynatemp-exponent", dynatempExponent, 0);
        require(temperatureMode, "temperature-mode", "fixed, entropy, resonance");
        Check.positive("target-entropy", targetEntropy);
        Check.range("target-resonance", targetResonance, 0, false, 1, true);
        Check.positive("min-temperature", minTemperature);
        Check.positive("max-temperature", maxTemperature);
        if (maxTemperature < minTemperature) {
            throw new IllegalArgumentException("max-temperature (" + maxTemperature + ") must be ≥ min-temperature (" + minTemperature + ")");
        }
        require(resonanceDirection, "resonance-direction", "documented, haze-code");
        if (topK < 0) {
            throw new IllegalArgumentException("top-k must be ≥ 1, or 0 to turn it off, got " + topK);
        }
        Check.range("top-p", topP, 0, false, 1, true);
        Check.range("min-p", minP, 0, true, 1, true);
        Check.range("typical-p", typicalP, 0, false, 1, true);
        Check.atLeast("top-n-sigma (0 = off)", topNSigma, 0);
        Check.range("eta-cutoff", etaCutoff, 0, true, 1, false);
        Check.range("xtc-probability", xtcProbability, 0, true, 1, true);
        Check.range("xtc-threshold", xtcThreshold, 0, true, 1, true);
        Check.positive("repeat-penalty", repeatPenalty);
        Check.finite("frequency-penalty", frequencyPenalty);
        Check.finite("presence-penalty", presencePenalty);
        Check.atLeast("penalty-last-n (−1 = whole history)", penaltyLastN, -1);
        Check.atLeast("dry-multiplier", dryMultiplier, 0);
        Check.atLeast("dry-base", dryBase, 1);
        Check.atLeast("dry-allowed-length", dryAllowedLength, 1);
        Check.atLeast("dry-penalty-last-n (−1 = whole history)", dryPenaltyLastN, -1);
        drySequenceBreakers = List.copyOf(drySequenceBreakers);
        Check.positive("mirostat-tau", mirostatTau);
        Check.atLeast("mirostat-eta", mirostatEta, 0);
        require(mirostatSurprise, "mirostat-surprise", "original, truncated");
        Check.range("anti-coherence", antiCoherence, 0, true, 1, true);
        logitBias = Collections.unmodifiableMap(new TreeMap<>(logitBias));
        new LogitBias(logitBias); // validates ids and values
        bannedTokens = List.copyOf(bannedTokens);
        new TokenBan(bannedTokens);
        bannedPhrases = List.copyOf(bannedPhrases);
        PhraseBan.ofText(bannedPhrases);
        lexiconBias = Collections.unmodifiableMap(new LinkedHashMap<>(lexiconBias));
        LexiconBias.ofText(lexiconBias, lexiconMinPrefix);
        Check.finite("phonetic-bias", phoneticBias);
        Check.atLeast("phonetic-window", phoneticWindow, 1);
        require(phoneticMode, "phonetic-mode", "same-code, same-onset");
        Check.range("field-weight", fieldWeight, 0, true, 1, true);
        require(fieldMode, "field-mode", "bigram, trigram, cooccur, blend");
        NoveltyTemperature.check(entropySchedule ? temperature : 1, entropyScheduleTarget, entropyScheduleGain, entropyScheduleHalfLife,
                minTemperature, maxTemperature);
        if (entropySchedule && (temperatureMode != TemperatureMode.FIXED || dynatempRange > 0)) {
            throw new IllegalArgumentException("entropy-schedule sets the temperature itself: use it with temperature-mode fixed and"
                    + " dynatemp-range 0");
        }
        Check.atLeast("min-keep", minKeep, 1);
    }

    private static void require(Object value, String name, String valid) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required; valid: " + valid);
        }
    }

    /** The defaults (llama.cpp's where it has one). */
    public static SamplerSettings defaults() {
        return builder().build();
    }

    /**
     * Every processor stage on with a typical value, for measuring the whole chain's cost
     * ({@code bench generate --all-processors}): logit bias (ids 1, 2), a banned token (3), a banned
     * phrase, lexicon and phonetic bias, the three penalties, DRY, top-n-σ, top-k, typical, top-p,
     * min-p, η, XTC, dynamic temperature, anti-coherence and the co-occurrence field (weight 0.3:
     * build the chain with {@link #toChain(CooccurrenceField)}). Text stages need the
     * vocabulary's token texts in the context; the ids need V ≥ 4.
     */
    public static SamplerSettings allProcessors() {
        return builder()
                .logitBias(Map.of(1, 0.5, 2, -0.5))
                .bannedTokens(List.of(3))
                .bannedPhrases(List.of("zzz"))
                .lexiconBias(Map.of("the", 1.0, "and", -0.5))
                .phoneticBias(0.3)
                .repeatPenalty(1.1).frequencyPenalty(0.05).presencePenalty(0.05)
                .dryMultiplier(0.8)
                .topNSigma(3.0)
                .topK(50)
                .typicalP(0.95)
                .topP(0.95)
                .minP(0.02)
                .etaCutoff(0.0009)
                .xtcProbability(0.5).xtcThreshold(0.1)
                .temperature(0.9).dynatempRange(0.3)
                .antiCoherence(0.01)
                .fieldWeight(0.3)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The seeded random source for a generation with these settings. */
    public RandomSource randomSource() {
        return new SplitMix64(seed);
    }

    /** A fresh context for one generation with these settings' seed. */
    public SamplingContext newContext(List<String> vocabulary) {
        return new SamplingContext(vocabulary, randomSource());
    }

    // ------------------------------------------------------------------ the chain

    /**
     * Builds the chain these settings describe (neutral stages left out).
     *
     * @throws IllegalArgumentException when {@code field_weight} is on: that stage needs a field, {@link #toChain(CooccurrenceField)}
     */
    public SamplerChain toChain() {
        return toChain(null);
    }

    /**
     * Builds the chain with {@code field} (may be null while {@code field_weight} is 0) for the field stage; the entropy
     * schedule, when on, counts the field's trigrams as known.
     */
    public SamplerChain toChain(CooccurrenceField field) {
        if (fieldWeight > 0 && field == null) {
            throw new IllegalArgumentException("field_weight " + Check.fmt(fieldWeight)
                    + " blends a co-occurrence field into the logits, but no field was given: pass a corpus (sample --field-corpus FILE)"
                    + " or set field_weight to 0");
        }
        SamplerChain.Builder b = SamplerChain.builder();
        boolean mirostat = sampler.isMirostat();
        for (String stage : order) {
            if (mirostat && TRUNCATION.contains(stage)) {
                continue;
            }
            LogitProcessor p = stage.equals("field")
                    ? (fieldWeight == 0 ? null : new FieldBlend(field, fieldWeight, fieldMode))
                    : stage.equals("temperature") && entropySchedule
                    ? new NoveltyTemperature(temperature, entropyScheduleTarget, entropyScheduleGain, entropyScheduleHalfLife,
                            minTemperature, maxTemperature, field)
                    : stage(stage);
            if (p != null) {
                b.add(p);
            }
        }
        return b.sampler(finalSampler()).build();
    }

    private LogitProcessor stage(String stage) {
        return switch (stage) {
            case "field" -> throw new IllegalStateException("the field stage is built by toChain(field)");
            case "logit-bias" -> logitBias.isEmpty() ? null : new LogitBias(logitBias);
            case "token-ban" -> bannedTokens.isEmpty() ? null : new TokenBan(bannedTokens);
            case "phrase-ban" -> bannedPhrases.isEmpty() ? null : PhraseBan.ofText(bannedPhrases, phraseBanIgnoreCase);
            case "lexicon-bias" -> lexiconBias.isEmpty() ? null : LexiconBias.ofText(lexiconBias, lexiconMinPrefix);
            case "phonetic-bias" -> phoneticBias == 0 ? null : new PhoneticBias(phoneticBias, phoneticWindow, phoneticMode, false);
            case "penalties" -> penaltyLastN == 0 || (repeatPenalty == 1 && frequencyPenalty == 0 && presencePenalty == 0)
                    ? null : new Penalties(penaltyLastN, repeatPenalty, frequencyPenalty, presencePenalty);
            case "dry" -> dryMultiplier == 0 || dryPenaltyLastN == 0
                    ? null : new Dry(dryMultiplier, dryBase, dryAllowedLength, dryPenaltyLastN, drySequenceBreakers);
            case "top-n-sigma" -> topNSigma <= 0 ? null : new TopNSigma(topNSigma);
            case "top-k" -> topK <= 0 ? null : new TopK(topK);
            case "typical" -> typicalP >= 1 ? null : new TypicalP(typicalP, minKeep);
            case "top-p" -> topP >= 1 ? null : new TopP(topP, minKeep);
            case "min-p" -> minP <= 0 ? null : new MinP(minP, minKeep);
            case "eta" -> etaCutoff <= 0 ? null : new EtaCutoff(etaCutoff, minKeep);
            case "xtc" -> xtcProbability <= 0 || xtcThreshold > 0.5 ? null : new Xtc(xtcProbability, xtcThreshold, minKeep);
            case "temperature" -> switch (temperatureMode) {
                case FIXED -> dynatempRange > 0
                        ? new DynamicTemperature(temperature, dynatempRange, dynatempExponent)
                        : new Temperature(temperature);
                case ENTROPY -> new EntropyTemperature(targetEntropy, minTemperature, maxTemperature);
                case RESONANCE -> new ResonanceTemperature(targetResonance, minTemperature, maxTemperature, resonanceDirection);
            };
            case "anti-coherence" -> antiCoherence == 0 ? null : new AntiCoherence(antiCoherence);
            default -> throw new IllegalStateException("unhandled stage " + stage);
        };
    }

    private Sampler finalSampler() {
        return switch (sampler) {
            case DIST -> Sampler.DIST;
            case GREEDY -> Sampler.GREEDY;
            case MIROSTAT -> new Mirostat(mirostatTau, mirostatEta, 100, mirostatSurprise);
            case MIROSTAT_V2 -> new MirostatV2(mirostatTau, mirostatEta, mirostatSurprise);
            case HAZE_MIROSTAT -> new HazeMirostat(targetEntropy, mirostatEta);
            case HAZE_MIROSTAT_V2 -> new HazeMirostatV2(targetEntropy, mirostatEta);
        };
    }

    // ------------------------------------------------------------------ maps, JSON, CLI

    /** The settings as a flat map with snake_case keys (what Jackson writes). */
    @JsonValue
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Field f : FIELDS.values()) {
            m.put(f.key, f.get.apply(this));
        }
        return m;
    }

    /**
     * Settings from a map (a JSON object, a properties file, query parameters). Keys: the
     * snake_case names of {@link #toMap()} (kebab-case and camelCase also work) plus
     * {@code preset}; values: numbers, booleans, strings, lists or maps, or their text forms (lists
     * as JSON or comma-separated with {@code \n \t \, \\} escapes; maps as JSON or
     * {@code key=value,key=value}).
     *
     * @throws IllegalArgumentException naming the key, the bad value and what is valid
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static SamplerSettings fromMap(Map<String, ?> values) {
        Builder b = builder();
        Object preset = null;
        for (var e : values.entrySet()) {
            if (normalise(e.getKey()).equals("preset")) {
                preset = e.getValue();
            }
        }
        if (preset != null) {
            b = SamplerPresets.get(String.valueOf(preset)).settings().toBuilder();
        }
        for (var e : values.entrySet()) {
            String norm = normalise(e.getKey());
            if (norm.equals("preset")) {
                continue;
            }
            Field f = BY_NORMALISED.get(norm);
            if (f == null) {
                throw new IllegalArgumentException("unknown sampler setting '" + e.getKey() + "'; valid settings: preset, "
                        + String.join(", ", FIELDS.keySet()));
            }
            try {
                f.set.accept(b, new Value(f.key, e.getValue()));
            } catch (IllegalArgumentException ex) {
                throw ex;
            } catch (RuntimeException ex) {
                throw new IllegalArgumentException(f.key + ": cannot use value '" + e.getValue() + "' (" + ex.getMessage() + ")", ex);
            }
        }
        return b.build();
    }

    /**
     * Settings from command-line options: {@code --key value} or {@code --key=value}, keys as in
     * {@link #fromMap}. A list or map setting may be repeated, one element per occurrence
     * ({@code --banned-phrases "a, b" --banned-phrases c} bans two phrases; {@code --logit-bias 15=-2});
     * a scalar repeated keeps its last value.
     */
    public static SamplerSettings parseArgs(List<String> args) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--") || a.length() == 2) {
                throw new IllegalArgumentException("expected an option like --top-k 40, got '" + a + "'");
            }
            String key;
            String value;
            int eq = a.indexOf('=');
            if (eq > 0) {
                key = a.substring(2, eq);
                value = a.substring(eq + 1);
            } else {
                key = a.substring(2);
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("option --" + key + " needs a value");
                }
                value = args.get(++i);
            }
            String norm = normalise(key);
            Field f = BY_NORMALISED.get(norm);
            if (f != null && f.collection) {
                @SuppressWarnings("unchecked")
                List<Object> list = (List<Object>) map.computeIfAbsent(f.key, k -> new ArrayList<>());
                list.add(value);
            } else {
                map.put(f != null ? f.key : key, value);
            }
        }
        return fromMap(map);
    }

    /** Settings from a JSON object. */
    public static SamplerSettings fromJson(String json) {
        try {
            return fromMap(JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {}));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("sampler settings are not a valid JSON object: " + e.getOriginalMessage(), e);
        }
    }

    /** These settings as a JSON object. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(toMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String normalise(String key) {
        return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    /** One named setting: how to set it from a value and read it back. */
    private record Field(String key, boolean collection, BiConsumer<Builder, Value> set, Function<SamplerSettings, Object> get) {}

    private static final Map<String, Field> FIELDS = new LinkedHashMap<>();
    private static final Map<String, Field> BY_NORMALISED = new LinkedHashMap<>();

    private static void field(String key, BiConsumer<Builder, Value> set, Function<SamplerSettings, Object> get) {
        add(new Field(key, false, set, get));
    }

    private static void collection(String key, BiConsumer<Builder, Value> set, Function<SamplerSettings, Object> get) {
        add(new Field(key, true, set, get));
    }

    private static void add(Field f) {
        FIELDS.put(f.key, f);
        BY_NORMALISED.put(normalise(f.key), f);
    }

    private static void alias(String alias, String key) {
        BY_NORMALISED.put(normalise(alias), FIELDS.get(key));
    }

    static {
        field("sampler", (b, v) -> b.sampler(SamplerKind.parse(v.string())), s -> s.sampler.key());
        collection("order", (b, v) -> b.order(v.stages()), s -> s.order);
        field("temperature", (b, v) -> b.temperature(v.number()), s -> s.temperature);
        field("dynatemp_range", (b, v) -> b.dynatempRange(v.number()), s -> s.dynatempRange);
        field("dynatemp_exponent", (b, v) -> b.dynatempExponent(v.number()), s -> s.dynatempExponent);
        field("temperature_mode", (b, v) -> b.temperatureMode(TemperatureMode.parse(v.string())), s -> s.temperatureMode.key());
        field("target_entropy", (b, v) -> b.targetEntropy(v.number()), s -> s.targetEntropy);
        field("target_resonance", (b, v) -> b.targetResonance(v.number()), s -> s.targetResonance);
        field("min_temperature", (b, v) -> b.minTemperature(v.number()), s -> s.minTemperature);
        field("max_temperature", (b, v) -> b.maxTemperature(v.number()), s -> s.maxTemperature);
        field("resonance_direction", (b, v) -> b.resonanceDirection(
                SamplerKind.Names.parse(ResonanceTemperature.Direction.class, "resonance direction", v.string())),
                s -> SamplerKind.Names.key(s.resonanceDirection));
        field("top_k", (b, v) -> b.topK(v.integer()), s -> s.topK);
        field("top_p", (b, v) -> b.topP(v.number()), s -> s.topP);
        field("min_p", (b, v) -> b.minP(v.number()), s -> s.minP);
        field("typical_p", (b, v) -> b.typicalP(v.number()), s -> s.typicalP);
        field("top_n_sigma", (b, v) -> b.topNSigma(v.number()), s -> s.topNSigma);
        field("eta_cutoff", (b, v) -> b.etaCutoff(v.number()), s -> s.etaCutoff);
        field("xtc_probability", (b, v) -> b.xtcProbability(v.number()), s -> s.xtcProbability);
        field("xtc_threshold", (b, v) -> b.xtcThreshold(v.number()), s -> s.xtcThreshold);
        field("repeat_penalty", (b, v) -> b.repeatPenalty(v.number()), s -> s.repeatPenalty);
        field("frequency_penalty", (b, v) -> b.frequencyPenalty(v.number()), s -> s.frequencyPenalty);
        field("presence_penalty", (b, v) -> b.presencePenalty(v.number()), s -> s.presencePenalty);
        field("penalty_last_n", (b, v) -> b.penaltyLastN(v.integer()), s -> s.penaltyLastN);
        field("dry_multiplier", (b, v) -> b.dryMultiplier(v.number()), s -> s.dryMultiplier);
        field("dry_base", (b, v) -> b.dryBase(v.number()), s -> s.dryBase);
        field("dry_allowed_length", (b, v) -> b.dryAllowedLength(v.integer()), s -> s.dryAllowedLength);
        field("dry_penalty_last_n", (b, v) -> b.dryPenaltyLastN(v.integer()), s -> s.dryPenaltyLastN);
        collection("dry_sequence_breakers", (b, v) -> b.drySequenceBreakers(v.strings()), s -> s.drySequenceBreakers);
        field("mirostat_tau", (b, v) -> b.mirostatTau(v.number()), s -> s.mirostatTau);
        field("mirostat_eta", (b, v) -> b.mirostatEta(v.number()), s -> s.mirostatEta);
        field("mirostat_surprise", (b, v) -> b.mirostatSurprise(
                SamplerKind.Names.parse(Mirostat.Surprise.class, "mirostat surprise", v.string())),
                s -> SamplerKind.Names.key(s.mirostatSurprise));
        field("anti_coherence", (b, v) -> b.antiCoherence(v.number()), s -> s.antiCoherence);
        collection("logit_bias", (b, v) -> b.logitBias(v.idMap()), s -> s.logitBias);
        collection("banned_tokens", (b, v) -> b.bannedTokens(v.integers()), s -> s.bannedTokens);
        collection("banned_phrases", (b, v) -> b.bannedPhrases(v.strings()), s -> s.bannedPhrases);
        field("phrase_ban_ignore_case", (b, v) -> b.phraseBanIgnoreCase(v.bool()), s -> s.phraseBanIgnoreCase);
        collection("lexicon_bias", (b, v) -> b.lexiconBias(v.textMap()), s -> s.lexiconBias);
        field("lexicon_min_prefix", (b, v) -> b.lexiconMinPrefix(v.integer()), s -> s.lexiconMinPrefix);
        field("phonetic_bias", (b, v) -> b.phoneticBias(v.number()), s -> s.phoneticBias);
        field("phonetic_window", (b, v) -> b.phoneticWindow(v.integer()), s -> s.phoneticWindow);
        field("phonetic_mode", (b, v) -> b.phoneticMode(
                SamplerKind.Names.parse(PhoneticBias.Mode.class, "phonetic mode", v.string())),
                s -> SamplerKind.Names.key(s.phoneticMode));
        field("field_weight", (b, v) -> b.fieldWeight(v.number()), s -> s.fieldWeight);
        field("field_mode", (b, v) -> b.fieldMode(CooccurrenceField.Mode.parse(v.string())), s -> s.fieldMode.id());
        field("entropy_schedule", (b, v) -> b.entropySchedule(v.bool()), s -> s.entropySchedule);
        field("entropy_schedule_target", (b, v) -> b.entropyScheduleTarget(v.number()), s -> s.entropyScheduleTarget);
        field("entropy_schedule_gain", (b, v) -> b.entropyScheduleGain(v.number()), s -> s.entropyScheduleGain);
        field("entropy_schedule_half_life", (b, v) -> b.entropyScheduleHalfLife(v.number()), s -> s.entropyScheduleHalfLife);
        field("min_keep", (b, v) -> b.minKeep(v.integer()), s -> s.minKeep);
        field("seed", (b, v) -> b.seed(v.longInteger()), s -> s.seed);
        // llama.cpp's CLI spellings
        alias("temp", "temperature");
        alias("samplers", "order");
        alias("repeat_last_n", "penalty_last_n");
        alias("dynatemp_exp", "dynatemp_exponent");
        alias("typical", "typical_p");
        alias("mirostat_ent", "mirostat_tau");
        alias("mirostat_lr", "mirostat_eta");
        alias("dry_sequence_breaker", "dry_sequence_breakers");
        alias("ban_phrase", "banned_phrases");
        alias("ban_token", "banned_tokens");
    }

    /** The valid setting names (snake_case), for help texts. */
    public static List<String> settingNames() {
        return List.copyOf(FIELDS.keySet());
    }

    /** A raw value of one setting with typed readers that explain what went wrong. */
    private record Value(String key, Object raw) {

        private IllegalArgumentException bad(String expected) {
            return new IllegalArgumentException(key + ": expected " + expected + ", got '" + raw + "'");
        }

        String string() {
            if (raw instanceof List<?> l && l.size() == 1) {
                return String.valueOf(l.getFirst());
            }
            if (raw == null || raw instanceof Map || raw instanceof List) {
                throw bad("a name");
            }
            return raw.toString();
        }

        double number() {
            return parseDouble(raw, "a number");
        }

        private double parseDouble(Object o, String expected) {
            if (o instanceof Number n) {
                return n.doubleValue();
            }
            if (o instanceof String s) {
                String t = s.trim().toLowerCase(Locale.ROOT);
                switch (t) {
                    case "inf", "+inf", "infinity", "+infinity" -> {
                        return Double.POSITIVE_INFINITY;
                    }
                    case "-inf", "-infinity" -> {
                        return Double.NEGATIVE_INFINITY;
                    }
                    default -> {
                        try {
                            return Double.parseDouble(t);
                        } catch (NumberFormatException e) {
                            throw bad(expected);
                        }
                    }
                }
            }
            throw bad(expected);
        }

        int integer() {
            long l = longInteger();
            if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                throw bad("an integer");
            }
            return (int) l;
        }

        long longInteger() {
            return parseLong(raw);
        }

        private long parseLong(Object o) {
            if (o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte) {
                return ((Number) o).longValue();
            }
            if (o instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                return n.longValue();
            }
            if (o instanceof String s) {
                try {
                    return Long.parseLong(s.trim());
                } catch (NumberFormatException e) {
                    throw bad("an integer");
                }
            }
            throw bad("an integer");
        }

        boolean bool() {
            if (raw instanceof Boolean b) {
                return b;
            }
            if (raw instanceof String s) {
                String t = s.trim().toLowerCase(Locale.ROOT);
                if (t.equals("true") || t.equals("yes") || t.equals("1")) {
                    return true;
                }
                if (t.equals("false") || t.equals("no") || t.equals("0")) {
                    return false;
                }
            }
            throw bad("true or false");
        }

        /** A list: a List (each element one item), a JSON array, or comma-separated text with escapes. */
        List<String> strings() {
            List<String> out = new ArrayList<>();
            if (raw instanceof List<?> l) {
                for (Object o : l) {
                    out.add(String.valueOf(o));
                }
                return out;
            }
            if (raw instanceof String s) {
                String t = s.trim();
                if (t.startsWith("[")) {
                    try {
                        for (Object o : JSON.readValue(t, List.class)) {
                            out.add(String.valueOf(o));
                        }
                        return out;
                    } catch (JsonProcessingException e) {
                        throw bad("a JSON array or comma-separated items");
                    }
                }
                return splitEscaped(s);
            }
            throw bad("a list");
        }

        /** Stage names; also accepts llama.cpp's "top_k;typ_p;temperature" spelling. */
        List<String> stages() {
            List<String> out = new ArrayList<>();
            for (String item : strings()) {
                for (String part : item.split(";")) {
                    String stage = part.trim().toLowerCase(Locale.ROOT).replace('_', '-');
                    if (!stage.isEmpty()) {
                        out.add(switch (stage) {
                            case "typ-p", "typical-p" -> "typical";
                            case "temp" -> "temperature";
                            case "eta-cutoff" -> "eta";
                            default -> stage;
                        });
                    }
                }
            }
            return out;
        }

        List<Integer> integers() {
            List<Integer> out = new ArrayList<>();
            if (raw instanceof List<?> l) {
                for (Object o : l) {
                    if (o instanceof String s && s.contains(",")) {
                        for (String part : splitEscaped(s)) {
                            out.add((int) parseLong(part));
                        }
                    } else {
                        out.add((int) parseLong(o));
                    }
                }
                return out;
            }
            for (String s : strings()) {
                out.add((int) parseLong(s.trim()));
            }
            return out;
        }

        Map<Integer, Double> idMap() {
            Map<Integer, Double> out = new TreeMap<>();
            entries().forEach((k, v) -> out.put((int) parseLong(k.trim()), parseDouble(v, "a bias number")));
            return out;
        }

        Map<String, Double> textMap() {
            Map<String, Double> out = new LinkedHashMap<>();
            entries().forEach((k, v) -> out.put(k, parseDouble(v, "a bias number")));
            return out;
        }

        /** A map: a Map, a JSON object, or {@code key=value} items (a list of them, or comma-separated). */
        private Map<String, Object> entries() {
            Map<String, Object> out = new LinkedHashMap<>();
            if (raw instanceof Map<?, ?> m) {
                m.forEach((k, v) -> out.put(String.valueOf(k), v));
                return out;
            }
            List<String> items = new ArrayList<>();
            if (raw instanceof List<?> l) {
                for (Object o : l) {
                    items.addAll(splitEscaped(String.valueOf(o)));
                }
            } else if (raw instanceof String s && s.trim().startsWith("{")) {
                try {
                    Map<?, ?> m = JSON.readValue(s, Map.class);
                    m.forEach((k, v) -> out.put(String.valueOf(k), v));
                    return out;
                } catch (JsonProcessingException e) {
                    throw bad("a JSON object or key=value pairs");
                }
            } else if (raw instanceof String s) {
                items.addAll(splitEscaped(s));
            } else {
                throw bad("a map of key=value pairs");
            }
            for (String item : items) {
                int eq = item.lastIndexOf('=');
                if (eq <= 0) {
                    throw bad("key=value pairs");
                }
                out.put(item.substring(0, eq), item.substring(eq + 1));
            }
            return out;
        }

        /** Splits on commas; backslash escapes \n, \t, \, and \\. Blank items are dropped. */
        private static List<String> splitEscaped(String s) {
            List<String> out = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                if (ch == '\\' && i + 1 < s.length()) {
                    char nx = s.charAt(++i);
                    cur.append(switch (nx) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        default -> nx;
                    });
                } else if (ch == ',') {
                    out.add(cur.toString());
                    cur.setLength(0);
                } else {
                    cur.append(ch);
                }
            }
            out.add(cur.toString());
            out.removeIf(String::isEmpty);
            return out;
        }
    }

    // ------------------------------------------------------------------ builder

    /** Mutable collector of settings; every field starts at its documented default. */
    public static final class Builder {
        private SamplerKind sampler = SamplerKind.DIST;
        private List<String> order = DEFAULT_ORDER;
        private double temperature = 0.8;
        private double dynatempRange = 0;
        private double dynatempExponent = 1;
        private TemperatureMode temperatureMode = TemperatureMode.FIXED;
        private double targetEntropy = 3.0;
        private double targetResonance = 0.7;
        private double minTemperature = 0.3;
        private double maxTemperature = 2.0;
        private ResonanceTemperature.Direction resonanceDirection = ResonanceTemperature.Direction.DOCUMENTED;
        private int topK = 40;
        private double topP = 0.95;
        private double minP = 0.05;
        private double typicalP = 1.0;
        private double topNSigma = 0;
        private double etaCutoff = 0;
        private double xtcProbability = 0;
        private double xtcThreshold = 0.1;
        private double repeatPenalty = 1.0;
        private double frequencyPenalty = 0;
        private double presencePenalty = 0;
        private int penaltyLastN = 64;
        private double dryMultiplier = 0;
        private double dryBase = 1.75;
        private int dryAllowedLength = 2;
        private int dryPenaltyLastN = 64;
        private List<String> drySequenceBreakers = Dry.DEFAULT_BREAKERS;
        private double mirostatTau = 5.0;
        private double mirostatEta = 0.1;
        private Mirostat.Surprise mirostatSurprise = Mirostat.Surprise.ORIGINAL;
        private double antiCoherence = 0;
        private Map<Integer, Double> logitBias = Map.of();
        private List<Integer> bannedTokens = List.of();
        private List<String> bannedPhrases = List.of();
        private boolean phraseBanIgnoreCase = true;
        private Map<String, Double> lexiconBias = Map.of();
        private int lexiconMinPrefix = 0;
        private double phoneticBias = 0;
        private int phoneticWindow = 8;
        private PhoneticBias.Mode phoneticMode = PhoneticBias.Mode.SAME_CODE;
        private double fieldWeight = 0;
        private CooccurrenceField.Mode fieldMode = CooccurrenceField.Mode.TRIGRAM;
        private boolean entropySchedule;
        private double entropyScheduleTarget = 0.5;
        private double entropyScheduleGain = 2;
        private double entropyScheduleHalfLife = 16;
        private int minKeep = 1;
        private long seed = 42;

        private Builder() {}

        private Builder(SamplerSettings s) {
            sampler = s.sampler;
            order = s.order;
            temperature = s.temperature;
            dynatempRange = s.dynatempRange;
            dynatempExponent = s.dynatempExponent;
            temperatureMode = s.temperatureMode;
            targetEntropy = s.targetEntropy;
            targetResonance = s.targetResonance;
            minTemperature = s.minTemperature;
            maxTemperature = s.maxTemperature;
            resonanceDirection = s.resonanceDirection;
            topK = s.topK;
            topP = s.topP;
            minP = s.minP;
            typicalP = s.typicalP;
            topNSigma = s.topNSigma;
            etaCutoff = s.etaCutoff;
            xtcProbability = s.xtcProbability;
            xtcThreshold = s.xtcThreshold;
            repeatPenalty = s.repeatPenalty;
            frequencyPenalty = s.frequencyPenalty;
            presencePenalty = s.presencePenalty;
            penaltyLastN = s.penaltyLastN;
            dryMultiplier = s.dryMultiplier;
            dryBase = s.dryBase;
            dryAllowedLength = s.dryAllowedLength;
            dryPenaltyLastN = s.dryPenaltyLastN;
            drySequenceBreakers = s.drySequenceBreakers;
            mirostatTau = s.mirostatTau;
            mirostatEta = s.mirostatEta;
            mirostatSurprise = s.mirostatSurprise;
            antiCoherence = s.antiCoherence;
            logitBias = s.logitBias;
            bannedTokens = s.bannedTokens;
            bannedPhrases = s.bannedPhrases;
            phraseBanIgnoreCase = s.phraseBanIgnoreCase;
            lexiconBias = s.lexiconBias;
            lexiconMinPrefix = s.lexiconMinPrefix;
            phoneticBias = s.phoneticBias;
            phoneticWindow = s.phoneticWindow;
            phoneticMode = s.phoneticMode;
            fieldWeight = s.fieldWeight;
            fieldMode = s.fieldMode;
            entropySchedule = s.entropySchedule;
            entropyScheduleTarget = s.entropyScheduleTarget;
            entropyScheduleGain = s.entropyScheduleGain;
            entropyScheduleHalfLife = s.entropyScheduleHalfLife;
            minKeep = s.minKeep;
            seed = s.seed;
        }

        public Builder sampler(SamplerKind v) { sampler = v; return this; }
        public Builder order(List<String> v) { order = List.copyOf(v); return this; }
        public Builder temperature(double v) { temperature = v; return this; }
        public Builder dynatempRange(double v) { dynatempRange = v; return this; }
        public Builder dynatempExponent(double v) { dynatempExponent = v; return this; }
        public Builder temperatureMode(TemperatureMode v) { temperatureMode = v; return this; }
        public Builder targetEntropy(double v) { targetEntropy = v; return this; }
        public Builder targetResonance(double v) { targetResonance = v; return this; }
        public Builder minTemperature(double v) { minTemperature = v; return this; }
        public Builder maxTemperature(double v) { maxTemperature = v; return this; }
        public Builder resonanceDirection(ResonanceTemperature.Direction v) { resonanceDirection = v; return this; }
        public Builder topK(int v) { topK = v; return this; }
        public Builder topP(double v) { topP = v; return this; }
        public Builder minP(double v) { minP = v; return this; }
        public Builder typicalP(double v) { typicalP = v; return this; }
        public Builder topNSigma(double v) { topNSigma = v; return this; }
        public Builder etaCutoff(double v) { etaCutoff = v; return this; }
        public Builder xtcProbability(double v) { xtcProbability = v; return this; }
        public Builder xtcThreshold(double v) { xtcThreshold = v; return this; }
        public Builder repeatPenalty(double v) { repeatPenalty = v; return this; }
        public Builder frequencyPenalty(double v) { frequencyPenalty = v; return this; }
        public Builder presencePenalty(double v) { presencePenalty = v; return this; }
        public Builder penaltyLastN(int v) { penaltyLastN = v; return this; }
        public Builder dryMultiplier(double v) { dryMultiplier = v; return this; }
        public Builder dryBase(double v) { dryBase = v; return this; }
        public Builder dryAllowedLength(int v) { dryAllowedLength = v; return this; }
        public Builder dryPenaltyLastN(int v) { dryPenaltyLastN = v; return this; }
        public Builder drySequenceBreakers(List<String> v) { drySequenceBreakers = List.copyOf(v); return this; }
        public Builder mirostatTau(double v) { mirostatTau = v; return this; }
        public Builder mirostatEta(double v) { mirostatEta = v; return this; }
        public Builder mirostatSurprise(Mirostat.Surprise v) { mirostatSurprise = v; return this; }
        public Builder antiCoherence(double v) { antiCoherence = v; return this; }
        public Builder logitBias(Map<Integer, Double> v) { logitBias = Map.copyOf(v); return this; }
        public Builder bannedTokens(List<Integer> v) { bannedTokens = List.copyOf(v); return this; }
        public Builder bannedPhrases(List<String> v) { bannedPhrases = List.copyOf(v); return this; }
        public Builder phraseBanIgnoreCase(boolean v) { phraseBanIgnoreCase = v; return this; }
        public Builder lexiconBias(Map<String, Double> v) { lexiconBias = new LinkedHashMap<>(v); return this; }
        public Builder lexiconMinPrefix(int v) { lexiconMinPrefix = v; return this; }
        public Builder phoneticBias(double v) { phoneticBias = v; return this; }
        public Builder phoneticWindow(int v) { phoneticWindow = v; return this; }
        public Builder phoneticMode(PhoneticBias.Mode v) { phoneticMode = v; return this; }
        public Builder fieldWeight(double v) { fieldWeight = v; return this; }
        public Builder fieldMode(CooccurrenceField.Mode v) { fieldMode = v; return this; }
        public Builder entropySchedule(boolean v) { entropySchedule = v; return this; }
        public Builder entropyScheduleTarget(double v) { entropyScheduleTarget = v; return this; }
        public Builder entropyScheduleGain(double v) { entropyScheduleGain = v; return this; }
        public Builder entropyScheduleHalfLife(double v) { entropyScheduleHalfLife = v; return this; }
        public Builder minKeep(int v) { minKeep = v; return this; }
        public Builder seed(long v) { seed = v; return this; }

        /** Validates and freezes. @throws IllegalArgumentException naming the bad parameter and its valid range */
        public SamplerSettings build() {
            return new SamplerSettings(sampler, order, temperature, dynatempRange, dynatempExponent, temperatureMode,
                    targetEntropy, targetResonance, minTemperature, maxTemperature, resonanceDirection, topK, topP, minP,
                    typicalP, topNSigma, etaCutoff, xtcProbability, xtcThreshold, repeatPenalty, frequencyPenalty,
                    presencePenalty, penaltyLastN, dryMultiplier, dryBase, dryAllowedLength, dryPenaltyLastN,
                    drySequenceBreakers, mirostatTau, mirostatEta, mirostatSurprise, antiCoherence, logitBias,
                    bannedTokens, bannedPhrases, phraseBanIgnoreCase, lexiconBias, lexiconMinPrefix, phoneticBias,
                    phoneticWindow, phoneticMode, fieldWeight, fieldMode, entropySchedule, entropyScheduleTarget,
                    entropyScheduleGain, entropyScheduleHalfLife, minKeep, seed);
        }
    }
}
