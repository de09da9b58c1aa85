/**
 * Layers and the parameter arena.
 *
 * <p>A model is a tree of {@link orphic.engine.nn.Module}s whose parameters have stable dotted names
 * ({@code blocks.0.attn.wq.weight}). After construction the model is seeded once with {@link
 * orphic.engine.nn.Module#initialize(long)} (or loaded with {@link
 * orphic.engine.nn.Module#loadStateDict}), then packed into a {@link
 * orphic.engine.nn.ParameterStore}: one float array of values and one of gradients, which the
 * optimizers of {@code orphic.engine.optim} update with a single flat loop.
 *
 * <pre>{@code
 * var model = new MyModel(config);
 * model.initialize(seed);
 * var store = new ParameterStore(model);            // decays matrices, not biases or gains
 * var opt = new AdamW(store, 3e-4, 0.9, 0.95, 1e-8, 0.1);
 * var schedule = LrSchedule.warmupCosine(3e-4, 3e-5, 100, steps);
 * var arena = new Arena();
 * for (long step = 0; step < steps; step++) {
 *   opt.zeroGrad();
 *   try (Arena.Scope s = arena.open()) { model.loss(batch(step)).backward(); }
 *   GradClip.clipGlobalNorm(store, 1.0);
 *   opt.learningRate(schedule.at(step));
 *   opt.step();
 * }
 * }</pre>
 *
 * <p>Exact resume needs three things saved together: {@code model.stateDict()}, {@code
 * optimizer.state()} (moments and step count) and {@code model.randomState()} (dropout counters).
 */
package orphic.engine.nn;
