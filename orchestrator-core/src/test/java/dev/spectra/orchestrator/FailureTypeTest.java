package dev.spectra.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailureTypeTest {
  @TempDir
  Path dir;

  /** An exception with a finer kind than its class, as a provider's rejected key is. */
  static final class KeyRejected extends OrchestratorException {
    private static final long serialVersionUID = 1L;

    KeyRejected() {
      super("the key was rejected");
    }

    @Override
    public String failureType() {
      return "PROVIDER_AUTH";
    }
  }

  private RunReport runFailingWith(RuntimeException e) {
    return Orchestrator.builder()
        .workspace(dir)
        .planActivity((request, ctx) -> {
          throw e;
        })
        .buildActivity((plan, ctx) -> new BuildResult(java.util.List.of(), Usage.ZERO))
        .build()
        .run(ServiceRequest.of("anything"));
  }

  @Test
  void theReportRecordsTheExceptionsOwnFailureType() {
    RunReport report = runFailingWith(new KeyRejected());

    assertThat(report.failure().type()).isEqualTo("PROVIDER_AUTH");
    assertThat(report.failure().message()).isEqualTo("the key was rejected");
  }

  @Test
  void otherExceptionsAreRecordedByTheirSimpleClassName() {
    assertThat(runFailingWith(new InvalidPlanException("cycle")).failure().type()).isEqualTo("InvalidPlanException");
    assertThat(runFailingWith(new IllegalStateException("boom")).failure().type()).isEqualTo("IllegalStateException");
  }
}
