package orphic.lm.train;

/**
 * How to train: optimisation, budget, evaluation and checkpoint cadence. Saved as the "train"
 * object of config.json. Defaults are in {@link #defaults()}; the CLI overlays its options.
 *
 * @param steps            optimisation steps (the schedule's length); with {@code minutes} > 0 the
 *                         step count is fixed from the measured speed after a short warm-up
 * @param minutes          wall-clock budget (0 = none)
 * @param batch            sequences per step
 * @param learningRate     peak learning rate
 * @param minLearningRate  floor of the cosine schedule
 * @param schedule         "cosine" (warm-up then cosine decay) or "constant"
 * @param warmupSteps      linear warm-up length
 * @param clip             global gradient-norm clip (0 = off)
 * @param weightDecay      AdamW decoupled weight decay
 * @param decayAll         apply weight decay to every parameter (the PyTorch reference does);
 *                         otherwise only to matrices and embeddings
 * @param beta1            AdamW β1
 * @param beta2            AdamW β2
 * @param seed             batch-sampling seed
 * @param evalEvery        steps between validations (and checkpoints)
 * @param evalStride       validate on every n-th window during training (the final one uses all)
 * @param sampleTokens     tokens per sample printed at each validation (0 = none)
 * @param checkpointSeconds at most this long between checkpoints, whatever evalEvery says
 */
public record TrainConfig(
    long steps,
    double minutes,
    int batch,
    double learningRate,
    double minLearningRate,
    String schedule,
    long warmupSteps,
    double clip,
    double weightDecay,
    boolean decayAll,
    double beta1,
    double beta2,
    long seed,
    long evalEvery,
    int evalStride,
    int sampleTokens,
    double checkpointSeconds) {

  public TrainConfig {
    if (steps <= 0 && minutes <= 0) throw new IllegalArgumentException("give a number of steps or a time budget (--steps or --minutes)");
    if (batch <= 0) throw new IllegalArgumentException("batch must be positive, got " + batch);
    if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
    if (!schedule.equals("cosine") && !schedule.equals("constant")) {
      throw new IllegalArgumentException("unknown schedule '" + schedule + "': use cosine or constant");
    }
    if (warmupSteps < 0 || clip < 0 || weightDecay < 0) throw new IllegalArgumentException("warm-up, clip and weight decay must be >= 0");
    if (evalEvery <= 0 || evalStride <= 0) throw new IllegalArgumentException("evalEvery and evalStride must be positive");
  }

  /** Good defaults for a small character model on a 2-core machine. */
  public static TrainConfig defaults() {
    return new TrainConfig(2000, 0, 16, 1e-3, 1e-4, "cosine", 100, 1.0, 0.1, false, 0.9, 0.99, 1337, 250, 4, 200, 120);
  }

  public TrainConfig withSteps(long s) {
    return new TrainConfig(s, minutes, batch, learningRate, minLearningRate, schedule, warmupSteps, clip, weightDecay, decayAll, beta1, beta2, seed, evalEvery, evalStride, sampleTokens, checkpointSeconds);
  }
}
