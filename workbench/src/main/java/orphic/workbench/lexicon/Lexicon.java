package orphic.workbench.lexicon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import orphic.workbench.store.Workspace;
import orphic.workbench.store.WorkspaceException;

/**
 * The mythic lexicon of a workspace: terms ({@code lexicon_terms}), typed relations between them
 * ({@code lexicon_relations}) and rules ({@code lexicon_rules}). Graph questions are answered by
 * recursive CTEs in SQLite: {@link #evolvesInto} (everything a term becomes, transitively) and
 * {@link #neighbourhood} (terms within k hops, either direction).
 */
public final class Lexicon {
    /** Relation walks stop at this depth even when asked for more (cycles are cut anyway). */
    public static final int MAX_DEPTH = 64;

    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Workspace workspace;

    public Lexicon(Workspace workspace) {
        this.workspace = workspace;
    }

    /** A term reached by a walk, with its distance in hops. */
    public record Reached(Term term, int depth) {}

    // ---- terms ----

    /** Adds the term, or replaces definition, aliases and activation of the one with that name. */
    public Term put(Term term) {
        return workspace.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO lexicon_terms(name, definition, aliases, activation) VALUES (?, ?, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET definition = excluded.definition, aliases = excluded.aliases,
                      activation = excluded.activation, updated = strftime('%Y-%m-%dT%H:%M:%fZ','now')""")) {
                ps.setString(1, term.name());
                ps.setString(2, term.definition());
                ps.setString(3, write(term.aliases()));
                ps.setString(4, write(term.activation()));
                ps.executeUpdate();
            }
            return find(term.name()).orElseThrow();
        });
    }

    /** The term with this name (case-insensitive), or else the first whose alias it is. */
    public Optional<Term> find(String nameOrAlias) {
        List<Term> byName = query("SELECT " + COLUMNS + " FROM lexicon_terms WHERE name = ? COLLATE NOCASE", nameOrAlias);
        if (!byName.isEmpty()) return Optional.of(byName.getFirst());
        List<Term> byAlias = query("SELECT " + COLUMNS_T + " FROM lexicon_terms t, json_each(t.aliases) a"
                + " WHERE a.value = ? COLLATE NOCASE ORDER BY t.id LIMIT 1", nameOrAlias);
        return byAlias.isEmpty() ? Optional.empty() : Optional.of(byAlias.getFirst());
    }

    /** The term, or an error naming the lexicon command that lists them. */
    public Term require(String nameOrAlias) {
        return find(nameOrAlias).orElseThrow(() -> new WorkspaceException("no lexicon term or alias '" + nameOrAlias
                + "' in " + workspace.root() + " (see 'orphic lexicon list')"));
    }

    /** Every term, by name. */
    public List<Term> list() {
        return query("SELECT " + COLUMNS + " FROM lexicon_terms ORDER BY name COLLATE NOCASE", null);
    }

    /** Removes the term and (cascade) its relations; false if there was none. */
    public boolean remove(String name) {
        return workspace.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM lexicon_terms WHERE name = ? COLLATE NOCASE")) {
                ps.setString(1, name);
                return ps.executeUpdate() > 0;
            }
        });
    }

    // ---- relations ----

    /** Adds {@code from -type-> to} (idempotent); type is normalised ("evolves to" → EVOLVES_TO). */
    public Relation relate(String from, String type, String to) {
        String t = Relation.normaliseType(type);
        return workspace.inTransaction(c -> {
            Term a = require(from);
            Term b = require(to);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO lexicon_relations(from_id, type, to_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setLong(1, a.id());
                ps.setString(2, t);
                ps.setLong(3, b.id());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM lexicon_relations WHERE from_id = ? AND type = ? AND to_id = ?")) {
                ps.setLong(1, a.id());
                ps.setString(2, t);
                ps.setLong(3, b.id());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Relation(rs.getLong(1), a.name(), t, b.name());
                }
            }
        });
    }

    /** Removes a relation; false if there was none. */
    public boolean unrelate(String from, String type, String to) {
        String t = Relation.normaliseType(type);
        return workspace.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    DELETE FROM lexicon_relations WHERE type = ?
                      AND from_id = (SELECT id FROM lexicon_terms WHERE name = ? COLLATE NOCASE)
                      AND to_id = (SELECT id FROM lexicon_terms WHERE name = ? COLLATE NOCASE)""")) {
                ps.setString(1, t);
                ps.setString(2, from);
                ps.setString(3, to);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** Relations touching the term, in either direction. */
    public List<Relation> relations(String name) {
        long id = require(name).id();
        return relationsWhere("r.from_id = " + id + " OR r.to_id = " + id);
    }

    /** Every relation between two terms of the given set (for drawing a neighbourhood). */
    public List<Relation> relationsAmong(Collection<Term> terms) {
        if (terms.isEmpty()) return List.of();
        StringBuilder ids = new StringBuilder();
        for (Term t : terms) {
            if (!ids.isEmpty()) ids.append(',');
            ids.append(t.id());
        }
        return relationsWhere("r.from_id IN (" + ids + ") AND r.to_id IN (" + ids + ")");
    }

    private List<Relation> relationsWhere(String where) {
        return workspace.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT r.id, f.name, r.type, t.name FROM lexicon_relations r
                      JOIN lexicon_terms f ON f.id = r.from_id JOIN lexicon_terms t ON t.id = r.to_id
                    WHERE %s ORDER BY f.name COLLATE NOCASE, r.type, t.name COLLATE NOCASE""".formatted(where));
                 ResultSet rs = ps.executeQuery()) {
                List<Relation> out = new ArrayList<>();
                while (rs.next()) out.add(new Relation(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                return out;
            }
        });
    }

    /**
     * Everything the term turns into along {@code EVOLVES_TO} edges, transitively, each with its
     * shortest distance; the term itself is left out (even when a cycle leads back to it).
     */
    public List<Reached> evolvesInto(String name) {
        return reachable(name, Relation.EVOLVES_TO, MAX_DEPTH);
    }

    /** Terms reachable from {@code name} along edges of {@code type}, following their direction, within maxDepth hops. */
    public List<Reached> reachable(String name, String type, int maxDepth) {
        Term start = require(name);
        String t = Relation.normaliseType(type);
        int depth = Math.min(Math.max(maxDepth, 0), MAX_DEPTH);
        // UNION (not UNION ALL) drops repeated (id, depth) rows; the depth bound ends cycles
        return reachedQuery("""
                WITH RECURSIVE walk(id, depth) AS (
                  SELECT ?, 0
                  UNION
                  SELECT r.to_id, w.depth + 1 FROM lexicon_relations r JOIN walk w ON r.from_id = w.id
                  WHERE r.type = ? AND w.depth < ?
                )
                SELECT %s, min(w.depth) AS d FROM walk w JOIN lexicon_terms t ON t.id = w.id
                WHERE w.id <> ? GROUP BY t.id ORDER BY d, t.name COLLATE NOCASE""".formatted(COLUMNS_T), ps -> {
            ps.setLong(1, start.id());
            ps.setString(2, t);
            ps.setInt(3, depth);
            ps.setLong(4, start.id());
        });
    }

    /**
     * Terms within {@code k} hops of {@code name} over relations of the given types (all types when
     * empty), in either direction, with their distance; the term itself is at depth 0.
     */
    public List<Reached> neighbourhood(String name, int k, Collection<String> types) {
        Term start = require(name);
        int depth = Math.min(Math.max(k, 0), MAX_DEPTH);
        List<String> ts = types == null ? List.of() : types.stream().map(Relation::normaliseType).toList();
        String filter = ts.isEmpty() ? "" : " WHERE type IN (" + String.join(",", ts.stream().map(x -> "?").toList()) + ")";
        return reachedQuery("""
                WITH RECURSIVE edges(a, b) AS (
                  SELECT from_id, to_id FROM lexicon_relations%1$s
                  UNION ALL
                  SELECT to_id, from_id FROM lexicon_relations%1$s
                ), walk(id, depth) AS (
                  SELECT ?, 0
                  UNION
                  SELECT e.b, w.depth + 1 FROM edges e JOIN walk w ON e.a = w.id WHERE w.depth < ?
                )
                SELECT %2$s, min(w.depth) AS d FROM walk w JOIN lexicon_terms t ON t.id = w.id
                GROUP BY t.id ORDER BY d, t.name COLLATE NOCASE""".formatted(filter, COLUMNS_T), ps -> {
            int i = 1;
            for (int rep = 0; rep < 2; rep++) {
                for (String x : ts) ps.setString(i++, x);
            }
            ps.setLong(i++, start.id());
            ps.setInt(i, depth);
        });
    }

    // ---- rules ----

    /** Stores a rule under a name (replacing one of the same name); the spec is parsed first. */
    public Rule putRule(String name, String spec) {
        Rule rule = Rule.parse(name, spec);
        workspace.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO lexicon_rules(name, spec) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET spec = excluded.spec")) {
                ps.setString(1, name);
                ps.setString(2, spec);
                return ps.executeUpdate();
            }
        });
        return rule;
    }

    public List<Rule> rules() {
        return workspace.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name, spec FROM lexicon_rules ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                List<Rule> out = new ArrayList<>();
                while (rs.next()) out.add(Rule.parse(rs.getString(1), rs.getString(2)));
                return out;
            }
        });
    }

    /** Expands {@code @name} in rules to the term's surface forms (name and aliases). */
    public Function<String, List<String>> formsResolver() {
        return ref -> find(ref).map(Term::forms).orElseThrow(() -> new WorkspaceException(
                "rule refers to @" + ref + " but the lexicon has no such term (add it with 'orphic lexicon add')"));
    }

    // ---- rows ----

    private static final String COLUMNS = "id, name, definition, aliases, activation";
    private static final String COLUMNS_T = "t.id, t.name, t.definition, t.aliases, t.activation";

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<Term> query(String sql, String arg) {
        return workspace.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (arg != null) ps.setString(1, arg);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Term> out = new ArrayList<>();
                    while (rs.next()) out.add(row(rs));
                    return out;
                }
            }
        });
    }

    private List<Reached> reachedQuery(String sql, Binder binder) {
        return workspace.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Reached> out = new ArrayList<>();
                    while (rs.next()) out.add(new Reached(row(rs), rs.getInt(6)));
                    return out;
                }
            }
        });
    }

    private static Term row(ResultSet rs) throws SQLException {
        return new Term(rs.getLong(1), rs.getString(2), rs.getString(3),
                read(rs.getString(4), new TypeReference<List<String>>() {}), read(rs.getString(5), new TypeReference<Activation>() {}));
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write lexicon JSON: " + e.getMessage(), e);
        }
    }

    static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new WorkspaceException("a lexicon row holds unreadable JSON (" + e.getOriginalMessage() + "): " + json, e);
        }
    }
}
