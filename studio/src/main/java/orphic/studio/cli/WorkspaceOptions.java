package orphic.studio.cli;

import java.nio.file.Path;
import java.util.function.Function;
import orphic.workbench.store.Workspace;
import picocli.CommandLine.Option;

/**
 * {@code --workspace DIR} and {@code --json}, shared by the commands that work on a workspace
 * (lexicon, board, …); their own option classes extend it with a way into their part of it.
 */
class WorkspaceOptions {
  @Option(names = "--workspace", paramLabel = "DIR", defaultValue = "${env:ORPHIC_WORKSPACE:-workspace}",
      description = "The workspace (default: $ORPHIC_WORKSPACE, else ./workspace).")
  Path workspace;

  @Option(names = "--json", description = "Last stdout line: one JSON object.")
  boolean json;

  /** Opens the workspace for {@code body}, turning workspace failures into messages for the user. */
  <T> T withWorkspace(Function<Workspace, T> body) {
    return WorkspaceCommand.guarded(() -> {
      try (Workspace ws = Workspace.open(workspace)) {
        return body.apply(ws);
      }
    });
  }
}
