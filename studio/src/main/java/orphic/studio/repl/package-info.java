/**
 * The interactive REPL ({@code orphic repl}): {@link orphic.studio.repl.Repl} (the loop, with an
 * injectable {@link orphic.studio.repl.ReplConsole}: JLine on a terminal, a plain reader for
 * pipes and tests), {@link orphic.studio.repl.ReplCommands} (slash commands: haze's, mapped onto
 * the sampler chain, and ours), {@link orphic.studio.repl.ReplState} (what they change) and
 * {@link orphic.studio.repl.ReplGenerator} (the model, streaming through the generation loop).
 * See docs/repl.md.
 */
package orphic.studio.repl;
