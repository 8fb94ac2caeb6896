package dev.ballista.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballista.proto.ExecutorMetadata;
import dev.ballista.scheduler.state.InMemoryStateStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shuffle compression follows placement: only executors on different hosts exchange files over a network. */
class ExecutorRegistryTest {
  private static ExecutorMetadata executor(String id, String host) {
    return ExecutorMetadata.newBuilder().setId(id).setHost(host).setPort(1).setTaskSlots(1).build();
  }

  @Test
  void executorsOnOneHostDoNotSpanHosts() {
    InMemoryStateStore store = new InMemoryStateStore();
    ExecutorRegistry registry = new ExecutorRegistry(store);
    try {
      assertFalse(registry.spansHosts());
      registry.register(executor("a", "127.0.0.1"), 0);
      registry.register(executor("b", "127.0.0.1"), 0);
      assertFalse(registry.spansHosts());
      registry.register(executor("c", "10.0.0.7"), 0);
      assertTrue(registry.spansHosts());
      registry.remove("c");
      assertFalse(registry.spansHosts());
      // Registrations and removals are written through to the state store, for a standby scheduler.
      assertEquals(List.of("a", "b"), store.load().executors().stream().map(ExecutorMetadata::getId).toList());
    } finally {
      registry.close();
    }
  }
}
