package dev.spectra.orchestrator.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.List;

/**
 * The service's end of the bridge, run with the JDK inside the sandbox's network namespace as the parent of the
 * service: {@code Forwarder <socket> <port> <command...>}. It starts the command (output inherited), keeps one idle
 * connection open to the library's Unix socket {@code <socket>} (bound read-only into the sandbox, so generated code
 * cannot replace it), and when the library writes the start byte on that connection, connects to
 * {@code 127.0.0.1:<port>} inside the namespace and copies bytes both ways. It exits with the service's exit code.
 *
 * <p>Only the JDK is used: the class runs from the library's own jar on the JVM running the library.
 */
final class Forwarder {
  private Forwarder() {}

  public static void main(String[] args) throws Exception {
    UnixDomainSocketAddress socket = UnixDomainSocketAddress.of(args[0]);
    int port = Integer.parseInt(args[1]);
    List<String> command = Arrays.asList(args).subList(2, args.length);
    Process service = new ProcessBuilder(command).inheritIO().start();
    Thread exit = new Thread(() -> {
      int code;
      try {
        code = service.waitFor();
      } catch (InterruptedException e) {
        code = 1;
      }
      System.exit(code);
    }, "service-exit");
    exit.start();
    long backoff = 10;
    while (true) {
      SocketChannel tunnel;
      try {
        tunnel = SocketChannel.open(socket);
        if (tunnel.read(ByteBuffer.allocate(1)) != 1) { // the library pairs this tunnel with a client
          tunnel.close();
          continue;
        }
        backoff = 10;
      } catch (IOException e) {
        Thread.sleep(backoff); // the library's end is not there (yet, or any more)
        backoff = Math.min(1000, backoff * 2);
        continue;
      }
      Thread t = new Thread(() -> serve(tunnel, port), "tunnel");
      t.setDaemon(true);
      t.start();
    }
  }

  private static void serve(SocketChannel tunnel, int port) {
    try (tunnel; Socket target = new Socket()) {
      target.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
      Thread back = copy(target.getInputStream(), Channels.newOutputStream(tunnel), () -> shutdownOutput(tunnel));
      copy(Channels.newInputStream(tunnel), target.getOutputStream(), () -> shutdownOutput(target)).join();
      back.join();
    } catch (IOException | InterruptedException e) {
      // the service is not listening (yet), or a side closed: the client sees the connection end
    }
  }

  /** Copies until end of stream in a new thread, then runs {@code done}. */
  static Thread copy(InputStream in, OutputStream out, Runnable done) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16384];
      try {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // the other side closed
      } finally {
        done.run();
      }
    }, "copy");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void shutdownOutput(SocketChannel c) {
    try {
      c.shutdownOutput();
    } catch (IOException e) {
      // closed already
    }
  }

  private static void shutdownOutput(Socket s) {
    try {
      s.shutdownOutput();
    } catch (IOException e) {
      // closed already
    }
  }
}
