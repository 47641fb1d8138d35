package io.github.sharedstate;

import static io.github.sharedstate.GuardedValueTest.assertDoesNotHoldAnyLock;
import static io.github.sharedstate.GuardedValueTest.runConcurrently;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

final class SnapshotValueTest {
  enum Locks {
    ROUTES,
    QUEUE
  }

  private final LockOrder order = LockOrder.of(Locks.class);
  private final SnapshotValue<List<String>> routes =
      SnapshotValue.of(List.of(), order.rank(Locks.ROUTES));
  private final ExclusiveValue<String> queue = ExclusiveValue.of("q", order.rank(Locks.QUEUE));

  private static <T> UnaryOperator<List<T>> adding(T element) {
    return list -> {
      List<T> next = new java.util.ArrayList<>(list);
      next.add(element);
      return List.copyOf(next);
    };
  }

  @Test
  void everyMethod_readsAndWritesTheValue_andCountsWritesExactly() throws Exception {
    assertEquals(List.of(), routes.get());
    assertEquals(List.of("a"), routes.update(adding("a")));
    assertEquals(List.of("a", "b"), routes.updateInterruptibly(adding("b")));
    assertEquals(List.of("a", "b", "c"), routes.tryUpdate(Duration.ofSeconds(1), adding("c")));
    assertEquals(3, (int) routes.read(List::size));
    List<String> d = List.of("d");
    routes.set(d);
    assertSame(d, routes.get());
    List<String> e = List.of("e");
    assertSame(d, routes.getAndSet(e));
    assertFalse(routes.compareAndSet(d, List.of("f")), "the value is no longer d");
    assertTrue(routes.compareAndSet(e, List.of("f")));
    assertEquals(List.of("f"), routes.get());
    LockStats stats = routes.stats();
    assertEquals(7, stats.writeAcquisitions(), "every writer takes the writer lock once");
    assertEquals(0, stats.readAcquisitions(), "reads are not counted");
    assertEquals(0, stats.contendedAcquisitions());
    assertEquals("ROUTES", routes.name());
    assertSame(order.rank(Locks.ROUTES), routes.rank().orElseThrow());
    assertEquals("SnapshotValue[ROUTES]", routes.toString());
  }

  @Test
  void compareAndSet_comparesIdentity_notEquals() {
    String first = new String("v");
    SnapshotValue<String> value = SnapshotValue.of(first);
    assertFalse(value.compareAndSet(new String("v"), "w"), "equal but not the same object");
    assertSame(first, value.get());
    assertTrue(value.compareAndSet(first, "w"));
    assertEquals("w", value.get());
  }

  @Test
  void nullArguments_andNullResults_areRejected_andPublishNothing() {
    SnapshotValue<String> value = SnapshotValue.of("x");
    assertEquals("initial", assertThrows(NullPointerException.class, () -> SnapshotValue.of(null)).getMessage());
    assertThrows(NullPointerException.class, () -> SnapshotValue.of("x", null));
    assertThrows(NullPointerException.class, () -> SnapshotValue.builder(null));
    assertThrows(NullPointerException.class, () -> SnapshotValue.builder("x").name(null));
    assertThrows(NullPointerException.class, () -> SnapshotValue.builder("x").rank(null));
    assertNpeNaming("fn", () -> value.read(null));
    assertNpeNaming("op", () -> value.update(null));
    assertNpeNaming("op", () -> value.updateInterruptibly(null));
    assertNpeNaming("op", () -> value.tryUpdate(Duration.ZERO, null));
    assertNpeNaming("timeout", () -> value.tryUpdate(null, s -> s));
    assertNpeNaming("newValue", () -> value.set(null));
    assertNpeNaming("newValue", () -> value.getAndSet(null));
    assertNpeNaming("expected", () -> value.compareAndSet(null, "y"));
    assertNpeNaming("newValue", () -> value.compareAndSet("x", null));
    assertThrows(
        IllegalArgumentException.class, () -> value.tryUpdate(Duration.ofNanos(-1), s -> s));
    assertEquals(0, value.stats().writeAcquisitions(), "rejected calls take no lock");
    NullPointerException nullResult =
        assertThrows(NullPointerException.class, () -> value.update(s -> null));
    assertTrue(nullResult.getMessage().contains("op returned null"), nullResult.getMessage());
    assertThrows(NullPointerException.class, () -> value.tryUpdate(Duration.ZERO, s -> null));
    assertEquals("x", value.get(), "a null result publishes nothing");
    assertFalse(value.isPoisoned());
    assertDoesNotHoldAnyLock(value);
  }

  private static void assertNpeNaming(String argument, Executable call) {
    assertEquals(argument, assertThrows(NullPointerException.class, call).getMessage());
  }

  @Test
  void failingUpdate_keepsTheOldValue_neverPoisons_andStaysUsable() {
    SnapshotValue<String> value = SnapshotValue.builder("old").name("flags").build();
    OutOfMemoryError failure = new OutOfMemoryError("thrown on purpose");
    assertSame(
        failure,
        assertThrows(
            OutOfMemoryError.class,
            () ->
                value.update(
                    s -> {
                      throw failure;
                    })));
    assertEquals("old", value.get());
    assertFalse(value.isPoisoned());
    value.clearPoison();
    assertEquals(0, value.stats().poisonings());
    assertEquals("new", value.update(s -> "new"));
    assertDoesNotHoldAnyLock(value);
  }

  @Test
  void writeFromInsideItsOwnUpdate_isRejectedAtOnce_namingTheValue() {
    SnapshotValue<Integer> value = SnapshotValue.builder(1).name("counter").build();
    List<UnaryOperator<Integer>> nestedWrites =
        List.of(
            v -> value.update(w -> w + 1),
            v -> {
              value.set(5);
              return v;
            },
            v -> value.getAndSet(5),
            v -> value.compareAndSet(v, 5) ? 5 : v,
            v -> {
              try {
                return value.updateInterruptibly(w -> w + 1);
              } catch (InterruptedException e) {
                throw new AssertionError(e);
              }
            });
    for (UnaryOperator<Integer> nested : nestedWrites) {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> value.update(nested));
      assertTrue(e.getMessage().contains("'counter'"), e.getMessage());
      assertTrue(e.getMessage().contains("inside its own update function"), e.getMessage());
      assertEquals(1, (int) value.get(), "neither write is published");
    }
    assertDoesNotHoldAnyLock(value);
    // The function may read its own value, and a caught rejection leaves the outer write intact.
    assertEquals(
        3,
        (int)
            value.update(
                v -> {
                  assertThrows(IllegalStateException.class, () -> value.set(9));
                  return value.get() + v + 1;
                }));
    assertEquals(3, (int) value.update(v -> v), "the value is writable again after the update");
  }

  @Test
  void writeWhileHoldingTheWriterLockThroughWithAll_works() {
    List<String> result =
        order.withAll(
            List.of(queue, routes),
            () -> {
              routes.set(List.of("a"));
              queue.update(q -> q + "!");
              return routes.update(adding("b"));
            });
    assertEquals(List.of("a", "b"), result);
    assertEquals(List.of("a", "b"), routes.get());
    assertEquals(3, routes.stats().writeAcquisitions(), "withAll, set and update");
    IllegalStateException failure = new IllegalStateException("fails inside withAll");
    assertSame(
        failure,
        assertThrows(
            IllegalStateException.class,
            () ->
                order.withAll(
                    List.of(routes, queue),
                    () -> {
                      routes.set(List.of("published before the failure"));
                      throw failure;
                    })));
    assertTrue(queue.isPoisoned(), "withAll poisons what it held");
    assertFalse(routes.isPoisoned(), "a snapshot value is never poisoned");
    assertEquals(List.of("published before the failure"), routes.get());
    assertDoesNotHoldAnyLock(routes);
  }

  @Test
  void rankedWriter_outOfOrder_isRejectedBeforeWaiting() throws Exception {
    try (LockHolder holder = LockHolder.holding(routes)) {
      // The writer lock is taken by another thread: a check after waiting would hang here.
      LockOrderViolationException e =
          assertThrows(
              LockOrderViolationException.class,
              () -> queue.with(q -> routes.update(adding("x"))));
      assertEquals("ROUTES", e.requestedLock());
      assertEquals("QUEUE", e.heldLock());
      queue.clearPoison(); // the violation left the enclosing with() like any failure
      List<Executable> writers =
          List.of(
              () -> routes.set(List.of()),
              () -> routes.getAndSet(List.of()),
              () -> routes.compareAndSet(List.of(), List.of()),
              () -> routes.tryUpdate(Duration.ofMinutes(1), l -> l),
              () -> routes.updateInterruptibly(l -> l));
      try (WriteGuard<String> held = queue.lock()) {
        for (Executable writer : writers) {
          assertThrows(LockOrderViolationException.class, writer);
        }
      }
    }
    assertEquals(6, routes.stats().violations());
    assertEquals(List.of(), routes.get());
    assertTrue(order.heldByCurrentThread().isEmpty());
  }

  @Test
  void get_whileHoldingHigherRankedLocks_orWhileAWriterHoldsTheLock_neverWaits()
      throws Exception {
    routes.set(List.of("a"));
    assertEquals(List.of("a"), queue.with(q -> routes.get()));
    assertEquals(1, (int) queue.with(q -> routes.read(List::size)));
    try (LockHolder holder = LockHolder.holding(routes)) {
      assertEquals(List.of("a"), routes.get(), "a reader does not wait for the writer");
      assertEquals(List.of("a"), queue.with(q -> routes.get()));
    }
    assertEquals(0, routes.stats().violations());
  }

  @Test
  void tryUpdate_underContention_timesOut_andRunsNothing() throws Exception {
    SnapshotValue<String> value = SnapshotValue.builder("v").name("flags").fair(true).build();
    AtomicBoolean ran = new AtomicBoolean();
    try (LockHolder holder = LockHolder.holding(value)) {
      LockTimeoutException e =
          assertThrows(
              LockTimeoutException.class,
              () ->
                  value.tryUpdate(
                      Duration.ofMillis(5),
                      s -> {
                        ran.set(true);
                        return "w";
                      }));
      assertTrue(e.getMessage().contains("'flags'"), e.getMessage());
      assertThrows(LockTimeoutException.class, () -> value.tryUpdate(Duration.ZERO, s -> "w"));
    }
    assertFalse(ran.get());
    assertEquals("v", value.get());
    LockStats stats = value.stats();
    assertEquals(2, stats.timeouts());
    assertEquals(1, stats.writeAcquisitions(), "only the holder's update");
    assertEquals("w", value.tryUpdate(Duration.ofSeconds(1), s -> "w"));
  }

  @Test
  void interruptibleForms_throwWhenInterrupted_beforeOrWhileWaiting() throws Exception {
    SnapshotValue<String> value = SnapshotValue.of("v");
    List<GuardedValueTest.ThrowingCall> calls =
        List.of(
            () -> value.updateInterruptibly(s -> "w"),
            () -> value.tryUpdate(Duration.ofMinutes(1), s -> "w"));
    try (LockHolder holder = LockHolder.holding(value)) {
      GuardedValueTest.assertEachInterruptedWhileWaiting(calls);
    }
    Thread.currentThread().interrupt();
    assertThrows(InterruptedException.class, () -> value.updateInterruptibly(s -> "w"));
    assertFalse(Thread.interrupted(), "the flag is consumed, as Lock.lockInterruptibly does");
    assertEquals("v", value.get());
    assertDoesNotHoldAnyLock(value);
  }

  @Test
  void contendedWriter_isCountedWithItsWait() throws Exception {
    SnapshotValue<Integer> value = SnapshotValue.of(0);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread waiter;
    try (LockHolder holder = LockHolder.holding(value)) {
      waiter =
          new Thread(
              () -> {
                try {
                  value.update(v -> v + 1);
                } catch (Throwable t) {
                  failure.set(t);
                }
              });
      waiter.start();
      Await.parked(waiter);
    }
    waiter.join(10_000);
    assertNull(failure.get());
    assertEquals(1, (int) value.get());
    LockStats stats = value.stats();
    assertEquals(2, stats.writeAcquisitions());
    assertEquals(1, stats.contendedAcquisitions());
    assertTrue(stats.maxWait().toNanos() > 0);
  }

  @Test
  void concurrentUpdates_loseNone() throws Exception {
    SnapshotValue<Integer> counter = SnapshotValue.of(0);
    runConcurrently(
        4,
        () -> {
          for (int i = 0; i < 5_000; i++) {
            if (i % 2 == 0) {
              counter.update(v -> v + 1);
            } else {
              Integer seen;
              do {
                seen = counter.get();
              } while (!counter.compareAndSet(seen, seen + 1));
            }
          }
        });
    assertEquals(20_000, (int) counter.get());
    assertEquals(0, counter.stats().violations());
  }

  @Test
  void unrankedValue_isNamedByKind_andTakesNoPartInAnyOrder() {
    SnapshotValue<String> value = SnapshotValue.of("x");
    assertTrue(value.name().startsWith("SnapshotValue@"), value.name());
    assertTrue(value.rank().isEmpty());
    assertEquals("x!", queue.with(q -> value.update(s -> s + "!")));
    assertInstanceOf(SharedValue.class, value);
  }
}
