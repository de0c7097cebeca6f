package dev.spectra.orchestrator.sandbox;

import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Run as sandboxed (hostile) generated code by {@link SandboxAttackTest}. Needs only the JDK. Modes:
 *
 * <ul>
 *   <li>{@code tcp-listen <address> <port> <seconds>}: accepts TCP connections and answers {@code pwned};
 *   <li>{@code udp-echo <address> <port> <seconds>}: answers every datagram with {@code pwned};
 *   <li>{@code connect <host> <port>...}: tries a TCP connection to each, prints {@code connected} or
 *       {@code refused <host>:<port> <reason>};
 *   <li>{@code unix <path>}: connects to a Unix socket and writes {@code pwned}.
 * </ul>
 */
public final class NetProbe {
  private NetProbe() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "tcp-listen" -> tcpListen(args[1], Integer.parseInt(args[2]), Double.parseDouble(args[3]));
      case "udp-echo" -> udpEcho(args[1], Integer.parseInt(args[2]), Double.parseDouble(args[3]));
      case "connect" -> {
        for (int i = 1; i + 1 < args.length; i += 2) {
          try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(args[i], Integer.parseInt(args[i + 1])), 2000);
            s.getOutputStream().write("pwned\n".getBytes(StandardCharsets.UTF_8));
            System.out.println("connected " + args[i] + ":" + args[i + 1]);
          } catch (Exception e) {
            System.out.println("refused " + args[i] + ":" + args[i + 1] + " " + e);
          }
        }
      }
      case "unix" -> {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(args[1]))) {
          c.write(ByteBuffer.wrap("pwned\n".getBytes(StandardCharsets.UTF_8)));
          System.out.println("connected " + args[1]);
        } catch (Exception e) {
          System.out.println("refused " + args[1] + " " + e);
        }
      }
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  private static void tcpListen(String address, int port, double seconds) throws Exception {
    try (ServerSocket server = new ServerSocket()) {
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getByName(address), port));
      System.out.println("listening " + server.getLocalSocketAddress());
      System.out.flush();
      long end = System.nanoTime() + (long) (seconds * 1e9);
      server.setSoTimeout(100);
      while (System.nanoTime() < end) {
        try (Socket s = server.accept()) {
          OutputStream out = s.getOutputStream();
          out.write("pwned\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
        } catch (java.net.SocketTimeoutException e) {
          // keep listening
        }
      }
    }
  }

  private static void udpEcho(String address, int port, double seconds) throws Exception {
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address), port))) {
      System.out.println("listening udp " + socket.getLocalSocketAddress());
      System.out.flush();
      socket.setSoTimeout(100);
      long end = System.nanoTime() + (long) (seconds * 1e9);
      byte[] buffer = new byte[512];
      while (System.nanoTime() < end) {
        DatagramPacket in = new DatagramPacket(buffer, buffer.length);
        try {
          socket.receive(in);
        } catch (java.net.SocketTimeoutException e) {
          continue;
        }
        byte[] reply = "pwned".getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(reply, reply.length, in.getSocketAddress()));
      }
    }
  }
}
