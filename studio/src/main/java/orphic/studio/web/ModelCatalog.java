package orphic.studio.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import orphic.lm.adapter.Adapter;
import orphic.lm.adapter.ModelDigest;
import orphic.lm.adapter.StyleDial;
import orphic.lm.adapter.StyleMix;
import orphic.lm.generate.CachedLogits;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelConfig;
import orphic.lm.model.ModelDirectory;
import orphic.lm.sample.SamplingContext;
import orphic.lm.tokenize.Tokenizer;

/**
 * The models the studio offers: every model directory in {@code <workspace>/models/}, and the one
 * given with {@code --model} (listed first). Each is loaded on first use and kept; its next-logits
 * callbacks (a KV-cache decoder each) are pooled, one per running generation, and returned when it
 * ends. Thread-safe.
 */
final class ModelCatalog {
  /** The workspace folder of style adapters (one folder each, offered with the model they were made for). */
  static final String ADAPTERS = "adapters";

  /** What the model list says about one model. */
  record Entry(String id, Path dir, String source) {}

  /** A loaded model: weights, tokenizer, each token's text, and a pool of decoders. */
  static final class Loaded {
    final String id;
    final LanguageModel model;
    final Tokenizer tokenizer;
    final List<String> vocabulary;
    private final ConcurrentLinkedDeque<Function<SamplingContext, float[]>> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger lent = new AtomicInteger();

    final Path dir;
    private LanguageModel inspected;

    /** A dial (its own copy of the model) with its decoder, lent to one styled generation at a time. */
    private record Styled(StyleDial dial, Function<SamplingContext, float[]> logits, int version) {}

    private final Path adapterDir;
    private String digest; // guarded by this
    private final LinkedHashMap<String, Adapter> adapters = new LinkedHashMap<>(); // guarded by this
    private final Map<String, Long> adapterStamps = new java.util.HashMap<>(); // guarded by this
    private final LinkedHashMap<String, String> skipped = new LinkedHashMap<>(); // guarded by this
    private int version; // guarded by this: bumped whenever the adapter set changes
    private final ConcurrentLinkedDeque<Styled> idleStyled = new ConcurrentLinkedDeque<>();
    private final Map<Function<SamplingContext, float[]>, Styled> lentStyled = new ConcurrentHashMap<>();

    Loaded(String id, Path dir, LanguageModel model, Tokenizer tokenizer) {
      this(id, dir, model, tokenizer, null);
    }

    Loaded(String id, Path dir, LanguageModel model, Tokenizer tokenizer, Path adapterDir) {
      this.id = id;
      this.dir = dir;
      this.adapterDir = adapterDir;
      this.model = model;
      this.tokenizer = tokenizer;
      List<String> v = new ArrayList<>(tokenizer.vocabSize());
      for (int i = 0; i < tokenizer.vocabSize(); i++) v.add(tokenizer.decode(new int[] {i}));
      this.vocabulary = List.copyOf(v);
    }

    /**
     * Runs {@code work} on this model's own copy for analysis (loaded on first use), alone: probes
     * and forward passes there never touch the instance generations decode with.
     */
    synchronized <T> T analyse(Function<LanguageModel, T> work) throws IOException {
      if (inspected == null) inspected = new ModelDirectory(dir).loadModel();
      return work.apply(inspected);
    }

    /** A decoder for one generation; give it back with {@link #release}. */
    Function<SamplingContext, float[]> borrow() {
      lent.incrementAndGet();
      Function<SamplingContext, float[]> f = idle.pollFirst();
      return f != null ? f : CachedLogits.forModel(model);
    }

    void release(Function<SamplingContext, float[]> f) {
      Styled s = lentStyled.remove(f);
      if (s != null) idleStyled.addFirst(s);
      else idle.addFirst(f);
      lent.decrementAndGet();
    }

    private static String brief(String digest) {
      return digest.substring(0, Math.min(12, digest.length()));
    }

    /** The style adapters offered with this model, and the ones skipped with why. */
    record Styles(Map<String, Adapter> adapters, Map<String, String> skipped) {}

    /**
     * The adapters in {@code WORKSPACE/adapters/NAME/} made for this model (their {@code
     * base_digest} is this model's digest), by folder name; others are skipped with the reason.
     * The folder is read again on each call; an adapter is loaded again when its weights change.
     */
    synchronized Styles styles() {
      if (adapterDir == null || !Files.isDirectory(adapterDir)) {
        if (!adapters.isEmpty()) version++;
        adapters.clear();
        skipped.clear();
        return new Styles(Map.of(), Map.of());
      }
      if (digest == null) digest = ModelDigest.of(model.module());
      java.util.Set<String> seen = new java.util.HashSet<>();
      boolean changed = false;
      try (var dirs = Files.list(adapterDir)) {
        for (Path d : dirs.sorted().toList()) {
          if (!Adapter.isAdapterDirectory(d)) continue;
          String name = d.getFileName().toString();
          seen.add(name);
          long stamp;
          try {
            stamp = Files.getLastModifiedTime(d.resolve(Adapter.WEIGHTS)).toMillis() ^ Files.getLastModifiedTime(d.resolve(Adapter.CONFIG)).toMillis();
          } catch (IOException e) {
            stamp = -1;
          }
          Long known = adapterStamps.get(name);
          if (known != null && known == stamp) continue;
          adapterStamps.put(name, stamp);
          changed |= adapters.remove(name) != null;
          skipped.remove(name);
          try {
            Adapter a = Adapter.readConfig(d);
            if (!a.baseDigest().equals(digest)) {
              skipped.put(name, "made for another base model (" + (a.baseModel() != null ? a.baseModel() + ", " : "") + "digest "
                  + brief(a.baseDigest()) + "; this model is " + brief(digest) + ")");
              continue;
            }
            adapters.put(name, Adapter.load(d, digest));
            changed = true;
          } catch (IOException | RuntimeException e) {
            skipped.put(name, String.valueOf(e.getMessage()));
          }
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      changed |= adapters.keySet().retainAll(seen);
      skipped.keySet().retainAll(seen);
      adapterStamps.keySet().retainAll(seen);
      if (changed) version++;
      return new Styles(Map.copyOf(adapters), Map.copyOf(skipped));
    }

    /**
     * A decoder computing with {@code mix} of this model's adapters, for one generation; give it
     * back with {@link #release}. No weight (or all 0): the plain decoder. Otherwise a dial on its
     * own copy of the model (the dial rewrites weights in place, so the shared model is never
     * touched), pooled like the decoders and set to the mix when lent.
     */
    Function<SamplingContext, float[]> borrow(StyleMix mix) {
      if (mix == null || mix.weights().values().stream().allMatch(w -> w == 0f)) return borrow();
      Map<String, Adapter> current;
      int v;
      synchronized (this) {
        current = new LinkedHashMap<>(adapters);
        v = version;
      }
      lent.incrementAndGet();
      try {
        Styled s;
        do {
          s = idleStyled.pollFirst();
        } while (s != null && s.version() != v);
        if (s == null) {
          StyleDial dial = new StyleDial(new ModelDirectory(dir).loadModel());
          for (Map.Entry<String, Adapter> e : current.entrySet()) dial.add(e.getKey(), e.getValue());
          s = new Styled(dial.set(mix), CachedLogits.forModel(dial.model()), v);
        } else {
          s.dial().set(mix);
          if (s.logits() instanceof CachedLogits c) c.decoder().refreshWeights();
        }
        lentStyled.put(s.logits(), s);
        return s.logits();
      } catch (IOException | RuntimeException e) {
        lent.decrementAndGet();
        throw e instanceof IOException io ? new java.io.UncheckedIOException(io) : (RuntimeException) e;
      }
    }

    /** Decoders lent out now (0 when no generation runs on this model). */
    int lent() {
      return lent.get();
    }
  }

  private final Path workspaceModels;
  private final Path adapters;
  private final Path extra;
  private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();

  ModelCatalog(Path workspace, Path extra) {
    this.workspaceModels = workspace.resolve("models");
    this.adapters = workspace.resolve(ADAPTERS);
    this.extra = extra;
  }

  /** Every model directory offered now (the folder is read again on each call). */
  List<Entry> entries() throws IOException {
    Map<String, Entry> out = new LinkedHashMap<>();
    if (extra != null) out.put(name(extra), new Entry(name(extra), extra, "option"));
    if (Files.isDirectory(workspaceModels)) {
      try (var dirs = Files.list(workspaceModels)) {
        for (Path d : dirs.sorted().toList()) {
          if (!Files.isRegularFile(d.resolve(ModelDirectory.CONFIG))) continue;
          String id = name(d);
          if (!out.containsKey(id)) out.put(id, new Entry(id, d, "workspace"));
        }
      }
    }
    return List.copyOf(out.values());
  }

  private static String name(Path dir) {
    Path f = dir.toAbsolutePath().normalize().getFileName();
    return f == null ? "model" : f.toString();
  }

  /** What GET /api/models shows for one entry: id, source, architecture and size (read from config.json). */
  Map<String, Object> describe(Entry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("source", e.source());
    try {
      ModelDirectory dir = new ModelDirectory(e.dir());
      JsonNode tree = dir.readConfigTree();
      ModelConfig c = dir.readModelConfig();
      m.put("arch", c.arch());
      m.put("vocab_size", c.vocabSize());
      m.put("context", c.context());
      m.put("layers", c.layers());
      m.put("dim", c.dim());
      m.put("tokenizer", tree.path("tokenizer").asText(null));
      m.put("ready", Files.isRegularFile(dir.file(ModelDirectory.WEIGHTS)));
    } catch (IOException | RuntimeException ex) {
      m.put("ready", false);
      m.put("problem", ex.getMessage());
    }
    return m;
  }

  /** The model with this id (null: the first one), loaded once. */
  Loaded load(String id) throws IOException {
    List<Entry> all = entries();
    if (all.isEmpty()) {
      throw new ApiError(409, "there is no model to write with yet",
          "train one into the workspace's models/ folder (./orphic train --out WORKSPACE/models/NAME …), or start the studio with --model DIR");
    }
    Entry e = null;
    if (id == null || id.isEmpty()) e = all.getFirst();
    else for (Entry x : all) if (x.id().equals(id)) e = x;
    if (e == null) throw new ApiError(404, "no model named '" + id + "'", "pick one of GET /api/models");
    Entry entry = e;
    Loaded l = loaded.get(entry.id());
    if (l != null) return l;
    synchronized (this) {
      l = loaded.get(entry.id());
      if (l == null) {
        ModelDirectory dir = new ModelDirectory(entry.dir());
        l = new Loaded(entry.id(), entry.dir(), dir.loadModel(), dir.loadTokenizer(), adapters);
        loaded.put(entry.id(), l);
      }
      return l;
    }
  }

  /** Decoders lent out over every loaded model. */
  int lentDecoders() {
    int n = 0;
    for (Loaded l : loaded.values()) n += l.lent();
    return n;
  }
}
