package orphic.studio.web;

import java.util.Map;

/**
 * A text the writer works on.
 *
 * @param id stable identifier (lower-case letters and digits)
 * @param title shown in the document list
 * @param text the editor's content
 * @param settings the page's controls for this document (sampler preset and parameters, model,
 *     length), kept as given so the page can add controls without a schema change
 * @param head the loom node the editor last showed, or null
 * @param created creation time, milliseconds since the epoch
 * @param updated last change, milliseconds since the epoch
 */
public record Document(String id, String title, String text, Map<String, Object> settings, String head, long created, long updated) {
  public Document {
    settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
    title = title == null ? "" : title;
    text = text == null ? "" : text;
  }
}
