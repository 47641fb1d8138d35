package io.github.sharedstate.jlinkcheck;

import io.github.sharedstate.ExclusiveValue;
import io.github.sharedstate.GuardedValue;
import io.github.sharedstate.LockOrder;
import io.github.sharedstate.LockOrderViolationException;
import io.github.sharedstate.LockStats;
import io.github.sharedstate.ShardedValue;
import io.github.sharedstate.SharedState;
import io.github.sharedstate.SnapshotValue;
import io.github.sharedstate.StateKey;
import io.github.sharedstate.WriteGuard;
import java.util.ArrayList;
import java.util.List;

/**
 * Run by core/jlink-check.sh on a runtime image that holds only java.base: every value type
 * (guarded, exclusive, snapshot, sharded) in use, a lock-order violation (thrown and warned) and a contended wait, with no jdk.jfr. Exits
 * with status 1 and a message if anything does not behave.
 */
public final class Main {
  enum Locks { REGISTRY, QUEUE }

  private Main() {}

  public static void main(String[] args) throws Exception {
    System.out.println("jdk.jfr in the boot layer: " + ModuleLayer.boot().findModule("jdk.jfr").isPresent());
    LockOrder order = LockOrder.of(Locks.class);
    GuardedValue<List<String>> registry = GuardedValue.of(new ArrayList<>(), order.rank(Locks.REGISTRY));
    ExclusiveValue<List<String>> queue = ExclusiveValue.of(new ArrayList<>(), order.rank(Locks.QUEUE));
    registry.modify(r -> queue.modify(q -> q.add("task")));
    check(registry.read(List::size) == 0 && queue.with(List::size) == 1, "values hold their state");

    try {
      queue.with(q -> registry.read(List::size));
      throw new AssertionError("no violation");
    } catch (LockOrderViolationException expected) {
      check(registry.stats().violations() == 1, "the violation is counted");
    }
    queue.clearPoison();

    LockOrder warned = LockOrder.builder(Locks.class).policy(LockOrder.Policy.WARN).build();
    ExclusiveValue<Integer> a = ExclusiveValue.of(1, warned.rank(Locks.REGISTRY));
    ExclusiveValue<Integer> b = ExclusiveValue.of(2, warned.rank(Locks.QUEUE));
    check(b.with(x -> a.with(y -> x + y)) == 3, "a warned violation carries on");

    StateKey<GuardedValue<List<String>>> agents = StateKey.guarded("agents");
    StateKey<ExclusiveValue<Integer>> counter = StateKey.exclusive("counter");
    StateKey<SnapshotValue<String>> config = StateKey.snapshot("config");
    StateKey<ShardedValue<int[]>> hits = StateKey.sharded("hits");
    SharedState state =
        SharedState.builder()
            .guarded(agents, new ArrayList<>())
            .exclusive(counter, 0)
            .snapshot(config, "v1")
            .sharded(hits, 4, () -> new int[1])
            .build();
    state.get(config).update(v -> v + "+");
    check(state.get(config).get().equals("v1+"), "a snapshot value is replaced");
    for (String key : List.of("a", "b", "c")) {
      state.get(hits).modify(key, h -> h[0]++);
    }
    int total = state.get(hits).withAll(shards -> shards.stream().mapToInt(h -> h[0]).sum());
    check(total == 3, "a sharded value counts across shards");
    order.withAll(List.of(registry), () -> registry.write(r -> r.add("x")));
    state.get(counter).update(n -> n + 1);

    // A contended wait: hold the counter's mutex through a guard while another thread asks.
    ExclusiveValue<Integer> contended = state.get(counter);
    Thread waiter;
    try (WriteGuard<Integer> held = contended.lock()) {
      waiter = new Thread(() -> contended.update(n -> n + 1), "waiter");
      waiter.start();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (waiter.getState() != Thread.State.WAITING) {
        check(System.nanoTime() < deadline, "the waiter waits");
        Thread.onSpinWait();
      }
      held.set(held.get() + 10);
    }
    waiter.join();
    LockStats stats = contended.stats();
    check(contended.with(n -> n) == 12, "both updates happened");
    check(stats.contendedAcquisitions() == 1 && stats.waits() == 1, "the wait is counted");
    System.out.print(state.statsTable());
    System.out.println("jlink check passed");
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError("failed: " + what);
    }
  }
}
