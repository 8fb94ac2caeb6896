package dev.ballista.cli;

import dev.ballista.scheduler.SchedulerAddresses;
import io.grpc.ManagedChannel;

/** The {@code --scheduler host:port[,host:port...]} flag of executors and gateways. */
final class SchedulerAddress {
  private SchedulerAddress() {}

  /** A channel to {@code host:port}, or to whichever of several comma-separated schedulers leads. */
  static ManagedChannel channel(String addresses) {
    for (String hostPort : addresses.split(",")) {
      hostPort = hostPort.trim();
      int colon = hostPort.lastIndexOf(':');
      int port;
      try {
        port = colon < 1 ? -1 : Integer.parseInt(hostPort.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("--scheduler must be host:port, got '" + hostPort + "'");
      }
    }
    return SchedulerAddresses.channel(addresses);
  }
}
