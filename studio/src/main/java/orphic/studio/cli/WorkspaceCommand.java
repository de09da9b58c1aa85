package orphic.studio.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import orphic.workbench.store.ArchiveLimits;
import orphic.workbench.store.Workspace;
import orphic.workbench.store.WorkspaceArchive;
import orphic.workbench.store.WorkspaceException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code orphic workspace init|export|import}: create a workspace, write it to one portable
 * archive, and recreate it from one (docs/workspace.md). With {@code --json} the last stdout line
 * is {@code {"workspace", "schema_version", …}}.
 */
@Command(name = "workspace", sortOptions = false,
    description = "Create, export and import a workspace (orphic.db + models/ + indexes/).",
    commandListHeading = "%nCommands:%n",
    subcommands = {WorkspaceCommand.Init.class, WorkspaceCommand.Export.class, WorkspaceCommand.Import.class})
final class WorkspaceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command: choose init, export or import");
  }

  /** Runs {@code body}, turning workspace errors into user-facing failures. */
  static <T> T guarded(java.util.function.Supplier<T> body) {
    try {
      return body.get();
    } catch (WorkspaceException e) {
      throw new CommandFailure(e.getMessage());
    }
  }

  @Command(name = "init", description = "Create a workspace in DIR (or upgrade the schema of an existing one).")
  static final class Init implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The workspace folder (created if missing).")
    Path dir;

    @Option(names = "--json", description = "Last stdout line: {\"workspace\", \"schema_version\"}.")
    boolean json;

    @Override
    public Integer call() {
      return guarded(() -> {
        try (Workspace ws = Workspace.init(dir)) {
          PrintWriter out = spec.commandLine().getOut();
          if (json) {
            ObjectNode o = JsonLine.object();
            o.put("workspace", ws.root().toString());
            o.put("schema_version", ws.schemaVersion());
            JsonLine.print(out, o);
          } else {
            out.println("workspace ready: " + ws.root() + " (schema version " + ws.schemaVersion() + ")");
          }
          return 0;
        }
      });
    }
  }

  @Command(name = "export", description = "Write the workspace to one zip archive (a consistent snapshot of the database, models, indexes).")
  static final class Export implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The workspace folder.")
    Path dir;

    @Option(names = "--out", required = true, paramLabel = "FILE.zip", description = "The archive to write (replaced atomically).")
    Path out;

    @Option(names = "--json", description = "Last stdout line: {\"archive\", \"schema_version\", \"files\", \"bytes\"}.")
    boolean json;

    @Override
    public Integer call() {
      return guarded(() -> {
        try (Workspace ws = Workspace.open(dir)) {
          WorkspaceArchive.ExportResult r = WorkspaceArchive.export(ws, out);
          PrintWriter o = spec.commandLine().getOut();
          if (json) {
            ObjectNode j = JsonLine.object();
            j.put("archive", r.archive().toString());
            j.put("schema_version", r.schemaVersion());
            j.put("files", r.files());
            j.put("bytes", r.bytes());
            JsonLine.print(o, j);
          } else {
            o.printf("exported %s to %s: %d files, %d bytes, schema version %d%n", ws.root(), r.archive(), r.files(), r.bytes(), r.schemaVersion());
          }
          return 0;
        }
      });
    }
  }

  @Command(name = "import", description = "Create a workspace from an archive; refuses newer schemas, unsafe paths and oversized content.")
  static final class Import implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE.zip", description = "An archive written by 'orphic workspace export'.")
    Path zip;

    @Option(names = "--into", required = true, paramLabel = "DIR", description = "The new workspace folder (must not exist, or be empty).")
    Path into;

    @Option(names = "--max-entries", paramLabel = "N", description = "Refuse archives with more entries (default: 100000).")
    Integer maxEntries;

    @Option(names = "--max-bytes", paramLabel = "BYTES", description = "Refuse archives that inflate to more (default: 32 GiB).")
    Long maxBytes;

    @Option(names = "--json", description = "Last stdout line: {\"workspace\", \"archive_schema_version\", \"schema_version\", \"files\", \"bytes\"}.")
    boolean json;

    @Override
    public Integer call() {
      ArchiveLimits d = ArchiveLimits.DEFAULT;
      ArchiveLimits limits = new ArchiveLimits(maxEntries == null ? d.maxEntries() : maxEntries,
          maxBytes == null ? d.maxEntryBytes() : Math.min(maxBytes, d.maxEntryBytes()), maxBytes == null ? d.maxTotalBytes() : maxBytes);
      return guarded(() -> {
        WorkspaceArchive.ImportResult r = WorkspaceArchive.importArchive(zip, into, limits);
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
          ObjectNode j = JsonLine.object();
          j.put("workspace", r.workspace().toString());
          j.put("archive_schema_version", r.archiveSchemaVersion());
          j.put("schema_version", r.schemaVersion());
          j.put("files", r.files());
          j.put("bytes", r.bytes());
          JsonLine.print(o, j);
        } else {
          o.printf("imported %s into %s: %d files, %d bytes, schema version %d%s%n", zip, r.workspace(), r.files(), r.bytes(),
              r.schemaVersion(), r.archiveSchemaVersion() < r.schemaVersion() ? " (upgraded from " + r.archiveSchemaVersion() + ")" : "");
        }
        return 0;
      });
    }
  }
}
