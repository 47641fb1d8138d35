package io.github.sharedstate;

import static io.github.sharedstate.GuardedValueTest.assertDoesNotHoldAnyLock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * User functions that throw, at every point of the single, nested and multi-acquire paths: the
 * failure reaches the caller unchanged, every lock is released, the held-lock record is empty,
 * and the poison state is exactly as documented (writers poison, readers and updates do not).
 */
final class FaultInjectionTest {
  enum Locks {
    OUTER,
    INNER,
    SHARD
  }

  /** Throws a checked exception from code that declares none, as some libraries do. */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }

  private static List<Supplier<Throwable>> failures() {
    return List.of(
        () -> new IllegalStateException("runtime"),
        () -> new IOException("checked, smuggled"),
        () -> new StackOverflowError("thrown on purpose"),
        () -> new OutOfMemoryError("thrown on purpose"),
        () -> new AssertionError("an Error"));
  }

  @TestFactory
  Stream<DynamicTest> everyFailure_atEveryPoint_releasesEverything() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Supplier<Throwable> failure : failures()) {
      String kind = failure.get().getClass().getSimpleName();
      tests.add(dynamicTest(kind + " in write", () -> inWrite(failure.get())));
      tests.add(dynamicTest(kind + " in read", () -> inRead(failure.get())));
      tests.add(dynamicTest(kind + " in update", () -> inUpdate(failure.get())));
      tests.add(dynamicTest(kind + " in nested inner writer", () -> inNested(failure.get())));
      tests.add(dynamicTest(kind + " in withAll action", () -> inWithAll(failure.get())));
      tests.add(dynamicTest(kind + " in guard block", () -> inGuard(failure.get())));
      tests.add(dynamicTest(kind + " in recover", () -> inRecover(failure.get())));
    }
    return tests.stream();
  }

  private static void assertRethrown(Throwable expected, Executable call) {
    Throwable thrown = assertThrows(Throwable.class, call);
    assertSame(expected, thrown);
  }

  private static void inWrite(Throwable failure) {
    LockOrder order = LockOrder.of(Locks.class);
    GuardedValue<int[]> value = GuardedValue.of(new int[1], order.rank(Locks.OUTER));
    assertRethrown(failure, () -> value.write(v -> {
      v[0] = 1;
      throw sneaky(failure);
    }));
    assertTrue(value.isPoisoned());
    assertSame(failure, assertThrows(PoisonedException.class, () -> value.read(v -> v)).getCause());
    assertTrue(order.heldByCurrentThread().isEmpty());
    assertDoesNotHoldAnyLock(value);
  }

  private static void inRead(Throwable failure) {
    LockOrder order = LockOrder.of(Locks.class);
    GuardedValue<int[]> value = GuardedValue.of(new int[1], order.rank(Locks.OUTER));
    assertRethrown(failure, () -> value.read(v -> {
      throw sneaky(failure);
    }));
    assertFalse(value.isPoisoned(), "readers never poison");
    assertTrue(order.heldByCurrentThread().isEmpty());
    assertDoesNotHoldAnyLock(value);
  }

  private static void inUpdate(Throwable failure) {
    ExclusiveValue<Integer> value = ExclusiveValue.of(1, LockOrder.of(Locks.class).rank(Locks.INNER));
    assertRethrown(failure, () -> value.update(v -> {
      throw sneaky(failure);
    }));
    assertFalse(value.isPoisoned(), "a failing update keeps the old value");
    assertEquals(1, (int) value.with(v -> v));
    assertDoesNotHoldAnyLock(value);
  }

  private static void inNested(Throwable failure) {
    LockOrder order = LockOrder.of(Locks.class);
    GuardedValue<int[]> outer = GuardedValue.of(new int[1], order.rank(Locks.OUTER));
    ExclusiveValue<int[]> inner = ExclusiveValue.of(new int[1], order.rank(Locks.INNER));
    assertRethrown(failure, () -> outer.write(o -> inner.with(i -> {
      throw sneaky(failure);
    })));
    assertTrue(inner.isPoisoned(), "the failing writer's value");
    assertTrue(outer.isPoisoned(), "the failure also left the enclosing writer");
    assertTrue(order.heldByCurrentThread().isEmpty());
    assertDoesNotHoldAnyLock(outer);
    assertDoesNotHoldAnyLock(inner);
  }

  private static void inWithAll(Throwable failure) {
    LockOrder order = LockOrder.of(Locks.class);
    ExclusiveValue<int[]> a = ExclusiveValue.of(new int[1], order.rank(Locks.SHARD));
    GuardedValue<int[]> b = GuardedValue.of(new int[1], order.rank(Locks.SHARD));
    assertRethrown(failure, () -> order.withAll(List.of(a, b), () -> {
      throw sneaky(failure);
    }));
    assertTrue(a.isPoisoned() && b.isPoisoned());
    assertTrue(order.heldByCurrentThread().isEmpty());
    assertDoesNotHoldAnyLock(a);
    assertDoesNotHoldAnyLock(b);
  }

  private static void inGuard(Throwable failure) {
    LockOrder order = LockOrder.of(Locks.class);
    GuardedValue<int[]> value = GuardedValue.of(new int[1], order.rank(Locks.OUTER));
    assertRethrown(failure, () -> {
      try (WriteGuard<int[]> guard = value.lockWrite()) {
        guard.get()[0] = 1;
        throw sneaky(failure);
      }
    });
    assertFalse(value.isPoisoned(), "close() cannot see the failure: guards do not poison");
    assertTrue(order.heldByCurrentThread().isEmpty());
    assertDoesNotHoldAnyLock(value);
  }

  private static void inRecover(Throwable failure) {
    ExclusiveValue<Integer> value = ExclusiveValue.of(1);
    assertThrows(IllegalStateException.class, () -> value.modify(v -> {
      throw new IllegalStateException("poison it");
    }));
    assertRethrown(failure, () -> value.recover(v -> {
      throw sneaky(failure);
    }));
    assertTrue(value.isPoisoned(), "a failed repair leaves the poison");
    assertEquals(2, (int) value.recover(v -> 2));
    assertDoesNotHoldAnyLock(value);
  }
}
