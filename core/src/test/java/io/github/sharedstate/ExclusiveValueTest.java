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
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
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

  // ---- modifyInterruptibly and tryModify ------------------------------------------------------

  /** One of the two new modify forms, as a call on a value. */
  interface ModifyForm {
    <T> void modify(ExclusiveValue<T> value, Consumer<? super T> action) throws Exception;
  }

  private static final List<ModifyForm> MODIFY_FORMS =
      List.of(
          new ModifyForm() {
            @Override
            public <T> void modify(ExclusiveValue<T> value, Consumer<? super T> action)
                throws InterruptedException {
              value.modifyInterruptibly(action);
            }
          },
          new ModifyForm() {
            @Override
            public <T> void modify(ExclusiveValue<T> value, Consumer<? super T> action)
                throws InterruptedException {
              value.tryModify(Duration.ofSeconds(10), action);
            }
          });

  @Test
  void modifyInterruptibly_and_tryModify_runTheActionUnderTheMutex() throws Exception {
    ExclusiveValue<Deque<String>> queue = ExclusiveValue.of(new ArrayDeque<>());
    queue.modifyInterruptibly(q -> q.push("a"));
    queue.tryModify(Duration.ofSeconds(1), q -> q.push("b"));
    queue.tryModify(Duration.ZERO, q -> q.push("c"));
    assertEquals(List.of("c", "b", "a"), queue.with(List::copyOf));
    assertEquals(4, queue.stats().writeAcquisitions());
    assertFalse(queue.isPoisoned());
    assertDoesNotHoldAnyLock(queue);
  }

  @Test
  void modifyForms_rejectNullsAndNegativeTimeouts_byName_beforeLocking() {
    ExclusiveValue<String> value = ExclusiveValue.of("x");
    assertEquals(
        "action",
        assertThrows(NullPointerException.class, () -> value.modifyInterruptibly(null))
            .getMessage());
    assertEquals(
        "action",
        assertThrows(NullPointerException.class, () -> value.tryModify(Duration.ZERO, null))
            .getMessage());
    assertEquals(
        "timeout",
        assertThrows(NullPointerException.class, () -> value.tryModify(null, s -> {}))
            .getMessage());
    IllegalArgumentException negative =
        assertThrows(
            IllegalArgumentException.class, () -> value.tryModify(Duration.ofNanos(-1), s -> {}));
    assertTrue(negative.getMessage().startsWith("timeout must not be negative"));
    assertEquals(0, value.stats().writeAcquisitions(), "no call took the lock");
  }

  @Test
  void tryModify_underContention_timesOut_withoutRunningTheAction() throws Exception {
    ExclusiveValue<String> value = ExclusiveValue.builder("v").name("mutex").build();
    AtomicBoolean ran = new AtomicBoolean();
    try (LockHolder holder = LockHolder.holding(value)) {
      LockTimeoutException e =
          assertThrows(
              LockTimeoutException.class,
              () -> value.tryModify(Duration.ofMillis(5), s -> ran.set(true)));
      assertTrue(e.getMessage().contains("exclusive lock of 'mutex'"), e.getMessage());
      assertEquals("mutex", e.valueName());
      assertEquals(Duration.ofMillis(5), e.timeout());
      assertThrows(
          LockTimeoutException.class, () -> value.tryModify(Duration.ZERO, s -> ran.set(true)));
    }
    assertFalse(ran.get());
    assertEquals(2, value.stats().timeouts());
    assertFalse(value.isPoisoned());
    assertDoesNotHoldAnyLock(value);
  }

  @Test
  void modifyForms_interruptedWhileWaiting_throwAndHoldNothing() throws Exception {
    ExclusiveValue<String> value = ExclusiveValue.of("v");
    try (LockHolder holder = LockHolder.holding(value)) {
      GuardedValueTest.assertEachInterruptedWhileWaiting(
          List.of(
              () -> value.modifyInterruptibly(s -> {}),
              () -> value.tryModify(Duration.ofMinutes(1), s -> {})));
    }
    assertFalse(value.isPoisoned());
    assertDoesNotHoldAnyLock(value);
  }

  @Test
  void modifyForms_interruptedBeforeTheCall_failFast_andClearTheFlag() throws Exception {
    ExclusiveValue<String> value = ExclusiveValue.of("v");
    AtomicBoolean ran = new AtomicBoolean();
    for (ModifyForm form : MODIFY_FORMS) {
      Thread.currentThread().interrupt();
      assertThrows(InterruptedException.class, () -> form.modify(value, s -> ran.set(true)));
      assertFalse(Thread.interrupted(), "the flag is cleared, as Lock.lockInterruptibly does");
    }
    assertFalse(ran.get());
    assertEquals(0, value.stats().acquisitions());
  }

  @Test
  void modifyForms_failingAction_poisons_andReleasesTheMutex() throws Exception {
    for (ModifyForm form : MODIFY_FORMS) {
      ExclusiveValue<List<String>> value = ExclusiveValue.of(new ArrayList<>());
      UnsupportedOperationException failure = new UnsupportedOperationException("mid-modify");
      assertSame(
          failure,
          assertThrows(
              UnsupportedOperationException.class,
              () ->
                  form.modify(
                      value,
                      l -> {
                        l.add("half");
                        throw failure;
                      })));
      assertTrue(value.isPoisoned());
      PoisonedException poisoned =
          assertThrows(PoisonedException.class, () -> form.modify(value, l -> {}));
      assertSame(failure, poisoned.getCause());
      assertEquals(1, value.stats().poisonings());
      assertDoesNotHoldAnyLock(value);
      assertEquals(List.of("half"), value.recover(l -> l));
    }
  }

  @Test
  void modifyForms_outOfOrder_throwBeforeWaiting_andRunNothing() throws Exception {
    LockOrder order = LockOrder.builder().name("app").rank("first").rank("second").build();
    ExclusiveValue<String> first = ExclusiveValue.of("a", order.rank("first"));
    ExclusiveValue<String> second = ExclusiveValue.of("b", order.rank("second"));
    AtomicBoolean ran = new AtomicBoolean();
    for (ModifyForm form : MODIFY_FORMS) {
      LockOrderViolationException e;
      try (WriteGuard<String> held = second.lock()) {
        e =
            assertThrows(
                LockOrderViolationException.class, () -> form.modify(first, s -> ran.set(true)));
      }
      assertEquals("first", e.requestedLock());
      assertEquals("second", e.heldLock());
    }
    assertFalse(ran.get());
    assertEquals(2, first.stats().violations());
    assertEquals(0, first.stats().writeAcquisitions());
    assertDoesNotHoldAnyLock(first);
    assertDoesNotHoldAnyLock(second);
  }
}
