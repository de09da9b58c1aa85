package orphic.workbench.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import orphic.workbench.board.Fragment;
import orphic.workbench.board.FragmentInput;
import orphic.workbench.board.MoodBoard;
import orphic.workbench.board.SearchHit;
import orphic.workbench.board.SearchOptions;
import orphic.workbench.embed.SentenceEmbedder;
import orphic.workbench.store.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL at seeded random moments of a child process importing mood-board fragments in a loop
 * ({@link MoodBoard#add} and {@link MoodBoard#addAll}: SQLite rows first, then a Lucene commit),
 * which prints an acknowledgement line per fragment after the call returns. A kill can land in
 * the embedding, the database commit, or between it and the index commit. After every kill the
 * workspace passes {@code PRAGMA integrity_check}, every acknowledged fragment's row is there with
 * its text, the index opens ({@link MoodBoard#open} catches it up), a keyword search for each
 * acknowledged fragment's unique word finds it at BM25 rank 1, and on every board the index holds
 * exactly the rows (a search matching every fragment returns all of them by BM25).
 *
 * <p>The child embeds with {@link HashEmbedder} (tiny, deterministic) so that a round writes
 * hundreds of fragments; the write path is the one the real MiniLM embedder goes through.
 */
class BoardKillTest {
  static final int KILLS = 5;

  @TempDir Path tmp;

  /** Word hashing into 16 dimensions, unit length: deterministic, fast, a real vector per text. */
  public static final class HashEmbedder implements SentenceEmbedder {
    @Override
    public float[] embed(String text) {
      float[] v = new float[16];
      v[0] = 1; // never the zero vector
      for (String w : text.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
        if (!w.isEmpty()) v[1 + Math.floorMod(w.hashCode(), 15)] += 1;
      }
      double n = 0;
      for (float x : v) n += x * x;
      for (int i = 0; i < v.length; i++) v[i] /= (float) Math.sqrt(n);
      return v;
    }

    @Override
    public float[][] embedAll(List<String> texts) {
      return texts.stream().map(this::embed).toArray(float[][]::new);
    }

    @Override
    public int dimension() {
      return 16;
    }
  }

  /** The unique word of fragment i of a round: "r3n17z" (one token for the English analyzer, unchanged by stemming). */
  static String word(String round, int i) {
    return round + "n" + i + "z";
  }

  static String board(String round) {
    return "board-" + round;
  }

  /** The child: args[0] workspace, args[1] round. Adds fragments until killed; acks "frag ID WORD" on stdout. */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    String round = args[1];
    String[] motifs = {"grey waves against the harbour wall", "a burnt letter in the grate", "moss on the churchyard stone",
        "the clock stopped at noon", "salt in the wound of the tide"};
    try (Workspace ws = Workspace.init(Path.of(args[0])); MoodBoard mb = MoodBoard.open(ws, new HashEmbedder())) {
      out.println("open " + mb.caughtUpOnOpen());
      for (int i = 0; ; ) {
        int n = i % 3 == 0 ? 1 + i % 4 : 1; // single adds and small imports, both paths
        List<FragmentInput> batch = new ArrayList<>();
        for (int j = 0; j < n; j++) {
          int f = i + j;
          batch.add(FragmentInput.text("fragment " + word(round, f) + ": " + motifs[f % motifs.length], List.of("t" + f % 3), "kill test"));
        }
        List<Fragment> added = n == 1 ? List.of(mb.add(board(round), batch.getFirst())) : mb.addAll(board(round), null, batch);
        for (int j = 0; j < n; j++) out.println("frag " + added.get(j).id() + " " + word(round, i + j));
        i += n;
      }
    }
  }

  @Test
  void everyAcknowledgedFragmentSurvivesSigkillAndIsFoundInTheIndex() throws Exception {
    Path dir = tmp.resolve("ws");
    Random random = new Random(8008);
    int acksChecked = 0;
    int caughtUp = 0;
    List<String> rounds = new ArrayList<>();
    for (int kill = 0; kill < KILLS; kill++) {
      final int k = kill;
      String round = "r" + k;
      Process p = child(dir, round);
      List<String> acks = new CopyOnWriteArrayList<>();
      Thread reader = Thread.ofPlatform().daemon().start(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) acks.add(line);
        } catch (IOException e) {
          // the pipe closes with the process
        }
      });
      // The random moment is counted from the first fragment ack: JVM start-up on a busy machine varies too much.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (acks.stream().noneMatch(a -> a.startsWith("frag ")) && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(5);
      long delay = random.nextInt(1500);
      assertThat(p.waitFor(delay, TimeUnit.MILLISECONDS)).as("the child writes until killed").isFalse();
      p.destroyForcibly(); // SIGKILL
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join(10_000);
      if (!Files.exists(dir.resolve(Workspace.DATABASE))) continue; // killed while starting
      rounds.add(round);

      try (Workspace ws = Workspace.open(dir)) {
        assertThat(ws.integrityCheck()).as("kill %d after %d ms", k, delay).isEqualTo("ok");
        try (MoodBoard mb = MoodBoard.open(ws, new HashEmbedder())) {
          caughtUp += mb.caughtUpOnOpen();
          SearchOptions exact = new SearchOptions(8, 0, 1, 4, 0.2, 0.5, 0);
          for (String ack : acks) {
            String[] f = ack.split(" ");
            if (f.length != 3 || !f[0].equals("frag")) continue; // "open" lines, or a line torn by the kill
            long id = Long.parseLong(f[1]);
            Fragment row = mb.fragment(id).orElseThrow(() -> new AssertionError("acknowledged fragment " + ack + " lost (kill " + k + ")"));
            assertThat(row.text()).startsWith("fragment " + f[2] + ": ");
            List<SearchHit> hits = mb.search(board(round), f[2], exact);
            assertThat(hits).as("search for %s after kill %d", f[2], k)
                .anySatisfy(h -> {
                  assertThat(h.fragment().id()).isEqualTo(id);
                  assertThat(h.pick().bm25Rank()).isEqualTo(1);
                  assertThat(h.fragment().text()).isEqualTo(row.text());
                });
            acksChecked++;
          }
          // The index equals the rows: on every board, a word every fragment has matches every row by BM25.
          for (String r : rounds) {
            if (mb.boards().stream().noneMatch(b -> b.name().equals(board(r)))) continue; // killed before its first row
            List<Fragment> rows = mb.fragments(board(r));
            if (rows.isEmpty()) continue;
            List<SearchHit> all = mb.search(board(r), "fragment", new SearchOptions(rows.size(), 0, 1, 1, 0.2, 0.5, 0));
            assertThat(all.stream().filter(h -> h.pick().bm25Rank() > 0).map(h -> h.fragment().id()).sorted().toList())
                .as("indexed fragments of %s after kill %d", board(r), k)
                .isEqualTo(rows.stream().map(Fragment::id).sorted().toList());
          }
        }
      }
    }
    assertThat(acksChecked).as("acknowledged fragments checked").isGreaterThan(KILLS);
    System.out.println("BoardKillTest: " + KILLS + " kills survived, " + acksChecked + " acknowledged fragments all present and found by keyword, "
        + caughtUp + " fragments caught up on open, integrity_check ok");
  }

  private static Process child(Path dir, String round) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
        BoardKillTest.class.getName(), dir.toString(), round));
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD)
        .directory(new File(System.getProperty("user.dir"))).start();
  }
}
