package orphic.workbench.store;

/**
 * A text being written: title, body, and its settings (a JSON object, e.g. sampler settings and
 * active lexicon). Timestamps are ISO-8601 UTC.
 */
public record Document(long id, String title, String text, String settingsJson, String created, String updated) {}
