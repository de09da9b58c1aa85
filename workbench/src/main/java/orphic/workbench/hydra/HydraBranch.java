package orphic.workbench.hydra;

import orphic.lm.adapter.StyleMix;
import orphic.lm.sample.SamplerSettings;

/**
 * One head of the hydra: a style mix and a sampler, with a name and a line saying what it does.
 *
 * @param mix      the style mix; null means "the dial's current mix"
 * @param antiMuse ignore {@code mix} and steer toward the style farthest from the prompt's
 */
public record HydraBranch(String name, String description, StyleMix mix, SamplerSettings sampler, boolean antiMuse) {}
