package orphic.lm.experiment;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import orphic.engine.kernel.Parallel;

/** What a reader needs to judge timings: processors, kernel threads, CPU model, JDK, OS, memory. */
record MachineFacts(int cores, int threads, String cpu, String jdk, String os, long maxHeapMb) {
  static MachineFacts current() {
    String cpu = "unknown";
    try {
      Path info = Path.of("/proc/cpuinfo");
      if (Files.isReadable(info)) {
        cpu = Files.readAllLines(info).stream().filter(l -> l.startsWith("model name")).findFirst()
            .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
      }
    } catch (IOException | RuntimeException ignored) {
      // the CPU model is a nicety; other platforms have no /proc
    }
    String jdk = System.getProperty("java.vm.vendor", "?") + " " + System.getProperty("java.runtime.version", System.getProperty("java.version"));
    String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
    return new MachineFacts(Runtime.getRuntime().availableProcessors(), Parallel.threads(), cpu, jdk, os,
        Runtime.getRuntime().maxMemory() / (1024 * 1024));
  }

  String oneLine() {
    return String.format(Locale.ROOT, "%d cores (%d kernel threads), %s; JDK %s; %s; max heap %,d MB", cores, threads, cpu, jdk, os, maxHeapMb);
  }

  ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("cores", cores);
    o.put("threads", threads);
    o.put("cpu", cpu);
    o.put("jdk", jdk);
    o.put("os", os);
    o.put("max_heap_mb", maxHeapMb);
    return o;
  }
}
