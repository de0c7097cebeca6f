package dev.spectra.orchestrator.llm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OllamaContextTest {
  @Test
  void numCtxIsAQuarterAboveTheNeedRoundedUpAndBounded() {
    assertThat(OllamaContext.numCtx(1000, 1000, 4096, 32768)).isEqualTo(4096);
    assertThat(OllamaContext.numCtx(6000, 4096, 4096, 32768)).isEqualTo(13312); // 1.25 x 10096 = 12620 -> 13 x 1024
    assertThat(OllamaContext.numCtx(60000, 4096, 4096, 32768)).isEqualTo(32768);
  }

  @Test
  void aCountAtNinetyFivePercentIsCutAMissingOrLowOneIsUnknown() {
    assertThat(OllamaContext.check(4000, 4000, 8192)).isEqualTo(OllamaContext.Verdict.FIT);
    assertThat(OllamaContext.check(9000, 7783, 8192)).isEqualTo(OllamaContext.Verdict.CUT);
    assertThat(OllamaContext.check(9000, 7782, 8192)).isEqualTo(OllamaContext.Verdict.FIT);
    assertThat(OllamaContext.check(4000, null, 8192)).isEqualTo(OllamaContext.Verdict.UNKNOWN);
    assertThat(OllamaContext.check(4000, 12, 8192)).isEqualTo(OllamaContext.Verdict.UNKNOWN);
  }
}
