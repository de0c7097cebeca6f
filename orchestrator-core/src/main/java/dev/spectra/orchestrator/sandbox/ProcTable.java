package dev.spectra.orchestrator.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads Linux's {@code /proc}: processes with their session ids, and TCP sockets listening on addresses other than
 * loopback. On systems without {@code /proc} every method returns nothing, and the sandbox falls back to
 * {@link ProcessHandle#descendants()}.
 */
final class ProcTable {
  private static final Path PROC = Path.of("/proc");

  private ProcTable() {}

  /** True when {@code /proc} can be read (Linux). */
  static boolean available() {
    return Files.isRegularFile(PROC.resolve("self").resolve("stat"));
  }

  /**
   * One process.
   *
   * @param pid process id
   * @param ppid parent process id
   * @param pgrp process group id
   * @param session session id
   * @param state the state letter ({@code Z} for a zombie, which is dead but not yet reaped)
   * @param startTime when it started, in clock ticks since boot (tells a reused pid from the original)
   */
  record Proc(long pid, long ppid, long pgrp, long session, char state, long startTime) {
    boolean zombie() {
      return state == 'Z' || state == 'X';
    }
  }

  /** Every process, zombies included; empty without {@code /proc}. */
  static List<Proc> processes() {
    List<Proc> all = new ArrayList<>();
    if (!available()) {
      return all;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, ProcTable::isPidDirectory)) {
      for (Path dir : dirs) {
        Proc p = read(dir.resolve("stat"));
        if (p != null) {
          all.add(p);
        }
      }
    } catch (IOException e) {
      // /proc vanished under us: report what was read.
    }
    return all;
  }

  /** The living (not zombie) processes of a session. */
  static List<Proc> session(long sessionId) {
    return members(processes(), sessionId);
  }

  static List<Proc> members(List<Proc> all, long sessionId) {
    List<Proc> out = new ArrayList<>();
    for (Proc p : all) {
      if (p.session() == sessionId && !p.zombie()) {
        out.add(p);
      }
    }
    return out;
  }

  /** One process, or {@code null} when it does not exist. */
  static Proc process(long pid) {
    return read(PROC.resolve(Long.toString(pid)).resolve("stat"));
  }

  /** True when the process exists and is not a zombie. */
  static boolean alive(long pid) {
    if (!available()) {
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
    Proc p = process(pid);
    return p != null && !p.zombie();
  }

  private static boolean isPidDirectory(Path p) {
    String name = p.getFileName().toString();
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (!Character.isDigit(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static Proc read(Path stat) {
    String text;
    try {
      text = Files.readString(stat, StandardCharsets.ISO_8859_1);
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return parseStat(text);
  }

  /** Parses a {@code /proc/<pid>/stat} line; the command name may hold spaces and parentheses. */
  static Proc parseStat(String text) {
    int open = text.indexOf('(');
    int close = text.lastIndexOf(')');
    if (open < 1 || close < open) {
      return null;
    }
    String[] rest = text.substring(close + 1).trim().split(" ");
    if (rest.length < 20) {
      return null;
    }
    try {
      long pid = Long.parseLong(text.substring(0, open).trim());
      return new Proc(pid, Long.parseLong(rest[1]), Long.parseLong(rest[2]), Long.parseLong(rest[3]), rest[0].charAt(0),
          Long.parseLong(rest[19]));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * A TCP socket in LISTEN state on an address that is not loopback.
   *
   * @param inode the socket's inode, as in {@code /proc/<pid>/fd -> socket:[inode]}
   * @param address the local address and port, e.g. {@code 0.0.0.0:8000} or {@code [::]:8000}
   */
  record Listener(long inode, String address) {}

  /** Every TCP socket listening on a non-loopback address, from {@code /proc/net/tcp} and {@code /proc/net/tcp6}. */
  static List<Listener> nonLoopbackListeners() {
    List<Listener> out = new ArrayList<>();
    if (!available()) {
      return out;
    }
    for (String table : new String[] {"tcp", "tcp6"}) {
      Path file = PROC.resolve("net").resolve(table);
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
      } catch (IOException | RuntimeException e) {
        continue;
      }
      for (int i = 1; i < lines.size(); i++) {
        Listener l = parseListener(lines.get(i));
        if (l != null) {
          out.add(l);
        }
      }
    }
    return out;
  }

  /** A non-loopback LISTEN row of {@code /proc/net/tcp[6]}, or {@code null} for any other row. */
  static Listener parseListener(String line) {
    String[] f = line.trim().split("\\s+");
    if (f.length < 10 || !f[3].equals("0A")) {
      return null;
    }
    int colon = f[1].indexOf(':');
    if (colon < 0) {
      return null;
    }
    String hexAddress = f[1].substring(0, colon);
    int port;
    long inode;
    try {
      port = Integer.parseInt(f[1].substring(colon + 1), 16);
      inode = Long.parseLong(f[9]);
    } catch (NumberFormatException e) {
      return null;
    }
    byte[] address = decodeAddress(hexAddress);
    if (address == null || isLoopback(address)) {
      return null;
    }
    return new Listener(inode, format(address) + ":" + port);
  }

  /** The kernel prints each 32-bit word of the address in host (little-endian on x86 and arm) order. */
  private static byte[] decodeAddress(String hex) {
    if (hex.length() != 8 && hex.length() != 32) {
      return null;
    }
    byte[] out = new byte[hex.length() / 2];
    for (int word = 0; word < out.length / 4; word++) {
      for (int b = 0; b < 4; b++) {
        int at = word * 8 + (3 - b) * 2;
        out[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
      }
    }
    return out;
  }

  static boolean isLoopback(byte[] a) {
    if (a.length == 4) {
      return (a[0] & 0xff) == 127;
    }
    boolean zeroPrefix = true;
    for (int i = 0; i < 10; i++) {
      zeroPrefix &= a[i] == 0;
    }
    if (zeroPrefix && a[10] == 0 && a[11] == 0) {
      // ::1
      boolean one = a[12] == 0 && a[13] == 0 && a[14] == 0 && a[15] == 1;
      return one;
    }
    // ::ffff:127.x.x.x
    return zeroPrefix && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff && (a[12] & 0xff) == 127;
  }

  private static String format(byte[] a) {
    if (a.length == 4) {
      return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
    }
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < 16; i += 2) {
      if (i > 0) {
        b.append(':');
      }
      b.append(Integer.toHexString(((a[i] & 0xff) << 8) | (a[i + 1] & 0xff)));
    }
    return b.append(']').toString().toLowerCase(Locale.ROOT);
  }

  /** The socket inodes a process holds open ({@code /proc/<pid>/fd/* -> socket:[inode]}). */
  static Set<Long> socketInodes(long pid) {
    Set<Long> out = new HashSet<>();
    Path fds = PROC.resolve(Long.toString(pid)).resolve("fd");
    try (DirectoryStream<Path> links = Files.newDirectoryStream(fds)) {
      for (Path link : links) {
        String target;
        try {
          target = Files.readSymbolicLink(link).toString();
        } catch (IOException | RuntimeException e) {
          continue;
        }
        if (target.startsWith("socket:[") && target.endsWith("]")) {
          try {
            out.add(Long.parseLong(target.substring(8, target.length() - 1)));
          } catch (NumberFormatException e) {
            // not a socket inode
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process exited
    }
    return out;
  }
}
