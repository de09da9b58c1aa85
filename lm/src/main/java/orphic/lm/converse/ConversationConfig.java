package orphic.lm.converse;

/**
 * The knobs of a {@link ConversationSession}; {@link #defaults()} documents each default.
 *
 * @param seed the session seed: every random choice (seed phrase, ring prompts, every token) is
 *     drawn from a stream derived from (seed, turn, purpose), so a script replays exactly
 * @param replyTokens most tokens in a reply after its seed (160)
 * @param minReplyTokens a line end cannot close the reply before this many tokens (24)
 * @param rings whether overthinking rings are generated and fed into the field (true)
 * @param growth whether lexicon growth is on: new user words get a phrase bias and are re-injected
 *     into the field while their weight lasts (true)
 * @param ringTokens tokens per ring: echo, drift, shard (48, 64, 32)
 * @param decay per-turn decay of the conversation layers of the field (0.85)
 * @param recentShare weight ρ of the conversation layer against the corpus layer (0.5)
 * @param lexiconDecay per-turn decay of lexicon weights (0.7)
 * @param lexiconBias logit bias per unit of lexicon weight (2.0)
 * @param origin bootstrap text the voice returns to, or "" for none
 * @param originAlpha α of the origin blend at full strength (0.5)
 * @param turnPrefix what opens a line of dialogue in the corpus ("— ", as in haze's text)
 */
public record ConversationConfig(
    long seed,
    int replyTokens,
    int minReplyTokens,
    boolean rings,
    boolean growth,
    int[] ringTokens,
    double decay,
    double recentShare,
    double lexiconDecay,
    double lexiconBias,
    String origin,
    double originAlpha,
    String turnPrefix) {

  public ConversationConfig {
    if (replyTokens < 1) throw new IllegalArgumentException("replyTokens must be at least 1, got " + replyTokens);
    if (minReplyTokens < 0) throw new IllegalArgumentException("minReplyTokens must be 0 or more, got " + minReplyTokens);
    if (ringTokens.length != 3) throw new IllegalArgumentException("ringTokens needs three lengths: echo, drift, shard");
    ringTokens = ringTokens.clone();
    if (!(decay > 0 && decay <= 1)) throw new IllegalArgumentException("decay must be in (0, 1], got " + decay);
    if (!(originAlpha >= 0 && originAlpha <= 1)) throw new IllegalArgumentException("originAlpha must be in [0, 1], got " + originAlpha);
    origin = origin == null ? "" : origin;
    turnPrefix = turnPrefix == null ? "" : turnPrefix;
  }

  /** The defaults listed on the record. */
  public static ConversationConfig defaults() {
    return new ConversationConfig(42, 160, 24, true, true, new int[] {48, 64, 32}, 0.85, 0.5, 0.7, 2.0, "", 0.5, "— ");
  }

  @Override
  public int[] ringTokens() {
    return ringTokens.clone();
  }

  public ConversationConfig withSeed(long s) {
    return new ConversationConfig(s, replyTokens, minReplyTokens, rings, growth, ringTokens, decay, recentShare,
        lexiconDecay, lexiconBias, origin, originAlpha, turnPrefix);
  }

  public ConversationConfig withRings(boolean on) {
    return new ConversationConfig(seed, replyTokens, minReplyTokens, on, growth, ringTokens, decay, recentShare,
        lexiconDecay, lexiconBias, origin, originAlpha, turnPrefix);
  }

  public ConversationConfig withGrowth(boolean on) {
    return new ConversationConfig(seed, replyTokens, minReplyTokens, rings, on, ringTokens, decay, recentShare,
        lexiconDecay, lexiconBias, origin, originAlpha, turnPrefix);
  }

  public ConversationConfig withReplyTokens(int n) {
    return new ConversationConfig(seed, n, Math.min(minReplyTokens, n), rings, growth, ringTokens, decay, recentShare,
        lexiconDecay, lexiconBias, origin, originAlpha, turnPrefix);
  }

  public ConversationConfig withRingTokens(int echo, int drift, int shard) {
    return new ConversationConfig(seed, replyTokens, minReplyTokens, rings, growth, new int[] {echo, drift, shard}, decay,
        recentShare, lexiconDecay, lexiconBias, origin, originAlpha, turnPrefix);
  }

  public ConversationConfig withOrigin(String text) {
    return new ConversationConfig(seed, replyTokens, minReplyTokens, rings, growth, ringTokens, decay, recentShare,
        lexiconDecay, lexiconBias, text, originAlpha, turnPrefix);
  }

  public ConversationConfig withTurnPrefix(String prefix) {
    return new ConversationConfig(seed, replyTokens, minReplyTokens, rings, growth, ringTokens, decay, recentShare,
        lexiconDecay, lexiconBias, origin, originAlpha, prefix);
  }
}
