package dev.ballista.scheduler.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The state store contract against a real etcd server, each test under its own key prefix. */
class EtcdStateStoreTest extends StateStoreContract {
  private static EtcdProcess etcd;
  private final List<StateStore> opened = new ArrayList<>();
  private String prefix;

  @BeforeAll
  static void startEtcd() throws Exception {
    etcd = EtcdProcess.start();
  }

  @AfterAll
  static void stopEtcd() throws Exception {
    if (etcd != null) {
      etcd.close();
    }
  }

  @AfterEach
  void closeStores() {
    opened.forEach(StateStore::close);
  }

  @Override
  StateStore store() {
    prefix = "/test-" + UUID.randomUUID() + "/";
    return open();
  }

  @Override
  StateStore sameStateFromAnotherClient() {
    // The writer's asynchronous writes must be visible to any client once flushed.
    opened.forEach(StateStore::flush);
    return open();
  }

  private StateStore open() {
    StateStore s = EtcdStateStore.connect(etcd.endpoint(), prefix);
    opened.add(s);
    return s;
  }

  @Test
  void aSchedulerWithAWrongEndpointFailsAtStartSayingSo() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> EtcdStateStore.connect("http://127.0.0.1:1", "/x/", java.time.Duration.ofSeconds(1)));
    assertTrue(e.getMessage().startsWith("etcd at http://127.0.0.1:1 does not answer"), e.getMessage());
  }

  @Test
  void theOldestCandidateLeadsAndTheNextTakesOverWhenItsLeaseExpires() throws Exception {
    EtcdStateStore store = (EtcdStateStore) store();
    EtcdLeaderElection first = store.election("scheduler-a:50050", 2);
    first.awaitLeadership();
    assertEquals("scheduler-a:50050", first.leader());

    EtcdLeaderElection second = ((EtcdStateStore) open()).election("scheduler-b:50050", 2);
    Thread standby = Thread.ofVirtual().start(() -> {
      try {
        second.awaitLeadership();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    awaitCandidates(store, 2);
    assertTrue(standby.isAlive(), "the standby must wait while the leader's lease lives");

    // The standby's own lease lapses (here: revoked behind its back, as after a long pause): it campaigns again
    // with a new one instead of waiting forever on a dead key.
    long standbyLease = leaseOf(store, "scheduler-b:50050");
    try (Client raw = Client.builder().endpoints(etcd.endpoint()).build()) {
      raw.getLeaseClient().revoke(standbyLease).get(10, TimeUnit.SECONDS);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (leaseOf(store, "scheduler-b:50050") == standbyLease || leaseOf(store, "scheduler-b:50050") == 0) {
      assertTrue(System.nanoTime() < deadline, "the standby did not campaign again");
      Thread.sleep(20);
    }
    assertTrue(standby.isAlive(), "the standby must still wait while the leader's lease lives");

    long crashed = System.nanoTime();
    first.abandon(); // no resignation: the lease has to expire
    standby.join(15_000);
    assertTrue(!standby.isAlive(), "the standby did not take over");
    long tookMillis = (System.nanoTime() - crashed) / 1_000_000;
    assertEquals("scheduler-b:50050", second.leader());
    assertTrue(tookMillis >= 1000, "took over after " + tookMillis + " ms, before the lease could expire");

    // The old leader, still running, is fenced off: its writes no longer apply.
    store.fenceWith(first.leaderKey());
    store.putExecutor(executor("zombie"));
    EtcdStateStore current = (EtcdStateStore) open();
    current.fenceWith(second.leaderKey());
    current.putExecutor(executor("e1"));
    assertEquals(List.of(executor("e1")), sameStateFromAnotherClient().load().executors());
    second.close();
    first.close();
    assertEquals(0, store.candidates(), "a leader that stops gracefully gives its key back");
  }

  private static void awaitCandidates(EtcdStateStore store, long count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (store.candidates() != count) {
      assertTrue(System.nanoTime() < deadline, "never " + count + " candidates");
      Thread.sleep(20);
    }
  }

  /** The lease of the candidate's key in the election, or 0 when it has none. */
  private long leaseOf(EtcdStateStore store, String candidate) throws Exception {
    try (Client raw = Client.builder().endpoints(etcd.endpoint()).build()) {
      for (KeyValue kv : raw.getKVClient().get(ByteSequence.from(prefix + "leader/", StandardCharsets.UTF_8),
          GetOption.builder().isPrefix(true).build()).get(10, TimeUnit.SECONDS).getKvs()) {
        if (kv.getValue().toString(StandardCharsets.UTF_8).equals(candidate)) {
          return kv.getLease();
        }
      }
    }
    return 0;
  }
}
