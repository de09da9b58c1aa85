package orphic.studio.web;

/**
 * What one request may ask of the studio. Requests beyond a limit get a 4xx JSON error naming the
 * limit (413 too large, 429 too many at once, 400 out of range).
 *
 * @param maxBodyBytes largest request body (default 1 MiB)
 * @param maxPromptChars longest prompt, in characters (default 20,000)
 * @param maxTokens most tokens one generation may ask for (default 2,000)
 * @param maxGenerationsPerClient generations one client (IP address) may run at once (default 2)
 * @param generationWorkers generations computed at once over all clients; more wait their turn (default 2)
 */
public record StudioLimits(int maxBodyBytes, int maxPromptChars, int maxTokens, int maxGenerationsPerClient, int generationWorkers) {
  public StudioLimits {
    if (maxBodyBytes < 1024) throw new IllegalArgumentException("maxBodyBytes must be >= 1024, got " + maxBodyBytes);
    if (maxPromptChars < 1) throw new IllegalArgumentException("maxPromptChars must be >= 1, got " + maxPromptChars);
    if (maxTokens < 1) throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
    if (maxGenerationsPerClient < 1) throw new IllegalArgumentException("maxGenerationsPerClient must be >= 1, got " + maxGenerationsPerClient);
    if (generationWorkers < 1) throw new IllegalArgumentException("generationWorkers must be >= 1, got " + generationWorkers);
  }

  public static StudioLimits defaults() {
    return new StudioLimits(1 << 20, 20_000, 2_000, 2, 2);
  }
}
