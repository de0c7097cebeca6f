package dev.spectra.orchestrator.sandbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches every live sandboxed child from one daemon thread: time limits (monotonic clock), cancellation, non-loopback
 * listening sockets, and orphans left when a child exits. Kills every tree at JVM exit.
 */
final class Supervisor {
  private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
  static final long TICK_MILLIS = 100;

  private static final Set<Sandbox.Child> LIVE = new CopyOnWriteArraySet<>();
  /** Session ids of recent children, for tests that check nothing is left. */
  private static final Deque<Long> RECENT_SESSIONS = new ArrayDeque<>();
  private static ScheduledExecutorService ticker;

  private Supervisor() {}

  static synchronized void register(Sandbox.Child child) {
    LIVE.add(child);
    RECENT_SESSIONS.addLast(child.sessionId);
    while (RECENT_SESSIONS.size() > 1000) {
      RECENT_SESSIONS.removeFirst();
    }
    if (ticker == null) {
      ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "spectra-sandbox-supervisor");
        t.setDaemon(true);
        return t;
      });
      ticker.scheduleWithFixedDelay(Supervisor::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
      Runtime.getRuntime().addShutdownHook(new Thread(Supervisor::killAll, "spectra-sandbox-exit"));
    }
  }

  static void unregister(Sandbox.Child child) {
    LIVE.remove(child);
  }

  /** Children not yet finished. */
  static Set<Sandbox.Child> live() {
    return Set.copyOf(LIVE);
  }

  /** Session ids of the last children started. */
  static synchronized List<Long> recentSessions() {
    return List.copyOf(RECENT_SESSIONS);
  }

  private static void tick() {
    try {
      if (LIVE.isEmpty()) {
        return;
      }
      List<ProcTable.Proc> all = ProcTable.processes();
      List<ProcTable.Listener> listeners = ProcTable.nonLoopbackListeners();
      long now = System.nanoTime();
      for (Sandbox.Child child : LIVE) {
        remember(child, all);
        if (!child.process.isAlive()) {
          child.finish(); // the child ended: nothing of its tree may outlive it
        } else if (child.timeout != null && now - child.startedNanos > child.timeout.toNanos()) {
          LOG.info("sandbox: {} (pid {}) reached its time limit; killing its tree", child.describe(), child.pid());
          child.stopFor(Sandbox.Child.Reason.TIMEOUT);
        } else if (child.context != null && child.context.isCancelled()) {
          child.stopFor(Sandbox.Child.Reason.CANCELLED);
        } else if (!child.isolated) {
          scanListeners(child, all, listeners); // under isolation nothing the child opens is reachable from the host
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("sandbox supervisor tick failed: {}", e.toString());
    }
  }

  /** Records the child's session members and descendants with their start times. */
  private static void remember(Sandbox.Child child, List<ProcTable.Proc> all) {
    for (ProcTable.Proc p : tree(child, all)) {
      child.seen.putIfAbsent(p.pid(), p.startTime());
    }
  }

  /** The child's session members and descendants (by parent links) in a snapshot, zombies excluded. */
  static List<ProcTable.Proc> tree(Sandbox.Child child, List<ProcTable.Proc> all) {
    Map<Long, List<ProcTable.Proc>> byParent = new HashMap<>();
    for (ProcTable.Proc p : all) {
      byParent.computeIfAbsent(p.ppid(), k -> new ArrayList<>()).add(p);
    }
    Set<Long> ids = new HashSet<>();
    List<ProcTable.Proc> out = new ArrayList<>();
    for (ProcTable.Proc p : all) {
      if ((p.session() == child.sessionId || p.pid() == child.pid()) && !p.zombie() && ids.add(p.pid())) {
        out.add(p);
      }
    }
    Deque<Long> todo = new ArrayDeque<>(List.of(child.pid()));
    while (!todo.isEmpty()) {
      for (ProcTable.Proc c : byParent.getOrDefault(todo.pop(), List.of())) {
        if (!c.zombie() && ids.add(c.pid())) {
          out.add(c);
          todo.push(c.pid());
        }
      }
    }
    return out;
  }

  static void scanListeners(Sandbox.Child child, List<ProcTable.Proc> all, List<ProcTable.Listener> listeners) {
    if (listeners.isEmpty() || child.violation != null) {
      return;
    }
    Map<Long, String> byInode = new HashMap<>();
    listeners.forEach(l -> byInode.put(l.inode(), l.address()));
    for (ProcTable.Proc p : tree(child, all)) {
      for (long inode : ProcTable.socketInodes(p.pid())) {
        String address = byInode.get(inode);
        if (address != null) {
          LOG.warn("sandbox: process {} of {} listens on {}; killing its tree", p.pid(), child.describe(), address);
          child.violate(new SandboxViolationException(p.pid(), address, child.describe()));
          return;
        }
      }
    }
  }

  /**
   * Kills the child and every process of its session or tree, repeating until none is left (a process may fork
   * while we kill). Processes seen earlier that left the session are killed too if their start time still matches.
   */
  static void killTree(Sandbox.Child child) {
    // Through the handle: Process.destroyForcibly() would also close our end of the pipes and lose unread output.
    ProcessHandle leader = child.process.toHandle();
    if (!ProcTable.available()) {
      leader.descendants().forEach(ProcessHandle::destroyForcibly);
      leader.destroyForcibly();
      return;
    }
    leader.destroyForcibly();
    boolean interrupted = false;
    for (int attempt = 0; attempt < 200; attempt++) {
      List<ProcTable.Proc> all = ProcTable.processes();
      Set<Long> targets = new HashSet<>();
      tree(child, all).forEach(p -> targets.add(p.pid()));
      for (ProcTable.Proc p : all) {
        Long start = child.seen.get(p.pid());
        if (start != null && start == p.startTime() && !p.zombie()) {
          targets.add(p.pid());
        }
      }
      if (targets.isEmpty()) {
        break;
      }
      for (long pid : targets) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
      if (attempt == 199) {
        LOG.warn("sandbox: could not kill every process of session {} ({})", child.sessionId, child.describe());
      }
      try {
        Thread.sleep(attempt < 10 ? 5 : 20);
      } catch (InterruptedException e) {
        interrupted = true; // finish the kill first
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void killAll() {
    for (Sandbox.Child child : LIVE) {
      try {
        killTree(child);
      } catch (RuntimeException e) {
        // best effort at exit
      }
    }
  }
}
