package orphic.engine.tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A bump allocator for the activations (and their gradients) of one step, llm.c style: while an
 * arena is open on a thread, {@link Tensor#empty} and gradient buffers take slices of its chunks
 * instead of allocating. {@link #reset()} rewinds it for the next step, so after the first step a
 * training loop allocates no float arrays at all.
 *
 * <pre>{@code
 * Arena arena = new Arena();
 * for (int step = 0; ...; step++) {
 *   try (Arena.Scope s = arena.open()) {   // rewinds and installs on this thread
 *     Tensor loss = model.loss(batch);
 *     loss.backward();
 *   }                                       // tensors made inside are invalid after the next open()
 *   optimizer.step();
 * }
 * }</pre>
 *
 * <p>Chunks are reused in order; a step that needs more than last time adds a chunk. Not
 * thread-safe: one arena per thread (worker threads never allocate tensors).
 */
public final class Arena {
  private static final ThreadLocal<Arena> CURRENT = new ThreadLocal<>();
  private static final int DEFAULT_CHUNK = 1 << 20; // 4 MiB of floats

  /** A slice of a chunk. */
  public record Slice(float[] array, int offset) {}

  private final List<float[]> chunks = new ArrayList<>();
  private final int chunkFloats;
  private int chunk;   // index of the chunk being filled
  private int cursor;  // next free float in that chunk
  private long highWater;
  private long used;

  public Arena() {
    this(DEFAULT_CHUNK);
  }

  public Arena(int chunkFloats) {
    this.chunkFloats = chunkFloats;
  }

  /** The arena installed on this thread, or null. */
  public static Arena current() {
    return CURRENT.get();
  }

  /** Rewinds this arena and installs it on the calling thread until the scope is closed. */
  public Scope open() {
    reset();
    Arena previous = CURRENT.get();
    CURRENT.set(this);
    return () -> CURRENT.set(previous);
  }

  /** Installs this arena without rewinding it (to keep allocating after an earlier scope). */
  public Scope resume() {
    Arena previous = CURRENT.get();
    CURRENT.set(this);
    return () -> CURRENT.set(previous);
  }

  /** Makes everything allocated so far reusable. */
  public void reset() {
    chunk = 0;
    cursor = 0;
    used = 0;
  }

  Slice take(int n) {
    // Chunks are handed out in order; a request that does not fit moves to the next chunk.
    while (true) {
      if (chunk == chunks.size()) chunks.add(new float[Math.max(chunkFloats, n)]);
      float[] c = chunks.get(chunk);
      if (cursor + n <= c.length) {
        Slice s = new Slice(c, cursor);
        cursor += n;
        used += n;
        highWater = Math.max(highWater, used);
        return s;
      }
      if (cursor == 0) {
        // A chunk too small for this request (sizes grew): replace it.
        chunks.set(chunk, new float[Math.max(chunkFloats, n)]);
        continue;
      }
      chunk++;
      cursor = 0;
    }
  }

  /** Most floats handed out between two resets so far. */
  public long highWaterFloats() {
    return highWater;
  }

  /** Floats held in chunks. */
  public long capacityFloats() {
    long n = 0;
    for (float[] c : chunks) n += c.length;
    return n;
  }

  /** Closing a scope restores the previously installed arena (usually none). */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
