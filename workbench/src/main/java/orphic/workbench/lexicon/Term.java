package orphic.workbench.lexicon;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A term of the mythic lexicon: its name, what it means, other spellings, and when it activates.
 *
 * @param id database id (0 for a term not stored)
 */
public record Term(long id, String name, String definition, List<String> aliases, Activation activation) {
    public Term {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a lexicon term needs a non-blank name");
        }
        name = name.strip();
        definition = definition == null ? "" : definition;
        aliases = aliases == null ? List.of() : aliases.stream().map(String::strip).filter(a -> !a.isEmpty()).toList();
        activation = activation == null ? Activation.DEFAULT : activation;
    }

    /** A term not (yet) stored. */
    public static Term of(String name, String definition, List<String> aliases, Activation activation) {
        return new Term(0, name, definition, aliases, activation);
    }

    /** The name followed by the aliases: the term's surface forms. */
    public List<String> forms() {
        List<String> out = new ArrayList<>(aliases.size() + 1);
        out.add(name);
        out.addAll(aliases);
        return out;
    }

    /** The primary keys: the explicit ones, or else the surface forms. */
    public List<String> effectiveKeys() {
        return activation.keys().isEmpty() ? forms() : activation.keys();
    }

    /** The text primed when the term fires. */
    public String primingText() {
        if (activation.content() != null) return activation.content();
        return definition.isBlank() ? name : name + ": " + definition;
    }
}
