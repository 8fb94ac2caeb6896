package dev.ballista.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Checks a listen address up front, so "port in use" is one clear line and not a Netty stack trace. */
final class Ports {
  private Ports() {}

  static void requireFree(String host, int port, String what) {
    requireFree(host, port, what, "--port");
  }

  /** As above, naming the flag that sets the port; negative ports (off) and 0 (any free one) pass. */
  static void requireFree(String host, int port, String what, String flag) {
    if (port <= 0) {
      return;
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
    } catch (IOException e) {
      throw new IllegalStateException(what + " port " + host + ":" + port + " is not available ("
          + e.getMessage() + "); choose another with " + flag);
    }
  }
}
