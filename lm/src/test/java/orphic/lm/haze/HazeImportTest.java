package orphic.lm.haze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import orphic.engine.io.NpyArray;
import orphic.engine.io.Npz;
import orphic.lm.model.GptModel;
import orphic.lm.model.HazeModel;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelConfig;
import orphic.lm.model.ModelDirectory;
import orphic.lm.tokenize.CharTokenizer;
import orphic.lm.tokenize.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HazeImportTest {
  @TempDir Path dir;

  /** Nine distinct characters after lower-casing: "the hz.\n" and "’". */
  static final String CORPUS = "The Haze.\nHe hHz’ the THE haze.\n";

  private Path corpus() throws IOException {
    Path p = dir.resolve("corpus.txt");
    Files.writeString(p, CORPUS);
    return p;
  }

  private Path hazeFile(String name, int vocab) throws IOException {
    Path p = dir.resolve(name);
    Npz.writeCompressed(p, HazeWeightsTest.hazeOwnLayout(3, vocab));
    return p;
  }

  @Test
  void importWritesAModelDirectoryAndExportRoundTrips() throws IOException {
    assertThat(CharTokenizer.haze(CORPUS).vocabSize()).isEqualTo(HazeWeightsTest.V);
    Path npz = hazeFile("w.npz", HazeWeightsTest.V);
    Path out = dir.resolve("model");
    HazeImport.Imported imported = HazeImport.importWeights(npz, corpus(), out);
    assertThat(imported.layout()).isEqualTo(HazeWeights.Layout.HAZE);
    assertThat(imported.config().headKind()).isEqualTo("rrpram");
    for (String f : new String[] {ModelDirectory.CONFIG, ModelDirectory.TOKENIZER, ModelDirectory.WEIGHTS}) {
      assertThat(out.resolve(f)).isRegularFile();
    }

    ModelDirectory md = new ModelDirectory(out);
    LanguageModel model = md.loadModel();
    assertThat(model).isInstanceOf(HazeModel.class);
    int[] ids = HazeWeightsTest.IDS;
    assertThat(HazeWeightsTest.logits((HazeModel) model, ids, 2, 8))
        .containsExactly(HazeWeightsTest.logits(HazeWeights.load(npz), ids, 2, 8));
    Tokenizer tokenizer = md.loadTokenizer();
    assertThat(tokenizer.spec()).isEqualTo("char:haze");
    assertThat(tokenizer.vocabSize()).isEqualTo(HazeWeightsTest.V);
    // haze's ids: the sorted characters "\n", " ", ".", "e", "h", "t", "z", "a"... by code point.
    assertThat(tokenizer.encode("\n .aehtz’")).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(tokenizer.encode("THE'")).containsExactly(6, 5, 4, 8);
    assertThat(md.readConfigTree().path("corpus").path("sha256").asText()).hasSize(64);

    Path back = dir.resolve("back.npz");
    HazeImport.exportWeights(out, back);
    HazeWeights.Contents contents = HazeWeights.read(back);
    assertThat(contents.layout()).isEqualTo(HazeWeights.Layout.COMPLETE);
    assertThat(HazeWeightsTest.logits(contents.toModel(), ids, 2, 8))
        .containsExactly(HazeWeightsTest.logits((HazeModel) model, ids, 2, 8));

    assertThatThrownBy(() -> HazeImport.importWeights(npz, corpus(), out)).hasMessageContaining("not empty");
  }

  @Test
  void aCorpusWithAnotherVocabularyIsRefused() throws IOException {
    Path npz = hazeFile("w.npz", 12);
    assertThatThrownBy(() -> HazeImport.importWeights(npz, corpus(), dir.resolve("m")))
        .isInstanceOf(HazeWeightsException.class)
        .hasMessageContaining("key 'vocab_size' is 12 but the corpus has 9 distinct characters")
        .hasMessageContaining("the corpus these weights were made from");
    assertThat(dir.resolve("m")).doesNotExist();
  }

  @Test
  void hazeExactVocabularyIsUsedWhenOnlyItMatches() throws IOException {
    // haze builds its vocabulary before normalising quotes: ASCII ' gets an id of its own.
    String text = "don't ’";
    assertThat(CharTokenizer.haze(text).vocabSize()).isEqualTo(6);
    CharTokenizer legacy = HazeImport.vocabulary(text, 7, dir.resolve("x.npz"), HazeWeights.Layout.HAZE);
    assertThat(legacy.codePoints()).contains((int) '\'');
    assertThat(HazeImport.vocabulary(text, 6, dir.resolve("x.npz"), HazeWeights.Layout.HAZE).codePoints()).doesNotContain((int) '\'');
    assertThatThrownBy(() -> HazeImport.vocabulary(text, 8, dir.resolve("x.npz"), HazeWeights.Layout.COMPLETE))
        .hasMessageContaining("key 'meta.vocab_size' is 8").hasMessageContaining("(7 without quote normalisation)");
  }

  @Test
  void exportRefusesModelsHazeCannotRead() throws IOException {
    ModelConfig gpt = ModelConfig.gpt(HazeWeightsTest.V, 8, 8, 1, 2);
    ModelDirectory g = new ModelDirectory(dir.resolve("gpt")).create();
    CharTokenizer.haze(CORPUS).save(g.file(ModelDirectory.TOKENIZER));
    g.writeWeights(new GptModel(gpt), null);
    g.writeConfig(gpt, null, null, "char:haze");
    assertThatThrownBy(() -> HazeImport.exportWeights(g.root(), dir.resolve("g.npz"))).hasMessageContaining("holds a gpt model");

    Path out = dir.resolve("model");
    HazeImport.importWeights(hazeFile("w.npz", HazeWeightsTest.V), corpus(), out);
    CharTokenizer.train(CORPUS.toLowerCase(java.util.Locale.ROOT)).save(out.resolve(ModelDirectory.TOKENIZER));
    assertThatThrownBy(() -> HazeImport.exportWeights(out, dir.resolve("h.npz")))
        .hasMessageContaining("uses the char tokenizer").hasMessageContaining("--tokenizer char:haze");
  }

  @Test
  void importedCompleteFilesKeepTheirHeadKindAndGates() throws IOException {
    ModelConfig c = new ModelConfig("haze", HazeWeightsTest.V, 8, 12, 2, 3, 20, false, false, 0f, "hybrid", 0.25f, 0.02f, 1);
    HazeModel model = new HazeModel(c);
    HazeReference.randomize(model, 4);
    Path npz = dir.resolve("hybrid.npz");
    LinkedHashMap<String, NpyArray> arrays = HazeWeights.toArrays(model);
    Npz.write(npz, arrays);
    HazeImport.Imported imported = HazeImport.importWeights(npz, corpus(), dir.resolve("m"));
    assertThat(imported.config().headKind()).isEqualTo("hybrid");
    assertThat(imported.config().alpha()).isEqualTo(0.25f);
    HazeModel loaded = (HazeModel) imported.directory().loadModel();
    assertThat(loaded.stateDict().get("blocks.1.heads.2.gate").item()).isEqualTo(model.stateDict().get("blocks.1.heads.2.gate").item());
    assertThat(HazeWeightsTest.logits(loaded, HazeWeightsTest.IDS, 2, 8))
        .containsExactly(HazeWeightsTest.logits(model, HazeWeightsTest.IDS, 2, 8));
  }
}
