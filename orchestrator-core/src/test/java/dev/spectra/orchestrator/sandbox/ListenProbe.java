package dev.spectra.orchestrator.sandbox;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Run as a sandboxed child by {@link SandboxTest}: listens on the address given ({@code 0.0.0.0}, {@code ::} or
 * {@code 127.0.0.1}), then sleeps for the seconds given and prints {@code done}.
 */
public final class ListenProbe {
  private ListenProbe() {}

  public static void main(String[] args) throws Exception {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(args[0]), 0));
      Thread.sleep((long) (Double.parseDouble(args[1]) * 1000));
      System.out.println("done");
    }
  }
}
