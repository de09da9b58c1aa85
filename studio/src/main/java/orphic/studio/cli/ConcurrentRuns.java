package orphic.studio.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Trains the runs of an experiment at the same time, one child process per run, each with an equal
 * share of the threads. On a machine shared with other work, runs trained one after the other see
 * different loads, so "the same wall-clock budget" would not mean the same compute; side by side
 * they share whatever the machine gives. Each child is the same {@code experiment} command narrowed
 * to one variant and one seed (the experiment directory already lets several commands fill it:
 * finished runs are skipped), and its output goes to {@code DIR/<run>.log}. The caller then runs
 * the experiment in-process, which finds every run finished and writes the report.
 *
 * <p>Separate processes rather than threads: the kernels' thread pool and the JIT's profiles are
 * per-JVM, and a run that crashes must not take the others with it.
 */
final class ConcurrentRuns {
  /** Options the children get their own values for. */
  private static final Set<String> REPLACED = Set.of("--variants", "--seeds", "--seed", "--threads", "--concurrent", "--json");

  private ConcurrentRuns() {}

  /**
   * Starts one child per (variant, seed), waits for all, and says which failed.
   *
   * @param originalArgs the subcommand's own arguments, as typed
   * @return the runs whose process exited with a non-zero code (their logs say why)
   */
  static List<String> train(List<String> originalArgs, List<String> variants, int seeds, long firstSeed, int threads, Path out,
      PrintWriter err) throws IOException, InterruptedException {
    Files.createDirectories(out);
    List<String> common = withoutReplaced(originalArgs);
    int runs = variants.size() * seeds;
    int perRun = Math.max(1, threads / runs);
    Map<String, Process> children = new LinkedHashMap<>();
    try {
      for (String v : variants) {
        for (int s = 0; s < seeds; s++) {
          long seed = firstSeed + s;
          String run = v + "-s" + seed;
          List<String> cmd = new ArrayList<>(javaCommand());
          cmd.add("experiment");
          cmd.addAll(common);
          cmd.addAll(List.of("--variants", v, "--seeds", "1", "--seed", Long.toString(seed), "--threads", Integer.toString(perRun)));
          Path log = out.resolve(run + ".log");
          Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
          children.put(run, p);
          err.println("started " + run + " (" + perRun + " thread" + (perRun == 1 ? "" : "s") + ", log " + log + ")");
        }
      }
      err.flush();
      List<String> failed = new ArrayList<>();
      for (var e : children.entrySet()) {
        int code = e.getValue().waitFor();
        err.println(e.getKey() + (code == 0 ? " finished" : " failed (exit " + code + "), see " + out.resolve(e.getKey() + ".log")));
        err.flush();
        if (code != 0) failed.add(e.getKey());
      }
      return failed;
    } finally {
      // Interrupted or failed to start one: do not leave children training in the background.
      // A child asked to stop (SIGTERM) checkpoints first, so rerunning the command continues it.
      for (Process p : children.values()) if (p.isAlive()) p.destroy();
    }
  }

  static List<String> withoutReplaced(List<String> args) {
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
      if (REPLACED.contains(name)) {
        boolean flag = name.equals("--concurrent") || name.equals("--json");
        if (!flag && !a.contains("=")) {
          // skip the option's values: everything up to the next option
          while (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) i++;
        }
        continue;
      }
      kept.add(a);
    }
    return kept;
  }

  /** This JVM's java, the Vector API module and the class path: the children run the same code. */
  private static List<String> javaCommand() {
    String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC", "-Xss4m"));
    // the user's memory settings (ORPHIC_JAVA_OPTS=-Xmx1g …) hold for every child too
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("-Xmx") || a.startsWith("-Xms") || a.startsWith("-XX:MaxRAMPercentage")) cmd.add(a);
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), OrphicCli.class.getName()));
    return cmd;
  }
}
