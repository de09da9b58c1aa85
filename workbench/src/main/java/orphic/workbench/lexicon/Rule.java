package orphic.workbench.lexicon;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A constraint on generated text, written in one line:
 *
 * <pre>
 *   [break] every TRIGGER requires|forbids TARGET|TARGET|… within N words
 *   every debt requires hand|tongue|rib|@body within 6 words
 *   every "salt road" forbids coin|money within 4 words
 *   break every moon requires silver within 3 words
 * </pre>
 *
 * TRIGGER and each TARGET are a word or phrase (quotes optional), or {@code @term}: the lexicon
 * term's name and aliases. Matching is on lower-cased words. For each occurrence of the trigger,
 * the N words on either side are searched for a target: {@code requires} is kept when one is
 * there, {@code forbids} when none is. An enforced rule reports every occurrence where it is not
 * kept; a {@code break} rule (a constraint the writer means to break on purpose) reports every
 * occurrence where it is still kept, i.e. where to break it.
 */
public record Rule(String name, boolean breaking, List<String> trigger, boolean requires, List<String> targets, int window) {
    private static final Pattern SPEC = Pattern.compile(
            "^\\s*(break\\s+)?every\\s+(.+?)\\s+(requires|forbids)\\s+(.+?)\\s+within\\s+(\\d+)\\s+words?\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final String FORMAT = "[break] every TRIGGER requires|forbids TARGET|TARGET… within N words";

    public Rule {
        trigger = List.copyOf(trigger);
        targets = List.copyOf(targets);
        if (window < 0) throw new IllegalArgumentException("rule window must be ≥ 0 words, got " + window);
    }

    /** Parses the one-line format above; errors quote the format. */
    public static Rule parse(String name, String spec) {
        Matcher m = SPEC.matcher(spec == null ? "" : spec);
        if (!m.matches()) {
            throw new IllegalArgumentException("rule '" + name + "' does not read as \"" + FORMAT + "\": " + spec);
        }
        List<String> trigger = parts(m.group(2));
        List<String> targets = parts(m.group(4));
        if (trigger.size() != 1 || targets.isEmpty()) {
            throw new IllegalArgumentException("rule '" + name + "' needs one trigger and at least one target: " + spec);
        }
        int window;
        try {
            window = Integer.parseInt(m.group(5));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("rule '" + name + "' has a window that is not a number: " + m.group(5), e);
        }
        return new Rule(name, m.group(1) != null, trigger, m.group(3).toLowerCase(Locale.ROOT).equals("requires"), targets, window);
    }

    private static List<String> parts(String s) {
        List<String> out = new ArrayList<>();
        for (String p : s.split("\\|")) {
            String t = p.strip();
            if (t.length() >= 2 && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("'") && t.endsWith("'"))) {
                t = t.substring(1, t.length() - 1).strip();
            }
            if (!t.isEmpty()) out.add(t);
        }
        return out;
    }

    /** Checks {@code text}; {@code resolve} turns {@code @name} into surface forms (the lexicon's, usually). */
    public List<RuleFinding> check(String text, Function<String, List<String>> resolve) {
        List<Words.Word> words = Words.of(text);
        List<List<String>> triggerForms = expand(trigger, resolve);
        List<List<String>> targetForms = expand(targets, resolve);
        List<RuleFinding> out = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            List<String> form = firstMatch(words, i, triggerForms);
            if (form == null) continue;
            int end = i + form.size();
            int lo = Math.max(0, i - window);
            int hi = Math.min(words.size(), end + window);
            String found = null;
            for (int j = lo; j < hi && found == null; j++) {
                if (j >= i && j < end) continue; // the trigger itself
                for (List<String> t : targetForms) {
                    boolean inside = j + t.size() <= hi && (j + t.size() <= i || j >= end);
                    if (inside && Words.matchesAt(words, j, t)) {
                        found = text.substring(words.get(j).start(), words.get(j + t.size() - 1).end());
                        break;
                    }
                }
            }
            boolean kept = requires == (found != null);
            String occurrence = text.substring(words.get(i).start(), words.get(end - 1).end());
            if (kept == breaking) {
                String what = found == null ? "has no " + String.join("|", targets) : "has \"" + found + "\"";
                String message = "\"" + occurrence + "\" at " + words.get(i).start() + " " + what + " within " + window + " words"
                        + (breaking ? ": the rule still holds here, break it" : "");
                out.add(new RuleFinding(name, occurrence, words.get(i).start(), message));
            }
            i = end - 1;
        }
        return out;
    }

    private static List<String> firstMatch(List<Words.Word> words, int i, List<List<String>> forms) {
        for (List<String> f : forms) {
            if (Words.matchesAt(words, i, f)) return f;
        }
        return null;
    }

    /** Phrases as word lists, {@code @refs} resolved, longest first so "salt road" beats "salt". */
    private static List<List<String>> expand(List<String> items, Function<String, List<String>> resolve) {
        List<List<String>> out = new ArrayList<>();
        for (String item : items) {
            List<String> surface = item.startsWith("@") ? resolve.apply(item.substring(1)) : List.of(item);
            for (String s : surface) {
                List<String> p = Words.phrase(s);
                if (!p.isEmpty() && !out.contains(p)) out.add(p);
            }
        }
        out.sort((a, b) -> b.size() - a.size());
        return out;
    }

    /** The rule in its one-line format. */
    public String spec() {
        return (breaking ? "break " : "") + "every " + trigger.getFirst() + (requires ? " requires " : " forbids ")
                + String.join("|", targets) + " within " + window + " words";
    }
}
