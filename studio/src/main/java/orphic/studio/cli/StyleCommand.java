package orphic.studio.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import orphic.workbench.style.StyleCorpus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orphic style}: the style space and detector (docs/style.md). */
@Command(name = "style", sortOptions = false,
    description = "Styles from labelled corpora: train a style space, detect the style of a text, evaluate.",
    commandListHeading = "%nSubcommands:%n",
    subcommands = {StyleTrainCommand.class, StyleDetectCommand.class, StyleEvalCommand.class, StyleSweepCommand.class})
final class StyleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing subcommand: choose train, detect, eval or sweep");
  }

  /** Parses the repeated {@code --style NAME=FILE[,FILE]} options; a bad one is a usage error. */
  static List<StyleCorpus> corpora(CommandSpec spec, List<String> specs) {
    List<StyleCorpus> out = new ArrayList<>();
    for (String s : specs) {
      try {
        out.add(StyleCorpus.parse(s));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    return out;
  }
}
