package orphic.lm.field;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import orphic.lm.field.CooccurrenceField.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FieldFileTest {
  @TempDir Path tmp;

  private static int[] randomIds(long seed, int n, int v) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) ids[i] = r.nextInt(v);
    return ids;
  }

  @Test
  void roundTripKeepsCountsDistributionsAndGeneration() throws IOException {
    CooccurrenceField f = CooccurrenceField.build(randomIds(1, 400, 9), 9, 3);
    Path file = tmp.resolve("field.bin");
    f.save(file);
    CooccurrenceField g = CooccurrenceField.load(file);
    assertThat(g.vocabSize()).isEqualTo(9);
    assertThat(g.window()).isEqualTo(3);
    assertThat(g.tokens()).isEqualTo(f.tokens());
    assertThat(g.distinctBigrams()).isEqualTo(f.distinctBigrams());
    assertThat(g.trigramContexts()).isEqualTo(f.trigramContexts());
    assertThat(g.distinctTrigrams()).isEqualTo(f.distinctTrigrams());
    assertThat(g.distinctCooccurrences()).isEqualTo(f.distinctCooccurrences());
    for (int a = 0; a < 9; a++) {
      assertThat(g.unigramCount(a)).isEqualTo(f.unigramCount(a));
      for (int b = 0; b < 9; b++) {
        assertThat(g.bigramCount(a, b)).isEqualTo(f.bigramCount(a, b));
        assertThat(g.cooccurrenceCount(a, b)).isEqualTo(f.cooccurrenceCount(a, b));
        for (int c = 0; c < 9; c++) assertThat(g.trigramCount(a, b, c)).isEqualTo(f.trigramCount(a, b, c));
      }
    }
    for (Mode mode : Mode.values()) {
      assertThat(g.generate(new int[] {4}, 50, 0.9, mode, 7)).containsExactly(f.generate(new int[] {4}, 50, 0.9, mode, 7));
    }
  }

  @Test
  void decayedCountsAreSavedAsTheyRead() throws IOException {
    CooccurrenceField f = new CooccurrenceField(5, 2);
    f.add(randomIds(2, 50, 5));
    f.decay(0.25);
    f.add(randomIds(3, 30, 5));
    Path file = tmp.resolve("decayed.bin");
    f.save(file);
    CooccurrenceField g = CooccurrenceField.load(file);
    for (int a = 0; a < 5; a++) {
      assertThat(g.bigram(a)).containsExactly(f.bigram(a), within(1e-14));
      for (int b = 0; b < 5; b++) assertThat(g.bigramCount(a, b)).isCloseTo(f.bigramCount(a, b), within(1e-12));
    }
    // The loaded field keeps learning like the original.
    f.add(new int[] {1, 2, 3});
    g.add(new int[] {1, 2, 3});
    assertThat(g.trigram(1, 2)).containsExactly(f.trigram(1, 2), within(1e-14));
  }

  @Test
  void corruptTruncatedAndForeignFilesAreRefused() throws IOException {
    Path file = tmp.resolve("field.bin");
    CooccurrenceField.build(randomIds(4, 100, 6), 6).save(file);
    byte[] bytes = Files.readAllBytes(file);

    byte[] flipped = bytes.clone();
    flipped[bytes.length / 2] ^= 0x10;
    Files.write(file, flipped);
    assertThatThrownBy(() -> CooccurrenceField.load(file)).isInstanceOf(IOException.class)
        .hasMessageContaining("not a valid field file");

    Files.write(file, Arrays.copyOf(bytes, bytes.length - 7));
    assertThatThrownBy(() -> CooccurrenceField.load(file)).hasMessageContaining("truncated");

    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    Files.write(file, longer);
    assertThatThrownBy(() -> CooccurrenceField.load(file)).hasMessageContaining("after the checksum");

    ByteBuffer huge = ByteBuffer.allocate(24);
    huge.put("ORPHFLD\n".getBytes(StandardCharsets.US_ASCII)).putInt(1).putInt(Integer.MAX_VALUE).putInt(5);
    Files.write(file, huge.array());
    assertThatThrownBy(() -> CooccurrenceField.load(file)).hasMessageContaining("more than the file holds");

    Files.writeString(file, "hello, this is not a field at all");
    assertThatThrownBy(() -> CooccurrenceField.load(file)).hasMessageContaining("magic");
  }
}
