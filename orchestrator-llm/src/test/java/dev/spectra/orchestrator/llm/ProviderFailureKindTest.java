package dev.spectra.orchestrator.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.FailureKind;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.internal.engine.RunSequencer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A provider's failure keeps its PROVIDER_<KIND> detail in the report and is of kind PROVIDER for the sequencer. */
class ProviderFailureKindTest {
  @ParameterizedTest
  @EnumSource(ProviderException.Kind.class)
  void everyProviderFailureIsOfKindProviderWithItsDetailedType(ProviderException.Kind kind) {
    ProviderException e = new ProviderException(kind, "openai", "gpt-4o-mini", 503, 4, "it failed", null);
    RunSequencer run = RunSequencer.builder().runId("run-1").build();
    run.next();

    RunSequencer.Finished finished = run.failed(Activity.PLAN, e, false, false);

    assertThat(finished.failureKind()).isEqualTo(FailureKind.PROVIDER);
    assertThat(finished.failure()).isEqualTo(new RunReport.Failure(Activity.PLAN, "PROVIDER_" + kind.name(), e.getMessage()));
  }

  @Test
  void theKindDoesNotDependOnTheProviderKind() {
    assertThat(new ProviderException(ProviderException.Kind.AUTH, "openai", "m", 401, 1, "no", null).failureKind())
        .isEqualTo(FailureKind.PROVIDER);
  }
}
