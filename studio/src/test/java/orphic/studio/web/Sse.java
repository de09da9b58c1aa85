package orphic.studio.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads a Server-Sent Events stream: strict about the format (event line, one data line of JSON, blank line). */
final class Sse implements AutoCloseable {
  record Event(String name, JsonNode data) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final BufferedReader in;

  Sse(InputStream in) {
    this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  /** The next event, or null at the end of the stream; comments (": …") are skipped. */
  Event next() throws IOException {
    String name = null;
    String data = null;
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isEmpty()) {
        if (name == null && data == null) continue;
        if (name == null || data == null) throw new IOException("event without a name or data: " + name + " / " + data);
        return new Event(name, JSON.readTree(data));
      }
      if (line.startsWith(":")) continue;
      if (line.startsWith("event: ")) {
        if (name != null) throw new IOException("two event lines in one event");
        name = line.substring(7);
      } else if (line.startsWith("data: ")) {
        if (data != null) throw new IOException("two data lines in one event");
        data = line.substring(6);
      } else {
        throw new IOException("not an SSE line: " + line);
      }
    }
    return null;
  }

  List<Event> all() throws IOException {
    List<Event> out = new ArrayList<>();
    for (Event e = next(); e != null; e = next()) out.add(e);
    return out;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
