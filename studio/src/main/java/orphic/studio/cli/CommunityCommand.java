package orphic.studio.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import orphic.lm.model.CommunityModel;
import orphic.lm.model.ModelDirectory;
import orphic.lm.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orphic community}: a model directory that mixes existing models (e.g. a run's snapshots). */
@Command(name = "community", sortOptions = false,
    description = "Make a community of existing models (their mixture serves sampling and eval), e.g. the snapshots of a run.")
final class CommunityCommand implements Callable<Integer> {
  @Option(names = "--members", arity = "1..*", paramLabel = "DIR", description = "Model directories to mix (same tokenizer and context).")
  List<Path> members;

  @Option(names = "--snapshots-of", paramLabel = "RUN", description = "Use every snapshot kept under RUN/snapshots (train with --snapshots N).")
  Path snapshotsOf;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "The community's model directory (config.json lists the members).")
  Path out;

  @Option(names = "--contrastive", description = "Sample by contrastive decoding: the mixture as expert, the first member"
      + " (the earliest snapshot) as amateur; evaluation still uses the mixture.")
  boolean contrastive;

  @Option(names = "--cd-alpha", paramLabel = "A", defaultValue = "0.1",
      description = "Contrastive decoding: keep tokens with p >= A·max p of the mixture (default ${DEFAULT-VALUE}).")
  double cdAlpha;

  @Option(names = "--cd-beta", paramLabel = "B", defaultValue = "1.0",
      description = "Contrastive decoding: weight of the amateur's log-probability (default ${DEFAULT-VALUE}).")
  double cdBeta;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    List<Path> dirs = new ArrayList<>(members == null ? List.of() : members);
    if (snapshotsOf != null) dirs.addAll(Trainer.snapshots(new ModelDirectory(snapshotsOf)));
    if (dirs.size() < 2) {
      throw new ParameterException(spec.commandLine(), "a community needs at least 2 members: give --members DIR DIR… or --snapshots-of RUN"
          + " (a run trained with --snapshots N); found " + dirs.size());
    }
    if (contrastive && !(cdAlpha > 0 && cdAlpha <= 1)) throw new ParameterException(spec.commandLine(), "--cd-alpha must be in (0, 1], got " + cdAlpha);
    CommunityModel.writeFromDirectories(out, dirs, contrastive ? new double[] {cdAlpha, cdBeta} : null);
    spec.commandLine().getOut().println("wrote " + out + ": a community of " + dirs.size() + " members");
    spec.commandLine().getOut().flush();
    return 0;
  }
}
