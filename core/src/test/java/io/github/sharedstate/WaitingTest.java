package io.github.sharedstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/** Uninterruptible waits, and many virtual threads on one SharedState. */
final class WaitingTest {

  /** Runs {@code wait} on a thread that is interrupted while it waits; returns its flag after. */
  private static boolean interruptFlagAfter(Runnable wait, Runnable releaseHolder)
      throws InterruptedException {
    AtomicBoolean flag = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                wait.run();
                flag.set(Thread.currentThread().isInterrupted());
              } catch (Throwable t) {
                failure.set(t);
              }
            });
    waiter.start();
    Await.parked(waiter);
    waiter.interrupt();
    releaseHolder.run();
    waiter.join(10_000);
    if (failure.get() != null) {
      throw new AssertionError("the uninterruptible wait failed", failure.get());
    }
    return flag.get();
  }

  @Test
  void uninterruptibleRead_interruptedWhileWaiting_completesAndKeepsTheFlag() throws Exception {
    GuardedValue<String> value = GuardedValue.of("v");
    LockHolder holder = LockHolder.holdingWrite(value);
    assertTrue(interruptFlagAfter(() -> value.read(s -> s), holder::close));
    assertEquals(1, value.stats().contendedAcquisitions());
  }

  @Test
  void uninterruptibleWith_interruptedWhileWaiting_completesAndKeepsTheFlag() throws Exception {
    ExclusiveValue<String> value = ExclusiveValue.of("v");
    LockHolder holder = LockHolder.holding(value);
    assertTrue(interruptFlagAfter(() -> value.modify(s -> {}), holder::close));
  }

  @Test
  void withAll_interruptedWhileWaiting_completesAndKeepsTheFlag() throws Exception {
    LockOrder order = LockOrder.builder().rank("shard").build();
    ExclusiveValue<int[]> a = ExclusiveValue.of(new int[1], order.rank("shard"));
    ExclusiveValue<int[]> b = ExclusiveValue.of(new int[1], order.rank("shard"));
    LockHolder holder = LockHolder.holding(b);
    assertTrue(
        interruptFlagAfter(
            () -> order.withAll(List.of(a, b), () -> a.with(x -> ++x[0])), holder::close));
    assertEquals(1, (int) a.with(x -> x[0]));
  }

  @Test
  @EnabledForJreRange(min = JRE.JAVA_21)
  void virtualThreads_tenThousand_rankedNestedOnSharedState_countsExact() throws Exception {
    StateKey<GuardedValue<long[]>> registry = StateKey.guarded("registry");
    StateKey<ExclusiveValue<Deque<Long>>> queue = StateKey.exclusive("queue");
    StateKey<GuardedValue<long[]>> metrics = StateKey.guarded("metrics");
    SharedState state =
        SharedState.builder()
            .guarded(registry, new long[1])
            .exclusive(queue, new ArrayDeque<>())
            .guarded(metrics, new long[1])
            .build();
    ExecutorService virtual =
        (ExecutorService)
            Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    try {
      for (int i = 0; i < 10_000; i++) {
        long id = i;
        virtual.execute(
            () ->
                state
                    .get(registry)
                    .modify(
                        r -> {
                          r[0]++;
                          state.get(queue).modify(q -> q.add(id));
                          state.get(metrics).modify(m -> m[0]++);
                        }));
      }
    } finally {
      virtual.shutdown();
      assertTrue(virtual.awaitTermination(2, TimeUnit.MINUTES), "virtual threads did not finish");
    }
    assertEquals(10_000L, (long) state.get(registry).read(r -> r[0]));
    assertEquals(10_000, (int) state.get(queue).with(q -> q.size()));
    assertEquals(10_000L, (long) state.get(metrics).read(m -> m[0]));
    assertEquals(10_000, state.stats().get("queue").writeAcquisitions() - 1);
    assertEquals(0, state.stats().get("queue").violations());
  }
}
