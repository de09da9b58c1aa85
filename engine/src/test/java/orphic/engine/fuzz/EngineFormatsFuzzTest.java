package orphic.engine.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import orphic.engine.io.Npy;
import orphic.engine.io.NpyFormatException;
import orphic.engine.io.Npz;
import orphic.engine.io.Safetensors;
import orphic.engine.io.SafetensorsFile;
import orphic.engine.io.SafetensorsFormatException;

/**
 * Fuzz targets for the engine's readers of outside files. Each reads arbitrary bytes; the only
 * exception allowed out is the reader's documented format exception (anything else fails the
 * target, as do hangs and out-of-memory). Without {@code JAZZER_FUZZ=1} each target replays its
 * seed corpus under {@code src/test/resources/orphic/engine/fuzz/EngineFormatsFuzzTestInputs/}.
 */
class EngineFormatsFuzzTest {
  /** Sizes in headers must never translate into allocations: the fuzzing JVM has a small heap. */
  private static final long NPZ_LIMIT = 1 << 20;

  @FuzzTest(maxDuration = "15s")
  void safetensors(byte[] data) throws IOException {
    Path file = Scratch.file("st", data);
    try (SafetensorsFile st = Safetensors.open(file)) {
      for (String name : st.names()) {
        st.info(name);
        try {
          st.tensor(name);
        } catch (IllegalArgumentException e) {
          // Documented: integer tensors are refused as floats; the message says so.
        }
      }
      st.metadata();
    } catch (SafetensorsFormatException e) {
      // documented
    }
  }

  @FuzzTest(maxDuration = "15s")
  void npy(byte[] data) {
    try {
      Npy.read(data);
    } catch (NpyFormatException e) {
      // documented
    }
  }

  @FuzzTest(maxDuration = "15s")
  void npz(byte[] data) throws IOException {
    Path file = Scratch.file("npz", data);
    try {
      Npz.read(file, NPZ_LIMIT);
    } catch (NpyFormatException e) {
      // documented
    }
  }

  /** One reusable scratch file per target, so fuzzing does not fill the disk. */
  static final class Scratch {
    private static final Path DIR;

    static {
      try {
        DIR = Files.createTempDirectory("orphic-fuzz");
        DIR.toFile().deleteOnExit();
      } catch (IOException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    static Path file(String name, byte[] data) throws IOException {
      Path p = DIR.resolve(name);
      Files.write(p, data);
      p.toFile().deleteOnExit();
      return p;
    }
  }
}
