package dev.ballista.scheduler.state;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.election.CampaignResponse;
import io.etcd.jetcd.election.LeaderKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership among schedulers with etcd's election API: each candidate campaigns with a lease it keeps alive
 * ({@link EtcdLease}); etcd makes the oldest live candidate the leader. When a leader dies its lease expires after
 * the TTL and the next candidate is elected. A standby whose own lease lapses while it waits (a long pause) takes
 * a new one and campaigns again; a leader whose lease lapses has lost and must stop acting as leader. The
 * candidate's value (its advertised address) is what {@link #leader()} tells.
 */
public final class EtcdLeaderElection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EtcdLeaderElection.class);

  private final Client client;
  private final ByteSequence name;
  private final String candidate;
  private final long leaseTtlSeconds;
  private final CompletableFuture<Void> lost = new CompletableFuture<>();
  private volatile EtcdLease lease;
  private volatile LeaderKey leaderKey;
  private volatile boolean closed;
  private volatile boolean abandoned;

  EtcdLeaderElection(Client client, String name, String candidate, long leaseTtlSeconds) {
    if (leaseTtlSeconds < 2) {
      throw new IllegalArgumentException("the lease TTL must be at least 2 seconds, got " + leaseTtlSeconds);
    }
    this.client = client;
    this.name = EtcdStateStore.bytes(name);
    this.candidate = candidate;
    this.leaseTtlSeconds = leaseTtlSeconds;
  }

  /** Waits until this candidate leads. */
  public void awaitLeadership() throws InterruptedException {
    while (!closed) {
      EtcdLease campaigning = EtcdLease.grant(client, leaseTtlSeconds, candidate);
      lease = campaigning;
      CompletableFuture<CampaignResponse> campaign =
          client.getElectionClient().campaign(name, campaigning.id(), EtcdStateStore.bytes(candidate));
      try {
        CompletableFuture.anyOf(campaign, campaigning.lost()).get();
      } catch (ExecutionException e) {
        campaigning.close();
        LOG.warn("{}: campaigning in etcd failed ({}); trying again in a second", candidate,
            EtcdStateStore.rootMessage(e));
        Thread.sleep(1_000);
        continue;
      }
      if (campaigning.lost().isDone()) {
        // Its key went with the lease: a stale campaign must not make it leader later. Start over.
        LOG.warn("{}: {} while standing by; campaigning again", candidate, campaigning.lost().getNow(""));
        campaign.cancel(true);
        campaigning.close();
        continue;
      }
      LeaderKey key = campaign.join().getLeader();
      if (!stillHeld(key, campaigning.id())) {
        LOG.warn("{}: elected with a key etcd no longer holds; campaigning again", candidate);
        campaigning.close();
        continue;
      }
      leaderKey = key;
      campaigning.lost().thenAccept(this::lose);
      return;
    }
    throw new InterruptedException("the election was closed while waiting to lead");
  }

  /** etcd's campaign does not check that the candidate's own key survived the wait; this does. */
  private boolean stillHeld(LeaderKey key, long leaseId) throws InterruptedException {
    try {
      List<KeyValue> kvs = client.getKVClient().get(key.getKey()).get(10, TimeUnit.SECONDS).getKvs();
      return !kvs.isEmpty() && kvs.get(0).getCreateRevision() == key.getRevision()
          && kvs.get(0).getLease() == leaseId;
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      return false;
    }
  }

  private void lose(String why) {
    if (lost.complete(null) && !closed) {
      LOG.error("scheduler {} lost leadership: {}", candidate, why);
    }
  }

  /** This candidate's value: the scheduler's advertised address. */
  public String candidate() {
    return candidate;
  }

  /** The key etcd holds for this candidate while it leads (for fencing writes); null before it leads. */
  public LeaderKey leaderKey() {
    return leaderKey;
  }

  /** Completes when this leader's lease is gone: it must stop acting as leader. */
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
    closed = true;
    lost.complete(null);
    EtcdLease current = lease;
    if (current != null) {
      current.abandon();
    }
  }

  /** Resigns and gives the lease back, so a standby takes over at once (nothing after {@link #abandon()}). */
  @Override
  public void close() {
    closed = true;
    lost.complete(null);
    EtcdLease current = lease;
    if (abandoned || current == null) {
      return;
    }
    try {
      if (leaderKey != null && !current.lost().isDone()) {
        client.getElectionClient().resign(leaderKey).get(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("could not resign leadership (the lease expires by itself): {}", EtcdStateStore.rootMessage(e));
    }
    current.close();
  }
}
