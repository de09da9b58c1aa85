package orphic.lm.sample;

/**
 * A named set of sampler settings with a one-line description for menus.
 *
 * @param name lookup name (lower-case, hyphenated)
 * @param description what it does to the text, in a writer's words
 * @param settings the settings
 */
public record SamplerPreset(String name, String description, SamplerSettings settings) {

    /** The preset's chain. */
    public SamplerChain chain() {
        return settings.toChain();
    }
}
