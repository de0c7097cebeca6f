package dev.spectra.orchestrator.examples.cli;

/** Where a compared model's replies come from; the report labels each and shows latency only for live ones. */
enum SourceKind {
  /** A real provider call over the network: latency is measured. */
  LIVE,
  /** Replies replayed from a recorded cassette: latency is not meaningful (n/a). */
  REPLAYED,
  /** Replies made up by a scripted model or a chaos profile: latency is not meaningful (n/a). */
  SYNTHETIC;

  /** The lower-case label the report prints. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
