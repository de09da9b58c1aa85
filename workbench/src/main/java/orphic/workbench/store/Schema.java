package orphic.workbench.store;

import java.util.List;

/**
 * Every table of a workspace, as the ordered list of migrations that builds it: the one place
 * where packages contribute their tables. To add a feature's tables, append a {@link Migration}
 * with the next id at the end of {@link #MIGRATIONS}; never edit or reorder a migration that has
 * shipped (workspaces on disk have already applied it). Tables are named after their package
 * ({@code lexicon_terms}, {@code moodboard_fragments}, …) so features do not collide.
 *
 * <p>Conventions: timestamps are ISO-8601 UTC text ({@code strftime('%Y-%m-%dT%H:%M:%fZ')});
 * JSON columns are text holding one JSON object; foreign keys say what happens on delete.
 */
public final class Schema {
    private Schema() {}

    private static final String NOW = "(strftime('%Y-%m-%dT%H:%M:%fZ','now'))";

    public static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "documents and loom branches", """
                    CREATE TABLE documents (
                      id INTEGER PRIMARY KEY,
                      title TEXT NOT NULL,
                      text TEXT NOT NULL DEFAULT '',
                      settings TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings)),
                      created TEXT NOT NULL DEFAULT %1$s,
                      updated TEXT NOT NULL DEFAULT %1$s
                    );
                    CREATE TABLE branches (
                      id INTEGER PRIMARY KEY,
                      document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                      parent_id INTEGER REFERENCES branches(id) ON DELETE CASCADE,
                      text TEXT NOT NULL,
                      created TEXT NOT NULL DEFAULT %1$s,
                      metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata))
                    );
                    CREATE INDEX branches_by_document ON branches(document_id);
                    CREATE INDEX branches_by_parent ON branches(parent_id);
                    """.formatted(NOW)),
            new Migration(2, "mythic lexicon: terms, relations, rules", """
                    CREATE TABLE lexicon_terms (
                      id INTEGER PRIMARY KEY,
                      name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                      definition TEXT NOT NULL DEFAULT '',
                      aliases TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(aliases)),
                      activation TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(activation)),
                      created TEXT NOT NULL DEFAULT %1$s,
                      updated TEXT NOT NULL DEFAULT %1$s
                    );
                    CREATE TABLE lexicon_relations (
                      id INTEGER PRIMARY KEY,
                      from_id INTEGER NOT NULL REFERENCES lexicon_terms(id) ON DELETE CASCADE,
                      type TEXT NOT NULL CHECK (length(type) > 0),
                      to_id INTEGER NOT NULL REFERENCES lexicon_terms(id) ON DELETE CASCADE,
                      created TEXT NOT NULL DEFAULT %1$s,
                      UNIQUE (from_id, type, to_id)
                    );
                    CREATE INDEX lexicon_relations_by_to ON lexicon_relations(to_id, type);
                    CREATE TABLE lexicon_rules (
                      id INTEGER PRIMARY KEY,
                      name TEXT NOT NULL UNIQUE,
                      spec TEXT NOT NULL,
                      created TEXT NOT NULL DEFAULT %1$s
                    );
                    """.formatted(NOW)),
            new Migration(3, "mood board: boards (incl. failure gardens) and fragments", """
                    CREATE TABLE moodboard_boards (
                      id INTEGER PRIMARY KEY,
                      name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) > 0),
                      kind TEXT NOT NULL DEFAULT 'board' CHECK (kind IN ('board', 'failure_garden')),
                      created TEXT NOT NULL DEFAULT %1$s
                    );
                    CREATE TABLE moodboard_fragments (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      board_id INTEGER NOT NULL REFERENCES moodboard_boards(id) ON DELETE CASCADE,
                      kind TEXT NOT NULL CHECK (kind IN ('text', 'image')),
                      text TEXT NOT NULL DEFAULT '',
                      path TEXT CHECK (kind <> 'image' OR path IS NOT NULL),
                      tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
                      auto_tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(auto_tags)),
                      source TEXT,
                      embedding BLOB,
                      embedder TEXT,
                      created TEXT NOT NULL DEFAULT %1$s
                    );
                    CREATE INDEX moodboard_fragments_by_board ON moodboard_fragments(board_id);
                    """.formatted(NOW)));

    /** The schema version this code writes: the id of the last migration. */
    public static int latestVersion() {
        return MIGRATIONS.getLast().id();
    }
}
