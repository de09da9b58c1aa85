package orphic.studio.web;

import java.util.concurrent.ConcurrentHashMap;

/** Counts each client's running generations and refuses one past the limit (429). Thread-safe. */
final class ClientGate {
  private final int limit;
  private final ConcurrentHashMap<String, Integer> running = new ConcurrentHashMap<>();

  ClientGate(int limit) {
    this.limit = limit;
  }

  /** Takes a slot for the client, or throws 429 when it already holds the limit. */
  void enter(String client) {
    boolean[] ok = {false};
    running.compute(client, (k, n) -> {
      int now = n == null ? 0 : n;
      if (now >= limit) return now;
      ok[0] = true;
      return now + 1;
    });
    if (!ok[0]) {
      throw new ApiError(429, "too many generations at once from this client (limit " + limit + ")",
          "wait for one to finish, or stop it, then continue again");
    }
  }

  void leave(String client) {
    running.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
  }

  /** Slots held over every client. */
  int held() {
    int n = 0;
    for (int v : running.values()) n += v;
    return n;
  }
}
