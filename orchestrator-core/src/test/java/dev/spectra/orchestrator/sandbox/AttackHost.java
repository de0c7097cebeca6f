package dev.spectra.orchestrator.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A JVM that uses the sandbox the way the library does, started by {@link SandboxAttackTest} with a planted secret in
 * its environment, its own working directory (with a {@code .env}) and its own HOME. Modes:
 *
 * <ul>
 *   <li>{@code run <workspace> <command...>}: runs the command to its end and prints its output;
 *   <li>{@code start <workspace> <command...>}: starts it as a service, prints {@code started} and waits to be killed.
 * </ul>
 */
public final class AttackHost {
  private AttackHost() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[1]);
    List<String> command = Arrays.asList(args).subList(2, args.length);
    Sandbox sandbox = SandboxAttackTest.sandbox(root).build();
    if (args[0].equals("run")) {
      Sandbox.Result r = sandbox.run(command, Duration.ofSeconds(60));
      System.out.println(r.output());
      System.out.println(r.errors());
      System.exit(0);
    }
    Sandbox.Child child = sandbox.start(command, root.resolve("service.log"), null);
    System.out.println("started " + child.pid());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
