package orphic.workbench.store;

import java.util.Objects;

/**
 * One step of the workspace schema: applied once, in id order, inside its own transaction, and
 * recorded in {@code schema_version}. A shipped migration is never edited; a change to a table is a
 * new migration appended to {@link Schema#MIGRATIONS}.
 *
 * @param id position in the sequence, 1, 2, 3, … without gaps
 * @param description one line saying what it adds (stored with the version)
 * @param sql one or more SQL statements separated by semicolons at line ends
 */
public record Migration(int id, String description, String sql) {
    public Migration {
        if (id < 1) {
            throw new IllegalArgumentException("migration ids start at 1, got " + id);
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(sql, "sql");
    }

    /** The statements of {@link #sql}, split at semicolons that end a line. */
    public String[] statements() {
        return java.util.Arrays.stream(sql.split(";\\s*(\\R|$)"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toArray(String[]::new);
    }
}
