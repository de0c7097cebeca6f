/**
 * Verification, deployment and monitoring of generated code, which is untrusted: the Test, Deploy and Monitor
 * activities for any {@link dev.spectra.orchestrator.stack.TargetStack}, and the SPIs the LLM layer implements.
 *
 * <pre>{@code
 * Orchestrator orchestrator = Orchestrator.builder()
 *     .planActivity(planner).fileGenerator(generator).stack(stack).workspace(Path.of("out/hello"))
 *     .testActivity(StackTestActivity.builder(stack).fixer(fixer).build())
 *     .deployActivity(ProcessDeployer.builder(stack).planner(deploymentPlanner).build())
 *     .monitorActivity(HttpMonitor.builder().diagnoser(diagnoser).build())
 *     .build();
 * }</pre>
 *
 * <ul>
 *   <li>{@link dev.spectra.orchestrator.verify.StackTestActivity}: the stack's tests, its dependency check and quality
 *       gate, and the bounded fix loop over a {@link dev.spectra.orchestrator.verify.FileFixer}.
 *   <li>{@link dev.spectra.orchestrator.verify.ProcessDeployer} (a loopback child process) and
 *       {@link dev.spectra.orchestrator.verify.ExportDeployer} (a spec file), from a
 *       {@link dev.spectra.orchestrator.verify.DeploymentSpec} that a
 *       {@link dev.spectra.orchestrator.verify.DeploymentPlanner} proposes.
 *   <li>{@link dev.spectra.orchestrator.verify.HttpMonitor}: probes and a verdict; a
 *       {@link dev.spectra.orchestrator.verify.Diagnoser} reads the logs of a service that is DOWN.
 *   <li>{@link dev.spectra.orchestrator.verify.JUnitXml}: the test reports every stack's runner writes.
 * </ul>
 *
 * <p>Every child runs in the {@link dev.spectra.orchestrator.sandbox.Sandbox}. Nothing here installs packages or
 * writes outside the workspace. Without a usable toolchain the activities skip (a SKIPPED test report, no deployment)
 * with the stack's install hint.
 */
package dev.spectra.orchestrator.verify;
