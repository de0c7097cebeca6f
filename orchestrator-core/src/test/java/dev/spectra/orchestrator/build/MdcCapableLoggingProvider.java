package dev.spectra.orchestrator.build;

import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.simple.SimpleServiceProvider;
import org.slf4j.spi.MDCAdapter;

/**
 * slf4j-simple with a working MDC (slf4j-simple's own MDC is a no-op). Selected in the child JVMs of
 * {@link BuildChildProcessTest} with {@code -Dslf4j.provider=...}, so the in-process tests keep the default.
 */
public final class MdcCapableLoggingProvider extends SimpleServiceProvider {
  private final MDCAdapter mdc = new BasicMDCAdapter();

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }
}
