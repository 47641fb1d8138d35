package io.github.sharedstate;

import static io.github.sharedstate.GuardedValueTest.assertDoesNotHoldAnyLock;
import static io.github.sharedstate.GuardedValueTest.runConcurrently;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

final class ExclusiveValueTest {

  @Test
  void with_and_update_seeAndChangeTheValue() {
    ExclusiveValue<Deque<String>> queue = ExclusiveValue.of(new ArrayDeque<>());
    queue.modify(q -> q.push("a"));
    assertEquals("a", queue.with(Deque::peek));
    Deque<String> replaced = queue.update(q -> new ArrayDeque<>(java.util.List.of("b")));
    assertEquals("b", queue.with(Deque::peek));
    assertSame(replaced, queue.with(q -> q));
    LockStats stats = queue.stats();
    assertEquals(0, stats.readAcquisitions());
    assertEquals(5, stats.writeAcquisitions());
    queue.modify(Deque::clear);
    assertEquals(0, (int) queue.with(Deque::size));
  }

  @Test
  void nullArguments_areRejectedByName() {
    ExclusiveValue<String> value = ExclusiveValue.of("x");
    assertThrows(NullPointerException.class, () -> ExclusiveValue.of(null));
    assertEquals("fn", assertThrows(NullPointerException.class, () -> value.with(null)).getMessage());
    assertEquals(
        "op", assertThrows(NullPointerException.class, () -> value.update(null)).getMessage());
    assertEquals(
        "timeout",
        assertThrows(NullPointerException.class, () -> value.tryWith(null, s -> s)).getMessage());
    assertThrows(NullPointerException.class, () -> value.tryLock(null));
    assertThrows(IllegalArgumentException.class, () -> value.tryLock(Duration.ofNanos(-1)));
    assertThrows(NullPointerException.class, () -> value.update(s -> null));
    assertEquals("x", value.with(s -> s));
  }

  @Test
  void with_failing_poisons_untilClearPoison() {
    ExclusiveValue<Map<String, Integer>> value = ExclusiveValue.of(new HashMap<>());
    IllegalStateException failure = new IllegalStateException("mid-update");
    assertSame(
        failure,
        assertThrows(
            IllegalStateException.class,
            () ->
                value.with(
                    m -> {
                      m.put("half", 1);
                      throw failure;
                    })));
    PoisonedException poisoned = assertThrows(PoisonedException.class, () -> value.with(m -> m));
    assertSame(failure, poisoned.getCause());
    assertThrows(PoisonedException.class, value::lock);
    value.clearPoison();
    assertEquals(1, (int) value.with(m -> m.get("half")), "clearPoison keeps the value as it is");
    assertDoesNotHoldAnyLock(value);
  }

  @Test
  void recover_repairsAndClears() {
    ExclusiveValue<Integer> value = ExclusiveValue.of(1);
    assertThrows(
        OutOfMemoryError.class,
        () ->
            value.with(
                v -> {
                  throw new OutOfMemoryError("thrown on purpose");
                }));
    assertTrue(value.isPoisoned());
    assertEquals(0, (int) value.recover(v -> 0));
    assertFalse(value.isPoisoned());
    assertEquals(1, value.stats().poisonings());
  }

  @Test
  void reentry_isAllowed() {
    ExclusiveValue<Integer> value = ExclusiveValue.of(1);
    assertEquals(2, (int) value.with(a -> value.update(b -> b + 1)));
    try (WriteGuard<Integer> outer = value.lock()) {
      try (WriteGuard<Integer> inner = value.lock()) {
        inner.set(3);
      }
      assertEquals(3, (int) outer.get());
    }
    assertDoesNotHoldAnyLock(value);
  }

  @Test
  void guard_usedAfterClose_orOnAnotherThread_fails() throws Exception {
    ExclusiveValue<String> value = ExclusiveValue.of("a");
    WriteGuard<String> guard = value.lock();
    AtomicReference<Throwable> foreign = new AtomicReference<>();
    Thread other =
        new Thread(
            () -> {
              try {
                guard.get();
              } catch (Throwable t) {
                foreign.set(t);
              }
            });
    other.start();
    other.join();
    assertInstanceOf(IllegalStateException.class, foreign.get());
    guard.close();
    assertThrows(IllegalStateException.class, guard::close);
    assertThrows(IllegalStateException.class, guard::get);
    assertDoesNotHoldAnyLock(value);
  }

  @Test
  void tryWith_underContention_timesOut() throws Exception {
    ExclusiveValue<String> value = ExclusiveValue.builder("v").name("mutex").build();
    try (LockHolder holder = LockHolder.holding(value)) {
      LockTimeoutException e =
          assertThrows(LockTimeoutException.class, () -> value.tryWith(Duration.ofMillis(5), s -> s));
      assertTrue(e.getMessage().contains("exclusive lock of 'mutex'"));
      assertThrows(LockTimeoutException.class, () -> value.tryUpdate(Duration.ZERO, s -> s));
      assertThrows(LockTimeoutException.class, () -> value.tryLock(Duration.ZERO));
    }
    assertEquals(3, value.stats().timeouts());
    try (WriteGuard<String> guard = value.tryLock(Duration.ofSeconds(1))) {
      guard.set("w");
    }
    assertEquals("w", value.tryWith(Duration.ofSeconds(1), s -> s));
    assertEquals("x", value.tryUpdate(Duration.ofSeconds(1), s -> "x"));
  }

  @Test
  void interruptibleForms_throwWhenInterruptedWhileWaiting() throws Exception {
    ExclusiveValue<String> value = ExclusiveValue.of("v");
    java.util.List<GuardedValueTest.ThrowingCall> calls =
        java.util.List.of(
            () -> value.withInterruptibly(s -> s),
            () -> value.updateInterruptibly(s -> s),
            value::lockInterruptibly,
            () -> value.tryWith(Duration.ofMinutes(1), s -> s));
    try (LockHolder holder = LockHolder.holding(value)) {
      GuardedValueTest.assertEachInterruptedWhileWaiting(calls);
    }
    assertDoesNotHoldAnyLock(value);
  }

  @Test
  void exclusiveWrites_loseNoUpdate() throws Exception {
    ExclusiveValue<long[]> counter = ExclusiveValue.of(new long[1]);
    runConcurrently(
        8,
        () -> {
          for (int i = 0; i < 10_000; i++) {
            counter.with(c -> c[0]++);
          }
        });
    assertEquals(80_000L, (long) counter.with(c -> c[0]));
  }

  @Test
  @EnabledForJreRange(min = JRE.JAVA_21)
  void virtualThreads_tenThousandContend_countIsExact() throws Exception {
    ExclusiveValue<long[]> counter = ExclusiveValue.of(new long[1]);
    // Executors.newVirtualThreadPerTaskExecutor() is JDK 21+; this code is compiled for 17.
    ExecutorService virtual =
        (ExecutorService)
            Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    try {
      for (int i = 0; i < 10_000; i++) {
        virtual.execute(
            () -> {
              for (int j = 0; j < 10; j++) {
                counter.with(c -> c[0]++);
              }
            });
      }
    } finally {
      virtual.shutdown();
      assertTrue(virtual.awaitTermination(2, TimeUnit.MINUTES), "virtual threads did not finish");
    }
    assertEquals(100_000L, (long) counter.with(c -> c[0]));
    assertEquals(100_001L, counter.stats().writeAcquisitions());
  }

  @Test
  void guardedAndExclusive_together_keepAnInvariant() throws Exception {
    // Integration: units move from a queue into a registry; their sum never changes.
    ExclusiveValue<long[]> pending = ExclusiveValue.of(new long[] {10_000});
    GuardedValue<long[]> done = GuardedValue.of(new long[1]);
    AtomicReference<String> broken = new AtomicReference<>();
    runConcurrently(
        4,
        () -> {
          for (int i = 0; i < 5_000; i++) {
            if (i % 2 == 0) {
              done.write(
                  d ->
                      pending.with(
                          p -> {
                            if (p[0] > 0) {
                              p[0]--;
                              d[0]++;
                            }
                            return null;
                          }));
            } else {
              done.read(
                  d ->
                      pending.with(
                          p -> {
                            if (p[0] + d[0] != 10_000) {
                              broken.set(p[0] + " + " + d[0]);
                            }
                            return null;
                          }));
            }
          }
        });
    assertEquals(null, broken.get());
    assertEquals(10_000L, (long) done.read(d -> d[0]));
  }
}
