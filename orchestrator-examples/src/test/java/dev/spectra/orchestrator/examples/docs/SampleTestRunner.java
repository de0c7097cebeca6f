package dev.spectra.orchestrator.examples.docs;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.util.Arrays;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the JUnit test classes named on the command line (docs samples, in a child JVM of {@link DocsSamplesTest}),
 * prints the summary and every failure, and exits 1 when a test failed or none was found.
 */
public final class SampleTestRunner {
  private SampleTestRunner() {}

  public static void main(String[] classNames) {
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(Arrays.stream(classNames).map(n -> selectClass(n)).toList()).build();
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    launcher.execute(request, listener);
    TestExecutionSummary summary = listener.getSummary();
    PrintWriter out = new PrintWriter(System.out, true);
    summary.printTo(out);
    summary.printFailuresTo(out, 25);
    out.println("tests found " + summary.getTestsFoundCount() + ", succeeded " + summary.getTestsSucceededCount()
        + ", failed " + summary.getTotalFailureCount());
    System.exit(summary.getTestsFoundCount() == 0 || summary.getTotalFailureCount() > 0
        || summary.getTestsSucceededCount() != summary.getTestsFoundCount() ? 1 : 0);
  }
}
