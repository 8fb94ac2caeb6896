package dev.ballista.scheduler;

import io.grpc.ConnectivityState;
import io.grpc.EquivalentAddressGroup;
import io.grpc.ManagedChannel;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import io.grpc.netty.NettyChannelBuilder;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A channel to whichever of several schedulers leads. Only the leader listens (a standby opens its port when it
 * takes over), so gRPC's pick-first policy over all the addresses finds it: on a broken connection it tries
 * the addresses in order again. While none answers (the handover), the channel retries twice a second instead
 * of backing off for up to two minutes.
 */
public final class SchedulerAddresses {
  private static final String SCHEME = "ballista-schedulers";
  private static final ScheduledExecutorService RETRIES = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "scheduler-channel-retry");
    t.setDaemon(true);
    return t;
  });

  static {
    NameResolverRegistry.getDefaultRegistry().register(new Provider());
  }

  private SchedulerAddresses() {}

  /** A channel over {@code addresses}: {@code host:port} separated by commas, tried in that order. */
  public static ManagedChannel channel(String addresses) {
    List<InetSocketAddress> parsed = parse(addresses);
    ManagedChannel channel = NettyChannelBuilder.forTarget(SCHEME + ":///" + addresses.replace(" ", ""))
        .usePlaintext().maxInboundMessageSize(Integer.MAX_VALUE).build();
    if (parsed.size() > 1) {
      retryQuicklyWhileDown(channel, channel.getState(false));
    }
    return channel;
  }

  /** Parses {@code host:port[,host:port...]}, failing with a message that says what is wrong. */
  public static List<InetSocketAddress> parse(String addresses) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String part : addresses.split(",")) {
      String a = part.trim();
      int colon = a.lastIndexOf(':');
      if (colon <= 0 || colon == a.length() - 1) {
        throw new IllegalArgumentException("scheduler address must be host:port, got '" + a + "'");
      }
      try {
        out.add(InetSocketAddress.createUnresolved(a.substring(0, colon), Integer.parseInt(a.substring(colon + 1))));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("scheduler address must be host:port, got '" + a + "'");
      }
    }
    return out;
  }

  private static void retryQuicklyWhileDown(ManagedChannel channel, ConnectivityState seen) {
    if (channel.isShutdown()) {
      return;
    }
    if (seen == ConnectivityState.TRANSIENT_FAILURE) {
      RETRIES.schedule(channel::resetConnectBackoff, 500, TimeUnit.MILLISECONDS);
    }
    channel.notifyWhenStateChanged(seen, () -> retryQuicklyWhileDown(channel, channel.getState(false)));
  }

  /** Resolves {@code ballista-schedulers:///h1:p1,h2:p2} to those addresses, in order. */
  private static final class Provider extends NameResolverProvider {
    @Override
    public NameResolver newNameResolver(URI target, NameResolver.Args args) {
      if (!SCHEME.equals(target.getScheme())) {
        return null;
      }
      List<EquivalentAddressGroup> groups = new ArrayList<>();
      for (InetSocketAddress a : parse(target.getPath().substring(1))) {
        SocketAddress resolved = new InetSocketAddress(a.getHostString(), a.getPort());
        groups.add(new EquivalentAddressGroup(resolved));
      }
      return new NameResolver() {
        private Listener2 listener;

        @Override
        public String getServiceAuthority() {
          return "schedulers";
        }

        @Override
        public void start(Listener2 listener) {
          this.listener = listener;
          refresh();
        }

        @Override
        public void refresh() {
          listener.onResult(ResolutionResult.newBuilder().setAddressesOrError(
              io.grpc.StatusOr.fromValue(groups)).build());
        }

        @Override
        public void shutdown() {}
      };
    }

    @Override
    public String getDefaultScheme() {
      return SCHEME;
    }

    @Override
    protected boolean isAvailable() {
      return true;
    }

    @Override
    protected int priority() {
      return 5;
    }

    @Override
    public java.util.Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
      return List.of(InetSocketAddress.class);
    }
  }
}
