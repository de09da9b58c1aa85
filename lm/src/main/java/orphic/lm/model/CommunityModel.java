package orphic.lm.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import orphic.engine.autograd.Autograd;
import orphic.engine.blanchot.UnavowableCommunity;
import orphic.engine.nn.Module;
import orphic.engine.tensor.Tensor;

/**
 * An {@link UnavowableCommunity} of language models seen as one language model: its logits are
 * the log-probabilities of the gated mixture p̄ of its members, so evaluation and generation treat
 * it like any model. Members share the vocabulary and the context (any architecture otherwise).
 *
 * <p>Two kinds, both described by the "community" object of config.json:
 *
 * <ul>
 *   <li>trained together ({@code {"members": M, "lambda": λ, "joint_weight": α, "gate": true}}):
 *       the "model" object is every member's config (member m gets seed + m); the weights of all
 *       members and the gate are in this directory's model.safetensors ({@code members.m.…},
 *       {@code prior}, {@code gate}); the trainer calls {@link #loss} (negative correlation);
 *   <li>built from snapshots ({@code {"member_dirs": ["…", …]}}, paths relative to the directory):
 *       each member is a model directory of its own, mixed with uniform weights.
 * </ul>
 *
 * {@link #contrastive} gives a view that decodes contrastively: the mixture as expert, the first
 * member (for snapshots, the earliest) as amateur.
 */
public final class CommunityModel implements LanguageModel {
  private final List<LanguageModel> members;
  private final UnavowableCommunity<Module> community;
  private final ModelConfig config;

  public CommunityModel(List<LanguageModel> members, UnavowableCommunity.Options options) {
    if (members.size() < 2) throw new IllegalArgumentException("a community needs at least 2 members, got " + members.size());
    ModelConfig first = members.getFirst().config();
    for (LanguageModel m : members) {
      if (m.config().vocabSize() != first.vocabSize() || m.config().context() != first.context()) {
        throw new IllegalArgumentException("community members must share the vocabulary and context: " + describe(first) + " vs "
            + describe(m.config()));
      }
    }
    this.members = List.copyOf(members);
    this.community = new UnavowableCommunity<>(members.stream().map(LanguageModel::module).toList(), options);
    this.config = first;
  }

  /** M members built from {@code member} with seeds seed, seed + 1, … (a community to train). */
  public static CommunityModel create(ModelConfig member, int size, UnavowableCommunity.Options options) {
    List<LanguageModel> list = new ArrayList<>();
    for (int m = 0; m < size; m++) list.add(Models.build(member.withSeed(member.seed() + m)));
    return new CommunityModel(list, options);
  }

  private static String describe(ModelConfig c) {
    return c.arch() + " V" + c.vocabSize() + " T" + c.context();
  }

  public List<LanguageModel> members() {
    return members;
  }

  public UnavowableCommunity<Module> community() {
    return community;
  }

  /** The config every member shares (that of the first member). */
  @Override
  public ModelConfig config() {
    return config;
  }

  @Override
  public Module module() {
    return community;
  }

  /** log p̄ [B, T, V] of the members' gated mixture (no gradient: train with {@link #loss}). */
  @Override
  public Tensor forward(int[] ids, int batch, int time) {
    return community.mixture(memberLogits(ids, batch, time)).logProbs();
  }

  /** The members' mixture with its gate weights and mean disagreement (generalised JS, nats). */
  public UnavowableCommunity.Mixture mixture(int[] ids, int batch, int time) {
    try (var ng = Autograd.noGrad()) {
      return community.mixture(memberLogits(ids, batch, time));
    }
  }

  /** The negative-correlation training loss (scalar) for targets y (B·T ids). */
  public Tensor loss(int[] ids, int batch, int time, int[] targets) {
    List<Tensor> logits = memberLogits(ids, batch, time);
    int v = config.vocabSize();
    List<Tensor> rows = new ArrayList<>(logits.size());
    for (Tensor l : logits) rows.add(l.reshape(batch * time, v));
    return community.loss(rows, targets);
  }

  private List<Tensor> memberLogits(int[] ids, int batch, int time) {
    List<Tensor> out = new ArrayList<>(members.size());
    for (LanguageModel m : members) out.add(m.forward(ids, batch, time));
    return out;
  }

  /**
   * A view that scores tokens by contrastive decoding: log p̄ − β·log p_amateur on the head
   * {x : p̄(x) ≥ α·max p̄} (−∞ elsewhere), the amateur being the first member. For generation
   * only; its scores are not probabilities.
   */
  public LanguageModel contrastive(double alpha, double beta) {
    CommunityModel self = this;
    return new LanguageModel() {
      @Override
      public ModelConfig config() {
        return config;
      }

      @Override
      public Tensor forward(int[] ids, int batch, int time) {
        List<Tensor> logits = memberLogits(ids, batch, time);
        Tensor expert = community.mixture(logits).logProbs();
        return UnavowableCommunity.contrastive(expert, logits.getFirst(), alpha, beta);
      }

      @Override
      public Module module() {
        return self.module();
      }
    };
  }

  // ------------------------------------------------------------------ config.json

  /** The "community" object of config.json for a community trained together. */
  public static Map<String, Object> trainedSection(int members, UnavowableCommunity.Options o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("members", members);
    m.put("lambda", o.lambda());
    m.put("joint_weight", o.jointWeight());
    m.put("gate", o.gate());
    return m;
  }

  /** Builds the community described by config.json's "community" object; weights are loaded too. */
  static CommunityModel load(ModelDirectory dir, ModelConfig member, JsonNode section) throws IOException {
    if (section.has("member_dirs")) {
      List<LanguageModel> list = new ArrayList<>();
      for (JsonNode p : section.get("member_dirs")) {
        Path memberDir = dir.root().resolve(p.asText()).normalize();
        if (!Files.isDirectory(memberDir)) {
          throw new IOException(dir.file(ModelDirectory.CONFIG) + " lists the member " + p.asText() + " but " + memberDir + " is not a directory");
        }
        list.add(new ModelDirectory(memberDir).loadModel());
      }
      return new CommunityModel(list, new UnavowableCommunity.Options(0, 1, false));
    }
    int size = section.path("members").asInt(0);
    if (size < 2) throw new IOException(dir.file(ModelDirectory.CONFIG) + ": the \"community\" object needs \"members\" >= 2 or \"member_dirs\"");
    var options = new UnavowableCommunity.Options(section.path("lambda").asDouble(0.5), section.path("joint_weight").asDouble(1),
        section.path("gate").asBoolean(true));
    CommunityModel model = create(member, size, options);
    dir.loadWeights(model.module());
    return model;
  }

  /**
   * Writes a community of existing model directories (e.g. the snapshots of one run) into {@code
   * out}: config.json listing them (relative paths) and the first member's tokenizer. Every member
   * must have the same tokenizer, vocabulary and context.
   */
  public static void writeFromDirectories(Path out, List<Path> memberDirs) throws IOException {
    writeFromDirectories(out, memberDirs, null);
  }

  /**
   * As {@link #writeFromDirectories(Path, List)}; with {@code contrastive} = {α, β}, sampling
   * decodes contrastively ({@link #contrastive}; config.json: {@code "decoding": {"kind":
   * "contrastive", "alpha": α, "beta": β}}), while evaluation still uses the mixture.
   */
  public static void writeFromDirectories(Path out, List<Path> memberDirs, double[] contrastive) throws IOException {
    if (memberDirs.size() < 2) throw new IllegalArgumentException("a community needs at least 2 member directories, got " + memberDirs.size());
    ModelDirectory dir = new ModelDirectory(out).create();
    byte[] tokenizer = null;
    ModelConfig first = null;
    String tokenizerType = new ModelDirectory(memberDirs.getFirst()).readConfigTree().path("tokenizer").asText(null);
    List<String> rel = new ArrayList<>();
    for (Path p : memberDirs) {
      ModelDirectory m = new ModelDirectory(p);
      ModelConfig c = m.readModelConfig();
      byte[] tok = Files.readAllBytes(m.file(ModelDirectory.TOKENIZER));
      if (first == null) {
        first = c;
        tokenizer = tok;
      } else if (!Arrays.equals(tok, tokenizer) || c.vocabSize() != first.vocabSize() || c.context() != first.context()) {
        throw new IllegalArgumentException(p + " does not share the tokenizer, vocabulary and context of " + memberDirs.getFirst()
            + ": members of a community must come from runs on the same corpus and tokenizer");
      }
      if (!Files.isRegularFile(m.file(ModelDirectory.WEIGHTS)) && !m.readConfigTree().has("community")) {
        throw new IllegalArgumentException(p + " has no " + ModelDirectory.WEIGHTS + ": train it first");
      }
      rel.add(out.toAbsolutePath().normalize().relativize(p.toAbsolutePath().normalize()).toString());
    }
    orphic.engine.io.AtomicFiles.writeBytes(dir.file(ModelDirectory.TOKENIZER), tokenizer);
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("member_dirs", rel);
    if (contrastive != null) {
      if (!(contrastive[0] > 0 && contrastive[0] <= 1)) throw new IllegalArgumentException("contrastive decoding: α must be in (0, 1], got " + contrastive[0]);
      Map<String, Object> decoding = new LinkedHashMap<>();
      decoding.put("kind", "contrastive");
      decoding.put("alpha", contrastive[0]);
      decoding.put("beta", contrastive[1]);
      section.put("decoding", decoding);
    }
    dir.writeConfig(first, null, null, tokenizerType, Map.of("community", section));
  }
}
