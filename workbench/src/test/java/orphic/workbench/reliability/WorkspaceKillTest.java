package orphic.workbench.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import orphic.workbench.lexicon.Activation;
import orphic.workbench.lexicon.Lexicon;
import orphic.workbench.lexicon.Term;
import orphic.workbench.store.Branch;
import orphic.workbench.store.Branches;
import orphic.workbench.store.Document;
import orphic.workbench.store.Documents;
import orphic.workbench.store.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL at seeded random moments of a child process writing to a workspace in a loop (lexicon
 * edits, document saves, branch saves), which prints an acknowledgement line after each commit
 * returns. After every kill the workspace reopens, {@code PRAGMA integrity_check} says ok, and
 * every acknowledged write is there with its content (a document at least at its acknowledged
 * revision: a later save may have committed just before the kill, without its ack).
 */
class WorkspaceKillTest {
  static final int KILLS = 8;

  @TempDir Path tmp;

  /** The child: args[0] workspace, args[1] a round prefix. Writes until killed; acks on stdout. */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    String round = args[1];
    try (Workspace ws = Workspace.init(Path.of(args[0]))) {
      Lexicon lexicon = new Lexicon(ws);
      Documents documents = new Documents(ws);
      Branches branches = new Branches(ws);
      Document doc = documents.create("draft " + round, "rev 0", null);
      out.println("doc " + doc.id() + " 0");
      Long parent = null;
      for (int i = 1; ; i++) {
        String term = "term-" + round + "-" + (i % 7); // replaced again and again: edits, not only inserts
        lexicon.put(Term.of(term, "definition " + i, List.of("alias-" + round + "-" + i), Activation.DEFAULT));
        out.println("term " + term + " " + i);
        documents.update(doc.id(), "draft " + round, "rev " + i + " " + "x".repeat(i % 50), null);
        out.println("doc " + doc.id() + " " + i);
        Branch b = branches.add(doc.id(), parent, "branch " + round + " " + i, "{}");
        parent = i % 5 == 0 ? null : b.id();
        out.println("branch " + b.id() + " " + i);
      }
    }
  }

  @Test
  void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
    Path dir = tmp.resolve("ws");
    Random random = new Random(88);
    int acksChecked = 0;
    for (int k = 0; k < KILLS; k++) {
      Process p = child(dir, "r" + k);
      List<String> acks = new CopyOnWriteArrayList<>();
      Thread reader = Thread.ofPlatform().daemon().start(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) acks.add(line);
        } catch (IOException e) {
          // the pipe closes with the process
        }
      });
      // The random moment is counted from the first ack: JVM start-up on a busy machine varies too much.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (acks.isEmpty() && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(5);
      long delay = random.nextInt(1500);
      assertThat(p.waitFor(delay, TimeUnit.MILLISECONDS)).as("the child writes until killed").isFalse();
      p.destroyForcibly(); // SIGKILL
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join(10_000);
      if (acks.isEmpty() && !java.nio.file.Files.exists(dir.resolve(Workspace.DATABASE))) continue; // killed while starting

      try (Workspace ws = Workspace.open(dir)) {
        assertThat(ws.integrityCheck()).as("kill %d after %d ms", k, delay).isEqualTo("ok");
        Lexicon lexicon = new Lexicon(ws);
        Documents documents = new Documents(ws);
        Branches branches = new Branches(ws);
        java.util.Map<String, Integer> lastTerm = new java.util.HashMap<>();
        java.util.Map<Long, Integer> lastDoc = new java.util.HashMap<>();
        for (String ack : acks) {
          String[] f = ack.split(" ");
          if (f.length != 3) continue; // a line torn by the kill was never a whole ack
          switch (f[0]) {
            case "term" -> lastTerm.put(f[1], Integer.parseInt(f[2]));
            case "doc" -> lastDoc.put(Long.parseLong(f[1]), Integer.parseInt(f[2]));
            case "branch" -> {
              Optional<Branch> b = branches.get(Long.parseLong(f[1]));
              assertThat(b).as("acknowledged branch %s (kill %d)", ack, k).isPresent();
              assertThat(b.get().text()).endsWith(" " + f[2]);
            }
            default -> throw new AssertionError("unexpected child output: " + ack);
          }
          acksChecked++;
        }
        for (var e : lastTerm.entrySet()) {
          Term t = lexicon.find(e.getKey()).orElseThrow(() -> new AssertionError("acknowledged term " + e.getKey() + " lost"));
          assertThat(revision(t.definition())).as("term %s", e.getKey()).isGreaterThanOrEqualTo(e.getValue());
        }
        for (var e : lastDoc.entrySet()) {
          Document d = documents.get(e.getKey()).orElseThrow(() -> new AssertionError("acknowledged document " + e.getKey() + " lost"));
          assertThat(revision(d.text())).as("document %d", e.getKey()).isGreaterThanOrEqualTo(e.getValue());
        }
      }
    }
    assertThat(acksChecked).as("acknowledged writes checked").isGreaterThan(KILLS);
    System.out.println("WorkspaceKillTest: " + KILLS + " kills survived, " + acksChecked + " acknowledged writes all present, integrity_check ok");
  }

  /** The number after the first space: "rev 12 xxx" → 12, "definition 7" → 7. */
  private static int revision(String s) {
    String[] f = s.split(" ");
    return Integer.parseInt(f[1]);
  }

  private static Process child(Path dir, String round) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        WorkspaceKillTest.class.getName(), dir.toString(), round));
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD)
        .directory(new File(System.getProperty("user.dir"))).start();
  }
}
