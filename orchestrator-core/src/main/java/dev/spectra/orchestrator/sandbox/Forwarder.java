package dev.spectra.orchestrator.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
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
      Thread back = copy(Channels.newChannel(target.getInputStream()), tunnel, () -> shutdownOutput(tunnel));
      copy(tunnel, Channels.newChannel(target.getOutputStream()), () -> shutdownOutput(target)).join();
      back.join();
    } catch (IOException | InterruptedException e) {
      // the service is not listening (yet), or a side closed: the client sees the connection end
    }
  }

  /**
   * Copies until end of stream in a new thread, then runs {@code done}. Works on channels: the streams of
   * {@link Channels} lock a socket channel's blocking lock for a whole read, so a read waiting in one direction would
   * block the write in the other.
   */
  static Thread copy(ReadableByteChannel in, WritableByteChannel out, Runnable done) {
    Thread t = new Thread(() -> {
      ByteBuffer buffer = ByteBuffer.allocate(16384);
      try {
        while (in.read(buffer) >= 0) {
          buffer.flip();
          while (buffer.hasRemaining()) {
            out.write(buffer);
          }
          buffer.clear();
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

  /** Ends the output side of {@code c}, ignoring a channel that is closed already (the bridge uses it too). */
  static void shutdownOutput(SocketChannel c) {
    try {
      c.shutdownOutput();
    } catch (IOException e) {
      // closed already
    }
  }

  /** Ends the output side of {@code s}, ignoring a socket that is closed already (the bridge uses it too). */
  static void shutdownOutput(Socket s) {
    try {
      s.shutdownOutput();
    } catch (IOException e) {
      // closed already
    }
  }
}
