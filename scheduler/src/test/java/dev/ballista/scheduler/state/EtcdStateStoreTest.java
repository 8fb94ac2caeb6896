package dev.ballista.scheduler.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
    EtcdLeaderElection first = store.election("scheduler-a:50050", 1);
    first.awaitLeadership();
    assertEquals("scheduler-a:50050", first.leader());

    EtcdLeaderElection second = ((EtcdStateStore) open()).election("scheduler-b:50050", 1);
    Thread standby = Thread.ofVirtual().start(() -> {
      try {
        second.awaitLeadership();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    standby.join(1500);
    assertTrue(standby.isAlive(), "the standby must wait while the leader's lease lives");
    long crashed = System.nanoTime();
    first.abandon(); // no resignation: the lease has to expire
    standby.join(15_000);
    assertTrue(!standby.isAlive(), "the standby did not take over");
    long tookMillis = (System.nanoTime() - crashed) / 1_000_000;
    assertEquals("scheduler-b:50050", second.leader());
    assertTrue(tookMillis >= 500, "took over after " + tookMillis + " ms, before the lease could expire");

    // The old leader, still running, is fenced off: its writes no longer apply.
    store.fenceWith(first.leaderKey());
    store.putExecutor(executor("zombie"));
    EtcdStateStore current = (EtcdStateStore) open();
    current.fenceWith(second.leaderKey());
    current.putExecutor(executor("e1"));
    assertEquals(List.of(executor("e1")), sameStateFromAnotherClient().load().executors());
    second.close();
    first.close();
  }
}
