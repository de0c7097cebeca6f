package dev.spectra.orchestrator.sandbox;

import java.nio.file.Path;
import java.util.List;

/**
 * Run in its own JVM by {@link SandboxTest#jvmExitKillsEveryLiveTree}: starts a sandboxed child (which forks a
 * grandchild), prints the child's pid and exits without stopping it; the shutdown hook must kill the tree.
 */
public final class SandboxExitProbe {
  private SandboxExitProbe() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    Sandbox.Child child = (args.length > 1 ? SandboxTest.unisolated(root) : Sandbox.builder(root)).build().start(
        List.of("/bin/sh", "-c", "(/bin/sleep 600 & echo $! > grandchild.pid); exec /bin/sleep 600"), root.resolve("exit.log"), null);
    while (!java.nio.file.Files.exists(root.resolve("grandchild.pid"))) {
      Thread.sleep(10);
    }
    System.out.println(child.pid());
    System.exit(0);
  }
}
