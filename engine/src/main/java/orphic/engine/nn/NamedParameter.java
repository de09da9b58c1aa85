package orphic.engine.nn;

import orphic.engine.tensor.Tensor;

/** A parameter and its stable dotted name in the module tree ({@code blocks.0.attn.wq.weight}). */
public record NamedParameter(String name, Tensor tensor) {}
