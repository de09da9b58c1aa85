package orphic.lm.reliability;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import orphic.engine.io.NpyArray;
import orphic.engine.io.Npz;
import orphic.lm.haze.HazeWeights;
import orphic.lm.haze.HazeWeightsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression (found while writing the haze fuzz target, which now reaches this range): sizes within the allowed range but
 * impossible for the file (2^24 blocks of 2^24 heads in a file of six scalars) made the reader list
 * every expected key before checking any, which never finished. They are refused at once now.
 */
class HazeSizesTest {
  @TempDir Path tmp;

  @Test
  @Timeout(30) // generous: the point is "finishes", not how fast
  void sizesTheFileCannotHoldAreRefusedWithoutListingTheirKeys() throws Exception {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    arrays.put("T", NpyArray.ofScalar(8L));
    arrays.put("n_emb", NpyArray.ofScalar(1L << 24));
    arrays.put("nodes", NpyArray.ofScalar(4L));
    arrays.put("n_blocks", NpyArray.ofScalar(1L << 24));
    arrays.put("n_heads", NpyArray.ofScalar(1L << 24));
    arrays.put("vocab_size", NpyArray.ofScalar(5L));
    Path npz = tmp.resolve("huge.npz");
    Npz.write(npz, arrays);
    assertThatThrownBy(() -> HazeWeights.read(npz)).isInstanceOf(HazeWeightsException.class)
        .hasMessageContaining("n_blocks").hasMessageContaining("the sizes are corrupt");
  }
}
