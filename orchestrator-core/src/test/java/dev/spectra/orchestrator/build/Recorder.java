package dev.spectra.orchestrator.build;

import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.RunListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Records every event, thread-safely. */
final class Recorder implements RunListener {
  final List<RunEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void onEvent(RunEvent event) {
    events.add(event);
  }

  <T extends RunEvent> List<T> of(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
  }
}
