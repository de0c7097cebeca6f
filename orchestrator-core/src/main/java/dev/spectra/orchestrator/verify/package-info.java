/**
 * Verification, deployment and monitoring of generated code, which is untrusted: the Test, Deploy and Monitor
 * activities of the python-fastapi stack, the sandbox they run children in, and the SPIs the LLM layer implements.
 *
 * <pre>{@code
 * PythonToolchain python = PythonToolchain.discover();          // SPECTRA_PYTHON, python3 on PATH, /usr/bin/python3
 * Orchestrator orchestrator = Orchestrator.builder()
 *     .planActivity(planner).fileGenerator(generator).stack(profile).workspace(Path.of("out/hello"))
 *     .testActivity(PytestActivity.builder().python(python).fixer(fixer).build())
 *     .deployActivity(UvicornDeployer.builder().python(python).planner(deploymentPlanner).build())
 *     .monitorActivity(HttpMonitor.builder().diagnoser(diagnoser).build())
 *     .build();
 * }</pre>
 *
 * <ul>
 *   <li>{@link dev.spectra.orchestrator.verify.PythonToolchain}: interpreter discovery and the versions a stack
 *       profile pins.
 *   <li>{@link dev.spectra.orchestrator.verify.PytestActivity}: pytest, the dependency guard, the
 *       {@link dev.spectra.orchestrator.verify.QualityGate} and the bounded fix loop over a
 *       {@link dev.spectra.orchestrator.verify.FileFixer}.
 *   <li>{@link dev.spectra.orchestrator.verify.UvicornDeployer} (a loopback child process) and
 *       {@link dev.spectra.orchestrator.verify.ExportDeployer} (a spec file), from a
 *       {@link dev.spectra.orchestrator.verify.DeploymentSpec} that a
 *       {@link dev.spectra.orchestrator.verify.DeploymentPlanner} proposes.
 *   <li>{@link dev.spectra.orchestrator.verify.HttpMonitor}: probes and a verdict; a
 *       {@link dev.spectra.orchestrator.verify.Diagnoser} reads the logs of a service that is DOWN.
 *   <li>{@link dev.spectra.orchestrator.sandbox.Sandbox}: every child process, ours or generated, runs under it.
 * </ul>
 *
 * <p>Nothing here installs packages or writes outside the workspace. Without a usable interpreter the activities
 * skip (a SKIPPED test report, no deployment) with {@link dev.spectra.orchestrator.verify.PythonToolchain#INSTALL_HINT}.
 * Process tracking by session and the detection of non-loopback listeners need Linux ({@code /proc}, util-linux
 * {@code setsid}); elsewhere the sandbox falls back to killing descendants and cannot detect listeners.
 */
package dev.spectra.orchestrator.verify;
