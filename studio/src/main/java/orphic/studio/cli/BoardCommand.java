package orphic.studio.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import orphic.workbench.board.Board;
import orphic.workbench.board.BoardKind;
import orphic.workbench.board.Fragment;
import orphic.workbench.board.FragmentInput;
import orphic.workbench.board.MoodBoard;
import orphic.workbench.board.Pick;
import orphic.workbench.board.SearchHit;
import orphic.workbench.board.SearchOptions;
import orphic.workbench.board.TagCount;
import orphic.workbench.embed.MiniLmEmbedder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code orphic board …}: the mood board of a workspace (docs/board.md): add fragments, hybrid
 * search with MMR and contrast picks, list boards and fragments, tags, rebuild the index.
 */
@Command(name = "board", sortOptions = false,
    description = "The mood board: fragments, hybrid search with contrast picks, auto-tags, failure garden.",
    commandListHeading = "%nCommands:%n",
    subcommands = {BoardCommand.Add.class, BoardCommand.Search.class, BoardCommand.ListBoards.class, BoardCommand.Tags.class,
        BoardCommand.Rebuild.class})
final class BoardCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command: choose add, search, list, tags or rebuild");
  }

  /** {@code --workspace DIR} and {@code --json}, shared by every board command. */
  static final class Common extends WorkspaceOptions {
    /** Opens workspace, MiniLM (batch size 1: batch-independent vectors) and board; catches the index up. */
    <T> T withBoard(Function<MoodBoard, T> body) {
      return withWorkspace(ws -> {
        try (MiniLmEmbedder e = new MiniLmEmbedder(256, 0, 1); MoodBoard b = MoodBoard.open(ws, e)) {
          return body.apply(b);
        }
      });
    }
  }

  static ObjectNode fragmentJson(Fragment f) {
    ObjectNode o = JsonLine.object();
    o.put("id", f.id());
    o.put("board", f.board());
    o.put("kind", f.kind().sqlName());
    o.put("text", f.text());
    if (f.path() != null) o.put("path", f.path());
    ArrayNode t = o.putArray("tags");
    f.tags().forEach(t::add);
    ArrayNode a = o.putArray("auto_tags");
    f.autoTags().forEach(a::add);
    if (f.source() != null) o.put("source", f.source());
    o.put("created", f.created());
    return o;
  }

  static List<String> splitTags(String s) {
    return s == null ? List.of() : Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
  }

  @Command(name = "add", sortOptions = false, description = "Add a fragment (text, a file, a file's paragraphs, or an image by path).")
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;

    @Option(names = "--board", required = true, paramLabel = "NAME", description = "The board (created if missing).") String board;
    @Option(names = "--text", paramLabel = "T", description = "The fragment's text.") String text;
    @Option(names = "--file", paramLabel = "F", description = "Read the text from a file.") Path file;
    @Option(names = "--paragraphs", description = "With --file: one fragment per paragraph (blank-line separated).") boolean paragraphs;
    @Option(names = "--image", paramLabel = "PATH", description = "An image fragment (needs --tags; --text is its caption).") String image;
    @Option(names = "--tags", paramLabel = "a,b", description = "User tags, comma-separated.") String tags;
    @Option(names = "--source", paramLabel = "S", description = "Where it came from (default: the file name).") String source;
    @Option(names = "--failure", description = "A generated glitch: the board is (or becomes) a failure garden.") boolean failure;

    @Override
    public Integer call() {
      int given = (text != null ? 1 : 0) + (file != null ? 1 : 0);
      if (image == null && given != 1) throw new ParameterException(spec.commandLine(), "give exactly one of --text T or --file F (or --image PATH)");
      if (image != null && file != null) throw new ParameterException(spec.commandLine(), "--image takes --text as its caption, not --file");
      if (paragraphs && file == null) throw new ParameterException(spec.commandLine(), "--paragraphs needs --file F");
      List<String> tagList = splitTags(tags);
      List<FragmentInput> inputs = new ArrayList<>();
      try {
        if (image != null) {
          inputs.add(FragmentInput.image(image, text, tagList, source));
        } else {
          String body = LexiconCommand.text(text, file);
          String src = source != null ? source : file != null ? file.getFileName().toString() : null;
          if (paragraphs) {
            for (String p : body.split("\\R\\s*\\R")) if (!p.isBlank()) inputs.add(FragmentInput.text(p.strip(), tagList, src));
          } else {
            inputs.add(FragmentInput.text(body.strip(), tagList, src));
          }
        }
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      BoardKind kind = failure ? BoardKind.FAILURE_GARDEN : null;
      List<Fragment> added = common.withBoard(b -> b.addAll(board, kind, inputs));
      PrintWriter out = spec.commandLine().getOut();
      if (common.json) {
        ObjectNode o = JsonLine.object();
        ArrayNode a = o.putArray("fragments");
        added.forEach(f -> a.add(fragmentJson(f)));
        JsonLine.print(out, o);
      } else {
        for (Fragment f : added) {
          out.println("added #" + f.id() + " to " + f.board() + (f.autoTags().isEmpty() ? "" : "  concepts: " + String.join(", ", f.autoTags())));
        }
      }
      return 0;
    }
  }

  @Command(name = "search", sortOptions = false, description = "Hybrid search (BM25 + vectors, RRF), MMR, and contrast picks, each with its reason.")
  static final class Search implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;

    @Option(names = "--board", required = true, paramLabel = "NAME") String board;
    @Option(names = "--query", required = true, paramLabel = "Q") String query;
    @Option(names = "--k", paramLabel = "N", description = "Results (default: 8).") int k = SearchOptions.DEFAULT_K;
    @Option(names = "--contrast", paramLabel = "SHARE", description = "Share of contrast picks, 0..1 (default: 0.3).") double contrast = SearchOptions.DEFAULT_CONTRAST;
    @Option(names = "--lambda", paramLabel = "L", description = "MMR λ: 1 = relevance only, 0 = diversity only (default: 0.7).") double lambda = SearchOptions.DEFAULT_LAMBDA;
    @Option(names = "--pool", paramLabel = "F", description = "Candidate pool = F × k (default: 4).") int pool = SearchOptions.DEFAULT_POOL_FACTOR;
    @Option(names = "--band", paramLabel = "LO,HI", description = "Contrast band as percentiles of query cosine over the board (default: 20,50).") String band;
    @Option(names = "--seed", paramLabel = "S", description = "Seed for contrast tie-breaks (default: 0).") long seed;

    @Override
    public Integer call() {
      double lo = SearchOptions.DEFAULT_BAND_LOW;
      double hi = SearchOptions.DEFAULT_BAND_HIGH;
      if (band != null) {
        String[] p = band.split(",");
        try {
          if (p.length != 2) throw new NumberFormatException();
          lo = Double.parseDouble(p[0].strip()) / 100;
          hi = Double.parseDouble(p[1].strip()) / 100;
        } catch (NumberFormatException e) {
          throw new ParameterException(spec.commandLine(), "--band takes two percentiles LO,HI, e.g. 20,50; got '" + band + "'");
        }
      }
      SearchOptions o;
      try {
        o = new SearchOptions(k, contrast, lambda, pool, lo, hi, seed);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      List<SearchHit> hits = common.withBoard(b -> b.search(board, query, o));
      PrintWriter out = spec.commandLine().getOut();
      if (common.json) {
        ObjectNode j = JsonLine.object();
        j.put("board", board);
        j.put("query", query);
        j.put("k", k);
        j.put("contrast", contrast);
        j.put("lambda", lambda);
        j.put("seed", seed);
        ArrayNode a = j.putArray("results");
        for (SearchHit h : hits) {
          ObjectNode r = fragmentJson(h.fragment());
          Pick p = h.pick();
          r.put("role", p.role().name().toLowerCase(Locale.ROOT));
          r.put("cosine", p.cosine());
          if (p.bm25Rank() > 0) r.put("bm25_rank", p.bm25Rank());
          if (p.vectorRank() > 0) r.put("vector_rank", p.vectorRank());
          r.put("reason", p.reason());
          a.add(r);
        }
        JsonLine.print(out, j);
      } else {
        int i = 1;
        for (SearchHit h : hits) {
          out.printf(Locale.ROOT, "%2d. #%d [%s] %s%n", i++, h.fragment().id(), h.pick().reason(), preview(h.fragment().text(), 110));
        }
        if (hits.isEmpty()) out.println("no fragments on board " + board);
      }
      return 0;
    }
  }

  static String preview(String s, int max) {
    String t = s.replaceAll("\\s+", " ").strip();
    return t.length() <= max ? t : t.substring(0, max - 1) + "…";
  }

  @Command(name = "list", sortOptions = false, description = "List boards, or the fragments of one board.")
  static final class ListBoards implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;
    @Option(names = "--board", paramLabel = "NAME", description = "List this board's fragments.") String board;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      if (board == null) {
        List<Board> boards = common.withBoard(MoodBoard::boards);
        if (common.json) {
          ObjectNode j = JsonLine.object();
          ArrayNode a = j.putArray("boards");
          for (Board b : boards) {
            ObjectNode o = a.addObject();
            o.put("name", b.name());
            o.put("kind", b.kind().sqlName());
            o.put("fragments", b.fragments());
            o.put("created", b.created());
          }
          JsonLine.print(out, j);
        } else {
          for (Board b : boards) out.println(b.name() + (b.kind() == BoardKind.FAILURE_GARDEN ? " (failure garden)" : "") + ": " + b.fragments() + " fragments");
          out.println(boards.size() + " boards");
        }
      } else {
        List<Fragment> fs = common.withBoard(b -> b.fragments(board));
        if (common.json) {
          ObjectNode j = JsonLine.object();
          ArrayNode a = j.putArray("fragments");
          fs.forEach(f -> a.add(fragmentJson(f)));
          JsonLine.print(out, j);
        } else {
          for (Fragment f : fs) {
            List<String> all = new ArrayList<>(f.tags());
            f.autoTags().forEach(t -> all.add("~" + t));
            out.println("#" + f.id() + (f.path() != null ? " [image " + f.path() + "]" : "") + " " + preview(f.text(), 90)
                + (all.isEmpty() ? "" : "  {" + String.join(", ", all) + "}"));
          }
          out.println(fs.size() + " fragments");
        }
      }
      return 0;
    }
  }

  @Command(name = "tags", sortOptions = false, description = "Tags with counts (user tags, and ~concept tags found automatically).")
  static final class Tags implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;
    @Option(names = "--board", paramLabel = "NAME", description = "Only this board (default: all).") String board;

    @Override
    public Integer call() {
      List<TagCount> tags = common.withBoard(b -> b.tags(board));
      PrintWriter out = spec.commandLine().getOut();
      if (common.json) {
        ObjectNode j = JsonLine.object();
        ArrayNode a = j.putArray("tags");
        for (TagCount t : tags) {
          ObjectNode o = a.addObject();
          o.put("tag", t.tag());
          o.put("auto", t.auto());
          o.put("count", t.count());
        }
        JsonLine.print(out, j);
      } else {
        for (TagCount t : tags) out.printf(Locale.ROOT, "%4d  %s%s%n", t.count(), t.auto() ? "~" : "", t.tag());
      }
      return 0;
    }
  }

  @Command(name = "rebuild", sortOptions = false, description = "Rebuild the board index from the database.")
  static final class Rebuild implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;

    @Override
    public Integer call() {
      int n = common.withBoard(MoodBoard::rebuild);
      PrintWriter out = spec.commandLine().getOut();
      if (common.json) {
        ObjectNode j = JsonLine.object();
        j.put("indexed", n);
        JsonLine.print(out, j);
      } else {
        out.println("indexed " + n + " fragments");
      }
      return 0;
    }
  }
}
