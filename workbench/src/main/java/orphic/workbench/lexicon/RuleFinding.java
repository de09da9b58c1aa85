package orphic.workbench.lexicon;

/**
 * One place where a rule speaks: a violation of an enforced rule, or (for a rule meant to be
 * broken) a place where the constraint still holds.
 *
 * @param rule the rule's name
 * @param trigger the trigger occurrence as written in the text
 * @param position its character offset
 * @param message what is wrong, in words
 */
public record RuleFinding(String rule, String trigger, int position, String message) {}
