package dev.ballista.cli;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;

/** The {@code --scheduler host:port} flag of executors and gateways. */
final class SchedulerAddress {
  private SchedulerAddress() {}

  static ManagedChannel channel(String hostPort) {
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
    return NettyChannelBuilder.forAddress(hostPort.substring(0, colon), port).usePlaintext()
        .maxInboundMessageSize(Integer.MAX_VALUE).build();
  }
}
