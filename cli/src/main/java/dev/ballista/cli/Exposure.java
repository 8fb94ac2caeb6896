package dev.ballista.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Warns when a server without authentication listens where other machines can reach it. */
final class Exposure {
  private Exposure() {}

  static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Prints the warning on stderr when {@code host} is not a loopback address and {@code open} holds. */
  static void warnIfOpen(String host, boolean open, String what, String remedy) {
    if (open && !isLoopback(host)) {
      System.err.println("WARNING: " + what + " listens on " + host + " without authentication: anyone who can"
          + " reach it can " + (what.startsWith("executor") ? "read query results" : "run queries") + ". "
          + remedy);
    }
  }
}
