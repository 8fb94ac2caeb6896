package dev.ballista.scheduler.state;

import io.etcd.jetcd.Client;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An etcd lease kept alive by a thread of its own, several times per TTL. jetcd's own keep-alive renews at a
 * third of the TTL on its event loop and declares a lease dead a TTL after the last answer, which leaves a
 * loaded machine little slack; here a renewal goes out every sixth of the TTL (at most every second), so a
 * stall of most of a TTL is survived. The lease counts as valid until the TTL etcd granted, measured from when
 * the last answered renewal was sent (etcd measures from its receipt, which is later): past that, it may have
 * expired on the server and {@link #lost()} completes.
 */
final class EtcdLease implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EtcdLease.class);

  private final Client client;
  private final long id;
  private final String owner;
  private final ScheduledExecutorService renewals;
  private final CompletableFuture<String> lost = new CompletableFuture<>();
  private volatile long validUntilNanos;

  private EtcdLease(Client client, long id, long ttlSeconds, long grantedAtNanos, String owner) {
    this.client = client;
    this.id = id;
    this.owner = owner;
    this.validUntilNanos = grantedAtNanos + TimeUnit.SECONDS.toNanos(ttlSeconds);
    this.renewals = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "etcd-lease-" + Long.toHexString(id));
      t.setDaemon(true);
      t.setPriority(Thread.MAX_PRIORITY);
      return t;
    });
    long periodMillis = Math.clamp(TimeUnit.SECONDS.toMillis(ttlSeconds) / 6, 100, 1_000);
    renewals.scheduleWithFixedDelay(this::renew, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** Grants a lease of {@code ttlSeconds} and starts renewing it. */
  static EtcdLease grant(Client client, long ttlSeconds, String owner) throws InterruptedException {
    long sent = System.nanoTime();
    try {
      long id = client.getLeaseClient().grant(ttlSeconds).get(10, TimeUnit.SECONDS).getID();
      return new EtcdLease(client, id, ttlSeconds, sent, owner);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("etcd did not grant a lease: " + EtcdStateStore.rootMessage(e), e);
    }
  }

  private void renew() {
    if (lost.isDone()) {
      return;
    }
    long sent = System.nanoTime();
    try {
      long waitNanos = Math.max(validUntilNanos - sent, TimeUnit.MILLISECONDS.toNanos(100));
      long ttl = client.getLeaseClient().keepAliveOnce(id).get(waitNanos, TimeUnit.NANOSECONDS).getTTL();
      if (ttl > 0) {
        validUntilNanos = sent + TimeUnit.SECONDS.toNanos(ttl);
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (Exception e) {
      if (EtcdStateStore.rootMessage(e).contains("lease not found")) {
        lose("etcd no longer has it");
        return;
      }
      LOG.warn("{}: renewing etcd lease {} failed: {}", owner, Long.toHexString(id), EtcdStateStore.rootMessage(e));
    }
    if (System.nanoTime() - validUntilNanos > 0) {
      lose("not renewed within its TTL");
    }
  }

  private void lose(String why) {
    if (lost.complete("lease " + Long.toHexString(id) + " lost: " + why)) {
      renewals.shutdown();
    }
  }

  long id() {
    return id;
  }

  /** Completes (with the reason) once the lease may have expired; it is never renewed after that. */
  CompletableFuture<String> lost() {
    return lost;
  }

  /** Stops renewing without giving the lease back, as a crashed process would: it expires after its TTL. */
  void abandon() {
    lost.complete("lease " + Long.toHexString(id) + " abandoned");
    renewals.shutdownNow();
  }

  /** Stops renewing and gives the lease back, deleting the keys attached to it at once. */
  @Override
  public void close() {
    abandon();
    try {
      client.getLeaseClient().revoke(id).get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.debug("revoking etcd lease {}: {}", Long.toHexString(id), EtcdStateStore.rootMessage(e));
    }
  }
}
