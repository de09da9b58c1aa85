package orphic.workbench.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import orphic.workbench.embed.MiniLmEmbedder;
import orphic.workbench.store.Workspace;
import orphic.workbench.store.WorkspaceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mood board on a real SQLite workspace, a real Lucene index and the real MiniLM model. The
 * demo board (21 paragraphs of the demo corpus) is built once for the class.
 */
class MoodBoardTest {
  private static MiniLmEmbedder embedder;
  private static ConceptTagger tagger;
  private static Path demoDir;
  private static Workspace demoWs;
  private static MoodBoard demo;

  static final String OCEAN = "Grey waves heave against the harbour wall; the tide pulls salt foam back into the deep water.";
  static final String LAUNDRY = "The laundromat at two in the morning: a dryer thumping, somebody's trainer going round and round.";

  @BeforeAll
  static void setUp(@TempDir Path tmp) {
    embedder = new MiniLmEmbedder(128, 1, 1);
    tagger = new ConceptTagger(embedder, ConceptTagger.defaultConcepts(), tmp.resolve("concepts.cache"));
    demoDir = tmp.resolve("demo");
    demoWs = Workspace.init(demoDir);
    demo = MoodBoard.open(demoWs, embedder, tagger);
    demo.addAll("demo", null, DemoFragments.load(7).stream().map(p -> FragmentInput.text(p.text(), List.of(), p.source())).toList());
  }

  @AfterAll
  static void tearDown() {
    demo.close();
    demoWs.close();
    embedder.close();
  }

  private static double meanPairwiseCosine(List<float[]> v) {
    double s = 0;
    int n = 0;
    for (int i = 0; i < v.size(); i++) {
      for (int j = i + 1; j < v.size(); j++) {
        s += Vectors.dot(v.get(i), v.get(j));
        n++;
      }
    }
    return s / n;
  }

  @Test
  void addAndReadBackRoundTrip(@TempDir Path dir) {
    try (Workspace ws = Workspace.init(dir); MoodBoard b = MoodBoard.open(ws, embedder, tagger)) {
      Fragment f = b.add("sea", FragmentInput.text(OCEAN, List.of("harbour", " salt "), "notes.txt"));
      assertThat(f.board()).isEqualTo("sea");
      assertThat(f.kind()).isEqualTo(FragmentKind.TEXT);
      assertThat(f.text()).isEqualTo(OCEAN);
      assertThat(f.tags()).containsExactly("harbour", "salt");
      assertThat(f.source()).isEqualTo("notes.txt");
      Fragment img = b.add("sea", FragmentInput.image("img/wreck.jpg", null, List.of("shipwreck", "rust"), null));
      assertThat(img.kind()).isEqualTo(FragmentKind.IMAGE);
      assertThat(img.path()).isEqualTo("img/wreck.jpg");
      Fragment glitch = b.add("garden", BoardKind.FAILURE_GARDEN, FragmentInput.text("the the the lamp lamp of of salt", List.of("loop"), "generated"));
      assertThat(b.boards()).extracting(Board::name, Board::kind, Board::fragments)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("garden", BoardKind.FAILURE_GARDEN, 1),
              org.assertj.core.groups.Tuple.tuple("sea", BoardKind.BOARD, 2));
      assertThat(b.fragments("sea")).extracting(Fragment::id).containsExactly(f.id(), img.id());
      assertThatThrownBy(() -> b.add("sea", BoardKind.FAILURE_GARDEN, FragmentInput.text("x", List.of(), null)))
          .isInstanceOf(WorkspaceException.class).hasMessageContaining("not a failure_garden");
      assertThatThrownBy(() -> b.fragments("nope")).hasMessageContaining("orphic board list");
      List<SearchHit> hits = b.search("sea", "rusted shipwreck", SearchOptions.defaults().withK(1).withContrast(0));
      assertThat(hits).extracting(h -> h.fragment().id()).containsExactly(img.id());
      assertThat(b.search("garden", "lamp", SearchOptions.defaults().withContrast(0))).extracting(h -> h.fragment().id()).containsExactly(glitch.id());
      assertThat(b.tags("sea")).extracting(TagCount::tag).contains("harbour", "shipwreck", "sea");
    }
  }

  @Test
  void autoTagsNameTheSea() {
    float[] v = embedder.embed(OCEAN);
    assertThat(tagger.tag(v, 3, ConceptTagger.DEFAULT_THRESHOLD)).extracting(ConceptTagger.Tag::concept).contains("sea");
    List<Fragment> demoRows = demo.fragments("demo");
    // Every demo fragment is tagged with at most three concepts, each from the vocabulary.
    assertThat(demoRows).allSatisfy(f -> assertThat(f.autoTags()).hasSizeLessThanOrEqualTo(3).isSubsetOf(tagger.concepts()));
  }

  @Test
  void hybridFindsByKeywordAndByMeaning() {
    // Keyword: "diesel" appears in one dialogue fragment only.
    List<SearchHit> kw = demo.search("demo", "diesel", SearchOptions.defaults().withK(4).withContrast(0));
    assertThat(kw.getFirst().fragment().text()).containsIgnoringCase("diesel");
    assertThat(kw.getFirst().pick().bm25Rank()).isEqualTo(1);
    assertThat(kw.getFirst().pick().reason()).startsWith("aligned: bm25 rank 1");
    // Meaning: no query word occurs in the liturgy, but it is about keeping a light for sailors.
    List<SearchHit> sem = demo.search("demo", "a beacon guiding mariners safely ashore", SearchOptions.defaults().withK(4).withContrast(0));
    assertThat(sem.getFirst().fragment().source()).as(sem.toString()).isEqualTo("liturgical.txt");
    assertThat(sem.getFirst().pick().bm25Rank()).isZero();
    assertThat(sem.getFirst().pick().reason()).contains("no keyword match", "vector rank 1");
  }

  @Test
  void mmrPicksAreMoreDiverseThanPlainTopK(@TempDir Path dir) {
    try (Workspace ws = Workspace.init(dir); MoodBoard b = MoodBoard.open(ws, embedder, tagger)) {
      for (String s : List.of("The sea was grey and cold at dawn.", "At dawn the sea was cold and grey.", "Cold grey sea at dawn.",
          "The grey sea lay cold at daybreak.", "Dawn: the sea, grey, cold.", "A gull cried over the harbour.",
          "Fishing boats came in with the tide.", "She counted the boats from the window.", "Tax forms were due on Monday.",
          "The lighthouse lamp was lit at dusk.")) {
        b.add("b", FragmentInput.text(s, List.of(), null));
      }
      Map<Long, float[]> vec = b.vectors(b.requireBoard("b").id());
      SearchOptions o = new SearchOptions(4, 0, 1.0, 3, 0.2, 0.5, 0);
      List<SearchHit> plain = b.search("b", "grey sea at dawn", o);
      List<SearchHit> mmr = b.search("b", "grey sea at dawn", o.withLambda(0.5));
      double plainSim = meanPairwiseCosine(plain.stream().map(h -> vec.get(h.fragment().id())).toList());
      double mmrSim = meanPairwiseCosine(mmr.stream().map(h -> vec.get(h.fragment().id())).toList());
      assertThat(mmrSim).isLessThan(plainSim - 0.05);
      assertThat(mmr.getFirst().fragment().id()).isEqualTo(plain.getFirst().fragment().id()); // the best match stays first
    }
  }

  @Test
  void contrastShareIsHonouredAndLabelledFromTheBand() {
    SearchOptions o = SearchOptions.defaults().withK(10).withContrast(0.3).withSeed(7);
    List<SearchHit> hits = demo.search("demo", "the sea at night", o);
    assertThat(hits).hasSize(10);
    List<SearchHit> contrast = hits.stream().filter(h -> h.pick().role() == Pick.Role.CONTRAST).toList();
    assertThat(contrast).hasSize(3);
    assertThat(hits.subList(0, 7)).allMatch(h -> h.pick().role() == Pick.Role.ALIGNED && h.pick().reason().startsWith("aligned: "));
    // The band, recomputed here from every fragment's cosine to the query.
    float[] q = embedder.embed("the sea at night");
    double[] cos = demo.vectors(demo.requireBoard("demo").id()).values().stream().mapToDouble(v -> Vectors.dot(q, v)).sorted().toArray();
    double lo = HybridRanker.percentile(cos, 0.2);
    double hi = HybridRanker.percentile(cos, 0.5);
    assertThat(contrast).allSatisfy(h -> {
      assertThat(h.pick().cosine()).isBetween(lo, hi);
      assertThat(h.pick().reason()).startsWith("contrast: cosine ").contains(String.format(java.util.Locale.ROOT, "in band [%.2f, %.2f]", lo, hi));
    });
    assertThat(hits).extracting(h -> h.fragment().id()).doesNotHaveDuplicates();
  }

  @Test
  void sameSeedSameResultOtherSeedsExploreTheBand() {
    SearchOptions o = SearchOptions.defaults().withK(8).withContrast(0.5);
    List<Long> a = ids(demo.search("demo", "grief and absence", o.withSeed(1)));
    List<Long> b = ids(demo.search("demo", "grief and absence", o.withSeed(1)));
    assertThat(a).isEqualTo(b);
    List<List<Long>> others = new ArrayList<>();
    for (long s = 2; s < 8; s++) others.add(ids(demo.search("demo", "grief and absence", o.withSeed(s))));
    assertThat(others).anySatisfy(x -> assertThat(x).isNotEqualTo(a));
  }

  private static List<Long> ids(List<SearchHit> hits) {
    return hits.stream().map(h -> h.fragment().id()).toList();
  }

  @Test
  void indexCatchesUpAfterACrashBetweenDatabaseAndIndexCommit(@TempDir Path dir) throws Exception {
    long crashed;
    try (Workspace ws = Workspace.init(dir)) {
      MoodBoard b = MoodBoard.open(ws, embedder, tagger);
      b.add("b", FragmentInput.text("A quiet morning in the library.", List.of(), null));
      crashed = b.insert("b", null, FragmentInput.text(LAUNDRY, List.of(), null)); // database committed…
      b.abandon(); // …and the process dies before the index commit
      // Another writer (or an old build) inserted a row without an embedding.
      ws.inTransaction(c -> {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO moodboard_fragments(board_id, kind, text) VALUES (1, 'text', ?)")) {
          ps.setString(1, OCEAN);
          ps.executeUpdate();
        }
        return null;
      });
    }
    try (Workspace ws = Workspace.open(dir); MoodBoard b = MoodBoard.open(ws, embedder, tagger)) {
      assertThat(b.caughtUpOnOpen()).isEqualTo(2);
      assertThat(ids(b.search("b", "laundromat", SearchOptions.defaults().withK(1).withContrast(0)))).containsExactly(crashed);
      SearchHit sea = b.search("b", "ocean", SearchOptions.defaults().withK(1).withContrast(0)).getFirst();
      assertThat(sea.fragment().text()).isEqualTo(OCEAN);
      assertThat(sea.fragment().autoTags()).contains("sea"); // embedded and tagged during catch-up
    }
    try (Workspace ws = Workspace.open(dir); MoodBoard b = MoodBoard.open(ws, embedder, tagger)) {
      assertThat(b.caughtUpOnOpen()).isZero();
    }
  }

  @Test
  void rebuildRestoresALostIndex(@TempDir Path dir) throws Exception {
    try (Workspace ws = Workspace.init(dir)) {
      try (MoodBoard b = MoodBoard.open(ws, embedder, tagger)) {
        b.add("b", FragmentInput.text(OCEAN, List.of(), null));
        b.add("b", FragmentInput.text(LAUNDRY, List.of(), null));
        assertThat(b.rebuild()).isEqualTo(2);
        assertThat(b.search("b", "dryer", SearchOptions.defaults().withK(1).withContrast(0)).getFirst().fragment().text()).isEqualTo(LAUNDRY);
      }
      Path idx = ws.indexesDir().resolve(MoodBoard.INDEX_DIR);
      try (Stream<Path> files = Files.walk(idx)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
      }
      try (MoodBoard b = MoodBoard.open(ws, embedder, tagger)) {
        assertThat(b.caughtUpOnOpen()).isEqualTo(2);
        assertThat(b.search("b", "dryer", SearchOptions.defaults().withK(1).withContrast(0)).getFirst().fragment().text()).isEqualTo(LAUNDRY);
      }
      // A damaged index (every segments file overwritten) is dropped and rebuilt on open.
      try (Stream<Path> files = Files.list(idx)) {
        for (Path p : files.filter(p -> p.getFileName().toString().startsWith("segments")).toList()) Files.write(p, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
      }
      try (MoodBoard b = MoodBoard.open(ws, embedder, tagger)) {
        assertThat(b.caughtUpOnOpen()).isEqualTo(2);
        assertThat(b.search("b", "tide", SearchOptions.defaults().withK(1).withContrast(0)).getFirst().fragment().text()).isEqualTo(OCEAN);
      }
    }
  }
}
