package orphic.lm.sample;

/** Which processor fills the "temperature" stage of a {@link SamplerSettings} chain. */
public enum TemperatureMode {
    /** {@link Temperature}, or {@link DynamicTemperature} when dynatemp-range &gt; 0. */
    FIXED,
    /** haze's {@link EntropyTemperature}. */
    ENTROPY,
    /** haze's {@link ResonanceTemperature}. */
    RESONANCE;

    public String key() {
        return SamplerKind.Names.key(this);
    }

    public static TemperatureMode parse(String name) {
        return SamplerKind.Names.parse(TemperatureMode.class, "temperature mode", name);
    }
}
