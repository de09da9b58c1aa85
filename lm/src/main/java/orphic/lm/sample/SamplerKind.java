package orphic.lm.sample;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The final samplers that {@link SamplerSettings} can name. */
public enum SamplerKind {
    /** Draw from the distribution ({@link Sampler#DIST}). */
    DIST,
    /** Argmax ({@link Sampler#GREEDY}). */
    GREEDY,
    /** Published Mirostat v1 ({@link Mirostat}). */
    MIROSTAT,
    /** Mirostat v2 ({@link MirostatV2}). */
    MIROSTAT_V2,
    /** haze's "mirostat" rule ({@link HazeMirostat}). */
    HAZE_MIROSTAT,
    /** haze's "mirostat_v2" rule ({@link HazeMirostatV2}). */
    HAZE_MIROSTAT_V2;

    /** The external name, e.g. {@code haze-mirostat-v2}. */
    public String key() {
        return Names.key(this);
    }

    /** Whether this sampler truncates by itself (the chain then skips the truncation stages). */
    public boolean isMirostat() {
        return this != DIST && this != GREEDY;
    }

    /** Parses a name ({@code mirostat-v2}, {@code MIROSTAT_V2}, {@code mirostat v2} all work). */
    public static SamplerKind parse(String name) {
        return Names.parse(SamplerKind.class, "sampler", name);
    }

    /** Enum constants as lower-case names with hyphens, and lenient parsing with helpful errors. */
    static final class Names {
        private Names() {}

        static String key(Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static <E extends Enum<E>> E parse(Class<E> type, String what, String name) {
            if (name != null) {
                String norm = name.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
                for (E e : type.getEnumConstants()) {
                    if (key(e).equals(norm)) {
                        return e;
                    }
                }
            }
            throw new IllegalArgumentException("unknown " + what + " '" + name + "'; valid: "
                    + Arrays.stream(type.getEnumConstants()).map(Names::key).collect(Collectors.joining(", ")));
        }
    }
}
