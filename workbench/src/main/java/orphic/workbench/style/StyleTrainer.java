package orphic.workbench.style;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import orphic.lm.text.Corpus;
import orphic.workbench.embed.SentenceEmbedder;

/**
 * From labelled corpora to a trained, evaluated style space: read each style's files, cut them into
 * chunks, hold out the <em>end</em> of every file (so training and held-out chunks come from
 * disjoint regions of the text, never neighbours), featurise, train the projection, and score the
 * held-out chunks with the detector.
 */
public final class StyleTrainer {
  private StyleTrainer() {}

  /**
   * @param chunkChars chunk size in characters
   * @param holdout share of each file's chunks (its last ones) kept out of training for evaluation, in [0, 0.9]
   * @param maxChunks cap per style (0 = all): evenly spaced chunks are kept, the train/held-out shares preserved
   */
  public record Options(int chunkChars, double holdout, int maxChunks, StyleSpace.Options space) {
    public Options {
      if (chunkChars < 20) throw new IllegalArgumentException("chunk size must be >= 20 characters, got " + chunkChars);
      if (!(holdout >= 0 && holdout <= 0.9)) throw new IllegalArgumentException("held-out share must be in [0, 0.9], got " + holdout);
      if (maxChunks < 0) throw new IllegalArgumentException("max chunks must be >= 0 (0 = all), got " + maxChunks);
    }

    /** 500-character chunks, 20% held out, at most 300 chunks per style, default space options. */
    public static Options defaults() {
      return new Options(500, 0.2, 300, StyleSpace.Options.defaults());
    }
  }

  /** A style's chunks, split. */
  public record Split(String style, List<Path> files, List<String> train, List<String> heldOut) {}

  /** What training produced. */
  public record Result(StyleSpace space, float[] losses, List<Split> splits, StyleEvaluation heldOut, double seconds) {}

  /** Reads and splits every style's corpus (see the class comment). */
  public static List<Split> split(List<StyleCorpus> styles, Options o) {
    List<Split> out = new ArrayList<>();
    for (StyleCorpus sc : styles) {
      List<String> train = new ArrayList<>(), held = new ArrayList<>();
      for (Path f : sc.files()) {
        List<String> chunks = TextChunker.chunks(Corpus.read(f).text(), o.chunkChars());
        int h = o.holdout() == 0 ? 0 : (int) Math.max(1, Math.round(chunks.size() * o.holdout()));
        if (chunks.size() - h < 1) continue;
        train.addAll(chunks.subList(0, chunks.size() - h));
        held.addAll(chunks.subList(chunks.size() - h, chunks.size()));
      }
      if (train.size() < 2) {
        throw new IllegalArgumentException("style '" + sc.name() + "' gives only " + train.size() + " training chunk(s) of "
            + o.chunkChars() + " characters from " + sc.files() + "; give it more text (at least ~" + (3 * o.chunkChars()) + " characters)");
      }
      if (o.maxChunks() > 0 && train.size() + held.size() > o.maxChunks()) {
        double share = (double) held.size() / (train.size() + held.size());
        int keepHeld = (int) Math.round(o.maxChunks() * share);
        held = evenly(held, keepHeld);
        train = evenly(train, Math.max(2, o.maxChunks() - keepHeld));
      }
      out.add(new Split(sc.name(), sc.files(), train, held));
    }
    List<String> names = out.stream().map(Split::style).toList();
    if (names.stream().distinct().count() != names.size()) throw new IllegalArgumentException("style names repeat: " + names + "; give each --style once");
    return out;
  }

  /** {@code n} evenly spaced items of {@code list} (all of it when n ≥ size). */
  public static List<String> evenly(List<String> list, int n) {
    if (n >= list.size()) return list;
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(list.get((int) ((long) i * list.size() / n)));
    return out;
  }

  /** Splits, featurises, trains and evaluates; {@code progress} gets one line per phase. */
  public static Result train(List<StyleCorpus> styles, SentenceEmbedder embedder, String embedderId, Options o, Consumer<String> progress) {
    if (styles.size() < 2) throw new IllegalArgumentException("give at least two styles (--style NAME=FILE, twice or more); got " + styles.size());
    long t0 = System.nanoTime();
    List<Split> splits = split(styles, o);
    List<String> names = splits.stream().map(Split::style).toList();
    List<String> chunks = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int s = 0; s < splits.size(); s++) {
      for (String c : splits.get(s).train()) {
        chunks.add(c);
        labels.add(s);
      }
      progress.accept(String.format("%s: %d training, %d held-out chunks", names.get(s), splits.get(s).train().size(), splits.get(s).heldOut().size()));
    }
    progress.accept("embedding " + chunks.size() + " training chunks…");
    float[][] features = StyleFeatures.of(embedder, chunks);
    progress.accept("training the projection (" + o.space().steps() + " steps)…");
    StyleSpace.Trained trained = StyleSpace.train(features, labels.stream().mapToInt(i -> i).toArray(), names, o.space(),
        embedderId, embedder.dimension(), o.chunkChars());
    progress.accept(String.format("contrastive loss %.4f → %.4f", trained.losses()[0], trained.losses()[trained.losses().length - 1]));
    Map<String, List<String>> held = new LinkedHashMap<>();
    for (Split s : splits) held.put(s.style(), s.heldOut());
    progress.accept("scoring held-out chunks…");
    StyleEvaluation eval = new StyleDetector(trained.space(), embedder).evaluate(held);
    return new Result(trained.space(), trained.losses(), splits, eval, (System.nanoTime() - t0) / 1e9);
  }

  /** Saves the space with a training record (options, files, chunk counts, losses, held-out evaluation). */
  public static void save(Result r, Options o, Path dir) throws IOException {
    ObjectMapper m = new ObjectMapper();
    ObjectNode t = m.createObjectNode();
    t.put("chunk_chars", o.chunkChars());
    t.put("holdout", o.holdout());
    t.put("max_chunks", o.maxChunks());
    StyleSpace.Options so = o.space();
    t.put("steps", so.steps());
    t.put("per_style", so.perStyle());
    t.put("lr", so.lr());
    t.put("weight_decay", so.weightDecay());
    t.put("seed", so.seed());
    t.put("loss_first", r.losses()[0]);
    t.put("loss_last", r.losses()[r.losses().length - 1]);
    t.put("seconds", r.seconds());
    ArrayNode styles = t.putArray("styles");
    for (Split s : r.splits()) {
      ObjectNode st = styles.addObject();
      st.put("name", s.style());
      ArrayNode files = st.putArray("files");
      for (Path f : s.files()) files.add(f.toString());
      st.put("train_chunks", s.train().size());
      st.put("held_out_chunks", s.heldOut().size());
    }
    t.set("held_out", r.heldOut().toJson(m));
    r.space().save(dir, t);
  }
}
