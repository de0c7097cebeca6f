package dev.spectra.orchestrator.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The library's end of the bridge to a sandboxed service: listens on {@code 127.0.0.1:<free port>} on the host and on
 * a Unix socket in a fresh folder of its own (mode 0700, bound read-only into the sandbox). The {@link Forwarder}
 * inside keeps connections open to that socket; each host client is paired with one of them, which gets a start
 * byte, and bytes are copied both ways.
 *
 * <p>The library listens on the Unix socket and the sandbox connects to it, never the other way round: generated code
 * cannot swap the socket for a link or a socket of its own, and no stale socket from a crash is reused (each bridge
 * has a fresh folder). A Unix socket path holds at most 107 bytes; the folder is made in {@code java.io.tmpdir}, and
 * a longer path is refused with the reason.
 */
final class HostBridge implements AutoCloseable {
  /** Where the bridge's folder appears inside the sandbox. */
  static final String INSIDE_DIR = "/run/spectra";
  static final String SOCKET_NAME = "s";
  static final int MAX_SOCKET_PATH = 107;
  private static final long PAIR_WAIT_SECONDS = 10;

  private final Path dir;
  private final ServerSocketChannel unix;
  private final ServerSocket tcp;
  private final BlockingQueue<SocketChannel> idle = new LinkedBlockingQueue<>();
  private volatile boolean closed;

  HostBridge() {
    try {
      this.dir = Files.createTempDirectory("spectra-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path socket = dir.resolve(SOCKET_NAME);
      int length = socket.toString().getBytes(StandardCharsets.UTF_8).length;
      if (length > MAX_SOCKET_PATH) {
        Files.deleteIfExists(dir);
        throw new IllegalStateException("the service bridge's Unix socket path " + socket + " has " + length
            + " bytes, more than the " + MAX_SOCKET_PATH + " a socket path may hold; run with a shorter java.io.tmpdir"
            + " (e.g. -Djava.io.tmpdir=/tmp)");
      }
      this.unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      unix.bind(UnixDomainSocketAddress.of(socket));
      this.tcp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set up the service bridge: " + e.getMessage(), e);
    }
    daemon(this::acceptTunnels, "spectra-bridge-unix-" + port()).start();
    daemon(this::acceptClients, "spectra-bridge-tcp-" + port()).start();
  }

  /** The host folder bound read-only at {@link #INSIDE_DIR} inside the sandbox. */
  Path directory() {
    return dir;
  }

  /** The socket path as the forwarder inside sees it. */
  static String insideSocket() {
    return INSIDE_DIR + "/" + SOCKET_NAME;
  }

  /** The host port on 127.0.0.1. */
  int port() {
    return tcp.getLocalPort();
  }

  private void acceptTunnels() {
    while (!closed) {
      try {
        idle.add(unix.accept());
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void acceptClients() {
    while (!closed) {
      Socket client;
      try {
        client = tcp.accept();
      } catch (IOException e) {
        return; // closed
      }
      daemon(() -> pair(client), "spectra-bridge-pair").start();
    }
  }

  private void pair(Socket client) {
    try (client) {
      SocketChannel tunnel = null;
      while (tunnel == null) {
        tunnel = idle.poll(PAIR_WAIT_SECONDS, TimeUnit.SECONDS);
        if (tunnel == null) {
          return; // no forwarder: the client sees the connection close, as if nothing listened
        }
        try {
          tunnel.write(ByteBuffer.wrap(new byte[] {1}));
        } catch (IOException e) {
          closeQuietly(tunnel); // a forwarder that went away
          tunnel = null;
        }
      }
      try (SocketChannel t = tunnel) {
        Thread back = Forwarder.copy(t, Channels.newChannel(client.getOutputStream()), () -> Forwarder.shutdownOutput(client));
        Forwarder.copy(Channels.newChannel(client.getInputStream()), t, () -> Forwarder.shutdownOutput(t)).join();
        back.join();
      }
    } catch (IOException e) {
      // a side closed
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(unix);
    try {
      tcp.close();
    } catch (IOException e) {
      // closed
    }
    SocketChannel c;
    while ((c = idle.poll()) != null) {
      closeQuietly(c);
    }
    try {
      Files.deleteIfExists(dir.resolve(SOCKET_NAME));
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a leftover folder in tmp, unused by any later bridge
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private static void closeQuietly(java.nio.channels.Channel c) {
    try {
      c.close();
    } catch (IOException e) {
      // closed
    }
  }
}
