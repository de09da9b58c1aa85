package orphic.workbench.lexicon;

import java.util.Locale;

/**
 * A directed, typed edge between two terms. Types are upper-case identifiers; the built-in ones
 * are {@link #EVOLVES_TO}, {@link #APPEARS_IN} and {@link #LINKED}; any other name is a custom type.
 */
public record Relation(long id, String from, String type, String to) {
    /** The term becomes the other over the drafts (the lexicon's history). */
    public static final String EVOLVES_TO = "EVOLVES_TO";
    /** The term belongs to a work, scene or other term (e.g. a place). */
    public static final String APPEARS_IN = "APPEARS_IN";
    /** A plain association. */
    public static final String LINKED = "LINKED";

    /** "evolves to", "evolves-to", "EVOLVES_TO" → EVOLVES_TO; refuses anything that is not a name. */
    public static String normaliseType(String type) {
        String t = type == null ? "" : type.strip().toUpperCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
        if (!t.matches("[\\p{Lu}][\\p{Lu}\\p{N}_]*")) {
            throw new IllegalArgumentException("relation type '" + type + "' is not a name: use letters, digits and '_' "
                    + "(built in: EVOLVES_TO, APPEARS_IN, LINKED)");
        }
        return t;
    }
}
