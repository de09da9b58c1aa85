package orphic.lm.experiment;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import orphic.lm.model.CommunityModel;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.Models;
import orphic.lm.train.Presets;
import orphic.lm.train.TrainConfig;
import orphic.lm.train.TrainJob;

/**
 * The Blanchotian training regimes as experiment variants (docs/blanchot-training.md). Each keeps
 * the baseline's model, learning rate, warm-up, clipping, decay and budget, and changes one thing:
 *
 * <ul>
 *   <li>{@code neutral}: the neutral loss (λ ½, flood at the batch mean, disaster τ 5 nats,
 *       label smoothing 0.1) instead of cross-entropy;
 *   <li>{@code community}: 3 members trained together by negative correlation (λ ½, gated mixture),
 *       each member narrower so that the three together have no more parameters than the baseline;
 *   <li>{@code sgld}: preconditioned SGLD at the constant peak rate (after the same warm-up), at
 *       the posterior temperature 1/(training tokens): it samples, it does not settle;
 *   <li>{@code sgdr}: AdamW with warm restarts, four cycles of a quarter of the run each, keeping
 *       the four end-of-cycle snapshots.
 * </ul>
 */
public final class TrainingVariants implements VariantFamily {
  private static final List<String> NAMES = List.of("neutral", "community", "sgld", "sgdr");
  /** The {@code neutral} variant's regime (also used by {@code all}). */
  static final java.util.function.UnaryOperator<TrainConfig> NEUTRAL = t -> t.withLoss("neutral", 0.5, -1, 5.0, 0.1);
  /** Members of the {@code community} variant. */
  static final int MEMBERS = 3;

  @Override
  public List<String> names() {
    return NAMES;
  }

  @Override
  public Optional<Variant> lookup(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "neutral" -> Optional.of(Variant.builder("neutral")
          .description("neutral loss: per-token flooding at the batch mean (λ 0.5), disaster threshold 5 nats, label smoothing 0.1")
          .train(NEUTRAL).build());
      case "community" -> Optional.of(new Community());
      case "sgld" -> Optional.of(Variant.builder("sgld")
          .description("preconditioned SGLD at the constant peak rate, temperature 1/(training tokens): samples, never settles")
          .train(t -> t.withOptimizer("psgld", 0).withSchedule("constant", 0, 1)).build());
      case "sgdr" -> Optional.of(Variant.builder("sgdr")
          .description("AdamW with warm restarts (SGDR): 4 equal cosine cycles, the 4 end-of-cycle snapshots kept")
          .train(t -> t.withSchedule("sgdr", 0.25, 1).withSnapshots(4)).build());
      default -> Optional.empty();
    };
  }

  /** Three narrower members with the baseline's parameter budget, trained with NCL. */
  private static final class Community implements Variant {
    @Override
    public String name() {
      return "community";
    }

    @Override
    public String description() {
      return "unavowable community: " + MEMBERS + " members (narrower, same total parameters as the baseline) trained by negative"
          + " correlation (λ 0.5), gated mixture";
    }

    @Override
    public TrainJob.Spec spec(TrainJob.Spec base) {
      int dim = memberDim(base.arch() == null ? "gpt" : base.arch(), base.layers(), base.heads(), base.dim(), base.context(), MEMBERS);
      return new TrainJob.Spec(base.corpus(), base.arch(), base.tokenizer(), base.layers(), base.heads(), dim, base.context(), base.dropout(),
          base.seed(), base.train(), base.out(), base.resume());
    }

    @Override
    public TrainConfig train(TrainConfig base) {
      return base.withCommunity(MEMBERS, 0.5, true);
    }

    /** {@code disagreement}: the members' mean generalised Jensen–Shannon divergence (nats) on up to 16 validation windows. */
    @Override
    public Map<String, Double> measure(LanguageModel model, int[] validation) {
      if (!(model instanceof CommunityModel c)) return Map.of();
      int t = c.config().context(), windows = Math.min(16, (validation.length - 1) / t);
      if (windows < 1) return Map.of();
      double sum = 0;
      boolean wasTraining = c.module().isTraining();
      c.module().train(false);
      try {
        for (int i = 0; i < windows; i++) sum += c.mixture(Arrays.copyOfRange(validation, i * t, i * t + t), 1, t).meanDisagreement();
      } finally {
        c.module().train(wasTraining);
      }
      return Map.of("disagreement", sum / windows);
    }

    @Override
    public String toString() {
      return name();
    }
  }

  /**
   * The widest member (a multiple of the head count) such that {@code members} of them have no
   * more parameters than one model of the given sizes (counted with a 64-symbol vocabulary).
   */
  static int memberDim(String arch, Integer layers, Integer heads, Integer dim, Integer context, int members) {
    var base = Presets.model(arch, 64, layers, heads, dim, context, null, 1L);
    long budget = Models.build(base).module().parameterCount();
    int h = base.heads();
    // Parameters grow about as dim², so start a little above dim/√members and walk down.
    int start = Math.min(base.dim(), ((int) Math.ceil(base.dim() / Math.sqrt(members) / h) + 1) * h);
    for (int d = start - start % h; d >= h; d -= h) {
      long p = Models.build(Presets.model(arch, 64, layers, heads, d, context, null, 1L)).module().parameterCount();
      if ((long) members * p <= budget) return d;
    }
    return h;
  }
}
