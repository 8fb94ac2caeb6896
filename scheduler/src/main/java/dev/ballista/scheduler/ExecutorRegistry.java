package dev.ballista.scheduler;

import dev.ballista.proto.ExecutorMetadata;
import dev.ballista.proto.ExecutorServiceGrpc;
import dev.ballista.scheduler.state.StateStore;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The executors the scheduler knows, their free task slots and when each was last heard from. */
final class ExecutorRegistry {
  static final class Entry {
    final ExecutorMetadata metadata;
    final ManagedChannel channel;
    final ExecutorServiceGrpc.ExecutorServiceStub stub;
    volatile long lastSeenMillis;
    /** Running tasks the executor reported in its last heartbeat. */
    volatile int reportedRunningTasks;
    /** Shutting down: it finishes or hands back what it has and gets nothing new. */
    volatile boolean draining;
    /** Guarded by the JobManager's lock. */
    int freeSlots;

    Entry(ExecutorMetadata metadata, long now) {
      this.metadata = metadata;
      this.channel = NettyChannelBuilder.forAddress(metadata.getHost(), metadata.getPort()).usePlaintext()
          .maxInboundMessageSize(Integer.MAX_VALUE).build();
      this.stub = ExecutorServiceGrpc.newStub(channel);
      this.lastSeenMillis = now;
      this.freeSlots = metadata.getTaskSlots();
    }

    String id() {
      return metadata.getId();
    }
  }

  private final Map<String, Entry> executors = new ConcurrentHashMap<>();
  private final StateStore store;

  ExecutorRegistry(StateStore store) {
    this.store = store;
  }

  /** Registers (or re-registers, with all slots free) an executor. */
  Entry register(ExecutorMetadata metadata, long now) {
    store.putExecutor(metadata);
    return restore(metadata, now);
  }

  /** Takes back an executor a previous leader knew; it is lost unless it heartbeats within the timeout. */
  Entry restore(ExecutorMetadata metadata, long now) {
    Entry entry = new Entry(metadata, now);
    Entry old = executors.put(metadata.getId(), entry);
    if (old != null) {
      old.channel.shutdownNow();
    }
    return entry;
  }

  /** Records a sign of life; false when the executor is unknown (it must register again). */
  boolean heartbeat(String id, long now) {
    Entry e = executors.get(id);
    if (e == null) {
      return false;
    }
    e.lastSeenMillis = now;
    return true;
  }

  /** Records a heartbeat with the executor's own count of running tasks. */
  boolean heartbeat(String id, long now, int runningTasks) {
    Entry e = executors.get(id);
    if (e == null) {
      return false;
    }
    e.lastSeenMillis = now;
    e.reportedRunningTasks = runningTasks;
    return true;
  }

  Entry get(String id) {
    return executors.get(id);
  }

  List<Entry> all() {
    List<Entry> list = new ArrayList<>(executors.values());
    list.sort(Comparator.comparing(Entry::id));
    return list;
  }

  /** Whether the executors run on more than one host (then shuffle files may travel over a network). */
  boolean spansHosts() {
    return executors.values().stream().map(e -> e.metadata.getHost()).distinct().limit(2).count() > 1;
  }

  int totalSlots() {
    int slots = 0;
    for (Entry e : executors.values()) {
      slots += e.metadata.getTaskSlots();
    }
    return slots;
  }

  /** Removes and returns executors not heard from since {@code deadline}. */
  List<Entry> expire(long deadline) {
    List<Entry> lost = new ArrayList<>();
    for (Entry e : executors.values()) {
      if (e.lastSeenMillis < deadline && executors.remove(e.id(), e)) {
        store.removeExecutor(e.id());
        lost.add(e);
      }
    }
    return lost;
  }

  Entry remove(String id) {
    store.removeExecutor(id);
    return executors.remove(id);
  }

  void close() {
    for (Entry e : executors.values()) {
      e.channel.shutdownNow();
      try {
        e.channel.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    executors.clear();
  }
}
