package orphic.lm.train;

import java.util.Set;

/**
 * How to train: optimisation, budget, evaluation and checkpoint cadence. Saved as the "train"
 * object of config.json. Defaults are in {@link #defaults()}; the CLI overlays its options.
 * The training regime (loss, optimizer, schedule, snapshots, community) is defined precisely in
 * docs/blanchot-training.md.
 *
 * @param steps            optimisation steps (the schedule's length); with {@code minutes} > 0 the
 *                         step count is fixed from the measured speed after a short warm-up
 * @param minutes          wall-clock budget (0 = none)
 * @param batch            sequences per step
 * @param learningRate     peak learning rate
 * @param minLearningRate  floor of the cosine schedule
 * @param schedule         "cosine" (warm-up then cosine decay), "constant" or "sgdr" (warm-up then
 *                         cosine with warm restarts)
 * @param warmupSteps      linear warm-up length
 * @param clip             global gradient-norm clip (0 = off)
 * @param weightDecay      AdamW decoupled weight decay (SGLD: the L2 prior's weight)
 * @param decayAll         apply weight decay to every parameter (the PyTorch reference does);
 *                         otherwise only to matrices and embeddings
 * @param beta1            AdamW β1
 * @param beta2            AdamW β2 (pSGLD: the preconditioner's decay)
 * @param seed             batch-sampling seed (and SGLD's noise)
 * @param evalEvery        steps between validations (and checkpoints)
 * @param evalStride       validate on every n-th window during training (the final one uses all)
 * @param sampleTokens     tokens per sample printed at each validation (0 = none)
 * @param checkpointSeconds at most this long between checkpoints, whatever evalEvery says
 * @param loss             "ce" (cross-entropy), "neutral" (flooding with a disaster threshold) or "poetic"
 *                         (cross-entropy with an entropy bonus and an optional target-entropy band; docs/poetic-training.md)
 * @param labelSmoothing   ε of the per-token cross-entropy, in [0, 1)
 * @param neutralLambda    neutral loss: λ in [0, 1], the flooded share
 * @param flood            neutral loss: flood level b in nats, or −1 for the detached batch mean
 * @param disaster         neutral loss: disaster threshold τ in nats (rows above are dropped); 0 = none
 * @param optimizer        "adamw", "sgld" (plain Langevin) or "psgld" (RMSprop-preconditioned)
 * @param sgldTemperature  SGLD temperature τ; 0 = 1/(training tokens), the Bayesian posterior
 * @param restartPeriod    SGDR: first cycle length, in steps when ≥ 1, as a share of the steps after
 *                         warm-up when in (0, 1); 0 = a quarter of them
 * @param restartMult      SGDR: each cycle this many times longer than the one before (≥ 1)
 * @param snapshots        keep the last N snapshots (model directories under snapshots/): at each
 *                         SGDR cycle end, or every steps/N steps with other schedules; 0 = none
 * @param community        train an ensemble of this many members (≥ 2) with negative-correlation
 *                         learning; 0 or 1 = a single model
 * @param nclLambda        community: λ, weight of the divergence term
 * @param communityGate    community: learn the gate over the members' divergences (else uniform)
 * @param poeticAlpha      poetic loss: α in [0, 1], the cross-entropy's weight (1 − α: the entropy bonus's)
 * @param entropyBandLow   poetic loss: lower edge of the target-entropy band, bits per token
 * @param entropyBandHigh  poetic loss: upper edge of the band, bits per token
 * @param bandWeight       poetic loss: λ of the band penalty; 0 = no band
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
    double checkpointSeconds,
    String loss,
    double labelSmoothing,
    double neutralLambda,
    double flood,
    double disaster,
    String optimizer,
    double sgldTemperature,
    double restartPeriod,
    int restartMult,
    int snapshots,
    int community,
    double nclLambda,
    boolean communityGate,
    double poeticAlpha,
    double entropyBandLow,
    double entropyBandHigh,
    double bandWeight) {

  private static final Set<String> SCHEDULES = Set.of("cosine", "constant", "sgdr");
  private static final Set<String> LOSSES = Set.of("ce", "neutral", "poetic");
  private static final Set<String> OPTIMIZERS = Set.of("adamw", "sgld", "psgld");

  public TrainConfig {
    // Configs written before these fields existed read them as null/0: the old behaviour.
    if (loss == null) loss = "ce";
    if (optimizer == null) optimizer = "adamw";
    if (restartMult == 0) restartMult = 1;
    if (steps <= 0 && minutes <= 0) throw new IllegalArgumentException("give a number of steps or a time budget (--steps or --minutes)");
    if (batch <= 0) throw new IllegalArgumentException("batch must be positive, got " + batch);
    if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
    if (!SCHEDULES.contains(schedule)) throw new IllegalArgumentException("unknown schedule '" + schedule + "': use cosine, constant or sgdr");
    if (warmupSteps < 0 || clip < 0 || weightDecay < 0) throw new IllegalArgumentException("warm-up, clip and weight decay must be >= 0");
    if (evalEvery <= 0 || evalStride <= 0) throw new IllegalArgumentException("evalEvery and evalStride must be positive");
    if (!LOSSES.contains(loss)) throw new IllegalArgumentException("unknown loss '" + loss + "': use ce, neutral or poetic");
    if (!(labelSmoothing >= 0 && labelSmoothing < 1)) throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + labelSmoothing);
    if (loss.equals("neutral")) {
      if (!(neutralLambda >= 0 && neutralLambda <= 1)) throw new IllegalArgumentException("the neutral loss's λ must be in [0, 1], got " + neutralLambda);
      if (!(flood >= 0 || flood == -1)) throw new IllegalArgumentException("the flood level must be >= 0 nats, or 'mean' (-1), got " + flood);
      if (!(disaster >= 0)) throw new IllegalArgumentException("the disaster threshold must be > 0 nats (0 = none), got " + disaster);
    }
    if (loss.equals("poetic")) {
      if (!(poeticAlpha >= 0 && poeticAlpha <= 1)) throw new IllegalArgumentException("the poetic loss's α must be in [0, 1] (1 = cross-entropy), got " + poeticAlpha);
      if (!(bandWeight >= 0) || Double.isInfinite(bandWeight)) throw new IllegalArgumentException("the entropy band's weight must be >= 0 (0 = no band), got " + bandWeight);
      if (bandWeight > 0 && !(entropyBandLow >= 0 && entropyBandHigh >= entropyBandLow && Double.isFinite(entropyBandHigh))) {
        throw new IllegalArgumentException("the entropy band LO:HI needs 0 <= LO <= HI bits, got " + entropyBandLow + ":" + entropyBandHigh);
      }
      if (labelSmoothing != 0) throw new IllegalArgumentException("the poetic loss's cross-entropy is unsmoothed: drop --label-smoothing");
    }
    if (!OPTIMIZERS.contains(optimizer)) throw new IllegalArgumentException("unknown optimizer '" + optimizer + "': use adamw, sgld or psgld");
    if (!(sgldTemperature >= 0)) throw new IllegalArgumentException("the SGLD temperature must be >= 0 (0 = 1/training tokens), got " + sgldTemperature);
    if (!(restartPeriod >= 0)) throw new IllegalArgumentException("the restart period must be >= 0, got " + restartPeriod);
    if (restartMult < 1) throw new IllegalArgumentException("the restart multiplier must be >= 1, got " + restartMult);
    if (snapshots < 0) throw new IllegalArgumentException("snapshots must be >= 0, got " + snapshots);
    if (community < 0 || community > 64) throw new IllegalArgumentException("a community has 2 to 64 members (0 = none), got " + community);
    if (!(nclLambda >= 0)) throw new IllegalArgumentException("the community's λ must be >= 0, got " + nclLambda);
    if (community > 1 && !loss.equals("ce")) {
      throw new IllegalArgumentException("a community trains with its own loss (negative correlation): drop --loss " + loss + " or --community");
    }
  }

  /** The settings of before the training regime could change: cross-entropy, AdamW, no snapshots. */
  public TrainConfig(long steps, double minutes, int batch, double learningRate, double minLearningRate, String schedule,
      long warmupSteps, double clip, double weightDecay, boolean decayAll, double beta1, double beta2, long seed, long evalEvery,
      int evalStride, int sampleTokens, double checkpointSeconds) {
    this(steps, minutes, batch, learningRate, minLearningRate, schedule, warmupSteps, clip, weightDecay, decayAll, beta1, beta2, seed,
        evalEvery, evalStride, sampleTokens, checkpointSeconds, "ce", 0, 0.5, -1, 5.0, "adamw", 0, 0, 1, 0, 0, 0.5, true, 1, 0, 0, 0);
  }

  /** Good defaults for a small character model on a 2-core machine. */
  public static TrainConfig defaults() {
    return new TrainConfig(2000, 0, 16, 1e-3, 1e-4, "cosine", 100, 1.0, 0.1, false, 0.9, 0.99, 1337, 250, 4, 200, 120);
  }

  public TrainConfig withSteps(long s) {
    return new TrainConfig(s, minutes, batch, learningRate, minLearningRate, schedule, warmupSteps, clip, weightDecay, decayAll, beta1,
        beta2, seed, evalEvery, evalStride, sampleTokens, checkpointSeconds, loss, labelSmoothing, neutralLambda, flood, disaster,
        optimizer, sgldTemperature, restartPeriod, restartMult, snapshots, community, nclLambda, communityGate, poeticAlpha, entropyBandLow, entropyBandHigh, bandWeight);
  }

  /** The loss: "ce" or "neutral" with λ, flood level (−1 = batch mean), disaster τ (0 = none), smoothing ε. */
  public TrainConfig withLoss(String kind, double lambda, double floodLevel, double disasterThreshold, double smoothing) {
    return new TrainConfig(steps, minutes, batch, learningRate, minLearningRate, schedule, warmupSteps, clip, weightDecay, decayAll, beta1,
        beta2, seed, evalEvery, evalStride, sampleTokens, checkpointSeconds, kind, smoothing, lambda, floodLevel, disasterThreshold,
        optimizer, sgldTemperature, restartPeriod, restartMult, snapshots, community, nclLambda, communityGate, poeticAlpha, entropyBandLow, entropyBandHigh, bandWeight);
  }

  /**
   * The poetic loss (docs/poetic-training.md): α in [0, 1], and the target-entropy band [low, high]
   * bits with weight λ (0 = no band). Its cross-entropy is unsmoothed (label smoothing is set to 0).
   */
  public TrainConfig withPoeticLoss(double alpha, double bandLow, double bandHigh, double weight) {
    return new TrainConfig(steps, minutes, batch, learningRate, minLearningRate, schedule, warmupSteps, clip, weightDecay, decayAll, beta1,
        beta2, seed, evalEvery, evalStride, sampleTokens, checkpointSeconds, "poetic", 0, neutralLambda, flood, disaster,
        optimizer, sgldTemperature, restartPeriod, restartMult, snapshots, community, nclLambda, communityGate, alpha, bandLow, bandHigh, weight);
  }

  /** The optimizer ("adamw", "sgld", "psgld") and SGLD's temperature (0 = 1/training tokens). */
  public TrainConfig withOptimizer(String kind, double temperature) {
    return new TrainConfig(steps, minutes, batch, learningRate, minLearningRate, schedule, warmupSteps, clip, weightDecay, decayAll, beta1,
        beta2, seed, evalEvery, evalStride, sampleTokens, checkpointSeconds, loss, labelSmoothing, neutralLambda, flood, disaster,
        kind, temperature, restartPeriod, restartMult, snapshots, community, nclLambda, communityGate, poeticAlpha, entropyBandLow, entropyBandHigh, bandWeight);
  }

  /** The schedule ("cosine", "constant", "sgdr") with SGDR's period and multiplier. */
  public TrainConfig withSchedule(String kind, double period, int mult) {
    return new TrainConfig(steps, minutes, batch, learningRate, minLearningRate, kind, warmupSteps, clip, weightDecay, decayAll, beta1,
        beta2, seed, evalEvery, evalStride, sampleTokens, checkpointSeconds, loss, labelSmoothing, neutralLambda, flood, disaster,
        optimizer, sgldTemperature, period, mult, snapshots, community, nclLambda, communityGate, poeticAlpha, entropyBandLow, entropyBandHigh, bandWeight);
  }

  /** Keep the last n snapshots (0 = none). */
  public TrainConfig withSnapshots(int n) {
    return new TrainConfig(steps, minutes, batch, learningRate, minLearningRate, schedule, warmupSteps, clip, weightDecay, decayAll, beta1,
        beta2, seed, evalEvery, evalStride, sampleTokens, checkpointSeconds, loss, labelSmoothing, neutralLambda, flood, disaster,
        optimizer, sgldTemperature, restartPeriod, restartMult, n, community, nclLambda, communityGate, poeticAlpha, entropyBandLow, entropyBandHigh, bandWeight);
  }

  /** Train a community of {@code members} (0 = a single model) with NCL weight λ and the gate on or off. */
  public TrainConfig withCommunity(int members, double lambda, boolean gate) {
    return new TrainConfig(steps, minutes, batch, learningRate, minLearningRate, schedule, warmupSteps, clip, weightDecay, decayAll, beta1,
        beta2, seed, evalEvery, evalStride, sampleTokens, checkpointSeconds, loss, labelSmoothing, neutralLambda, flood, disaster,
        optimizer, sgldTemperature, restartPeriod, restartMult, snapshots, members, lambda, gate, poeticAlpha, entropyBandLow, entropyBandHigh, bandWeight);
  }

  /**
   * This config with {@code other}'s training regime (loss with its settings, optimizer, schedule kind, snapshots,
   * community): what an experiment variant may change while the budget and every shared
   * hyperparameter stay fixed.
   */
  public TrainConfig withRegimeOf(TrainConfig other) {
    return new TrainConfig(steps, minutes, batch, learningRate, minLearningRate, other.schedule, warmupSteps, clip, weightDecay, decayAll,
        beta1, beta2, seed, evalEvery, evalStride, sampleTokens, checkpointSeconds, other.loss, other.labelSmoothing, other.neutralLambda,
        other.flood, other.disaster, other.optimizer, other.sgldTemperature, other.restartPeriod, other.restartMult, other.snapshots,
        other.community, other.nclLambda, other.communityGate, other.poeticAlpha, other.entropyBandLow, other.entropyBandHigh,
        other.bandWeight);
  }

  /** True when this trains a community of members. */
  public boolean trainsCommunity() {
    return community > 1;
  }
}
