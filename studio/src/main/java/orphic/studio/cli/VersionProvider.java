package orphic.studio.cli;

import jdk.incubator.vector.FloatVector;
import orphic.engine.kernel.Parallel;
import picocli.CommandLine.IVersionProvider;

/** {@code orphic --version}: the build, the JVM, and what the kernels will use. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = OrphicCli.class.getPackage().getImplementationVersion();
    return new String[] {
      "orphic " + (v == null ? "(development build)" : v),
      "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
      "kernels: threads " + Parallel.threads() + ", " + FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit vectors",
    };
  }
}
