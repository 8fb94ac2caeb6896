package dev.ballista.scheduler.state;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.election.LeaderKey;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership among schedulers with etcd's election API: each candidate holds a lease kept alive while it runs,
 * and campaigns with it; etcd makes the oldest live candidate the leader. When a leader dies its lease expires
 * after the TTL and the next candidate is elected. The candidate's value (its advertised address) is what
 * {@link #leader()} tells.
 */
public final class EtcdLeaderElection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EtcdLeaderElection.class);

  private final Client client;
  private final ByteSequence name;
  private final String candidate;
  private final long leaseTtlSeconds;
  private final CompletableFuture<Void> lost = new CompletableFuture<>();
  private volatile long leaseId;
  private volatile CloseableClient keepAlive;
  private volatile LeaderKey leaderKey;
  private volatile boolean abandoned;

  EtcdLeaderElection(Client client, String name, String candidate, long leaseTtlSeconds) {
    this.client = client;
    this.name = EtcdStateStore.bytes(name);
    this.candidate = candidate;
    this.leaseTtlSeconds = leaseTtlSeconds;
  }

  /** Waits until this candidate leads. */
  public void awaitLeadership() throws InterruptedException {
    try {
      leaseId = client.getLeaseClient().grant(leaseTtlSeconds).get(10, TimeUnit.SECONDS).getID();
      keepAlive = client.getLeaseClient().keepAlive(leaseId, new StreamObserver<>() {
        @Override
        public void onNext(LeaseKeepAliveResponse response) {
          if (response.getTTL() <= 0) {
            lose("lease " + Long.toHexString(leaseId) + " expired");
          }
        }

        @Override
        public void onError(Throwable t) {
          lose("lease keep-alive failed: " + EtcdStateStore.rootMessage(t));
        }

        @Override
        public void onCompleted() {
          lose("lease keep-alive ended");
        }
      });
      leaderKey = client.getElectionClient().campaign(name, leaseId, EtcdStateStore.bytes(candidate)).get()
          .getLeader();
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("leader election in etcd failed: " + EtcdStateStore.rootMessage(e), e);
    }
  }

  private void lose(String why) {
    if (!lost.isDone()) {
      LOG.error("scheduler {} lost leadership: {}", candidate, why);
      lost.complete(null);
    }
  }

  /** The key etcd holds for this candidate while it leads (for fencing writes); null before it leads. */
  public LeaderKey leaderKey() {
    return leaderKey;
  }

  /** Completes when this candidate's lease is gone: it must stop acting as leader. */
  public CompletableFuture<Void> lost() {
    return lost;
  }

  /** The current leader's value (its advertised address), or empty when there is none. */
  public String leader() {
    try {
      var kv = client.getElectionClient().leader(name).get(10, TimeUnit.SECONDS).getKv();
      return kv == null ? "" : kv.getValue().toString(StandardCharsets.UTF_8);
    } catch (Exception e) {
      return "";
    }
  }

  /** Stops keeping the lease alive without giving it back, as a crashed process would: for failover tests. */
  public void abandon() {
    abandoned = true;
    lost.complete(null);
    if (keepAlive != null) {
      keepAlive.close();
    }
  }

  /** Resigns and gives the lease back, so a standby takes over at once. */
  @Override
  public void close() {
    lost.complete(null);
    if (keepAlive != null) {
      keepAlive.close();
    }
    if (abandoned) {
      return;
    }
    try {
      if (leaderKey != null) {
        client.getElectionClient().resign(leaderKey).get(5, TimeUnit.SECONDS);
      }
      if (leaseId != 0) {
        client.getLeaseClient().revoke(leaseId).get(5, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      LOG.warn("could not resign leadership (the lease expires by itself): {}", EtcdStateStore.rootMessage(e));
    }
  }
}
