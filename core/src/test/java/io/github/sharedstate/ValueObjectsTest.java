package io.github.sharedstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Stats arithmetic, descriptions and the plain (uncontended) interruptible and timed forms. */
final class ValueObjectsTest {

  @Test
  void lockStats_derivedNumbers() {
    LockStats none =
        new LockStats(
            0, 0, 0, Duration.ZERO, Duration.ZERO, 0, 0, 0, 0, Duration.ZERO, 0, Duration.ZERO,
            Duration.ZERO);
    assertEquals(0.0, none.contendedRatio());
    LockStats some =
        new LockStats(
            3, 1, 1, Duration.ofMillis(2), Duration.ofMillis(2), 0, 0, 0, 0, Duration.ZERO, 0,
            Duration.ZERO, Duration.ZERO);
    assertEquals(4, some.acquisitions());
    assertEquals(0.25, some.contendedRatio());
  }

  @Test
  void toStrings_sayWhatTheyAre() {
    LockOrder order = LockOrder.builder().name("app").rank("a").rank("b").build();
    assertEquals("LockOrder[app: a < b, THROW]", order.toString());
    assertEquals("b (rank 1 in app)", order.rank("b").toString());
    ExclusiveValue<Integer> value = ExclusiveValue.builder(1).name("counter").fair(true).build();
    assertEquals("ExclusiveValue[counter]", value.toString());
    try (WriteGuard<Integer> guard = value.lock()) {
      assertEquals("WriteGuard[counter]", guard.toString());
    }
    GuardedValue<Integer> guarded = GuardedValue.builder(1).name("g").build();
    ReadGuard<Integer> read = guarded.lockRead();
    read.close();
    assertEquals("ReadGuard[g, closed]", read.toString());
    assertThrows(
        IllegalStateException.class,
        () ->
            guarded.modify(
                v -> {
                  throw new IllegalStateException();
                }));
    assertEquals("GuardedValue[g, poisoned]", guarded.toString());
    assertEquals("state (guarded)", StateKey.guarded("state").toString());
    assertEquals("q (exclusive)", StateKey.exclusive("q").toString());
    assertEquals("s (service)", StateKey.service("s").toString());
    SharedState state = SharedState.builder().service(StateKey.service("s"), "x").build();
    assertTrue(state.toString().startsWith("SharedState["), state.toString());
  }

  @Test
  void statsTable_showsContentionAndWaitUnits() throws Exception {
    StateKey<ExclusiveValue<int[]>> key = StateKey.exclusive("busy");
    SharedState state = SharedState.builder().exclusive(key, new int[1]).build();
    ExclusiveValue<int[]> busy = state.get(key);
    Thread waiter;
    try (LockHolder holder = LockHolder.holding(busy)) {
      waiter = new Thread(() -> busy.modify(v -> v[0]++));
      waiter.start();
      Await.parked(waiter);
    }
    waiter.join(10_000);
    String row = state.statsTable().lines().skip(1).findFirst().orElseThrow();
    assertTrue(row.contains("50.0%"), "one of two acquisitions waited: " + row);
    assertTrue(row.matches(".* [0-9]+ (us|ms) .*"), row);
  }

  @Test
  void interruptibleAndTimedForms_returnTheFunctionsResult() throws Exception {
    GuardedValue<String> g = GuardedValue.of("g");
    assertEquals("g!", g.readInterruptibly(s -> s + "!"));
    assertEquals("g?", g.writeInterruptibly(s -> s + "?"));
    assertEquals("g2", g.tryWrite(Duration.ofSeconds(1), s -> s + "2"));
    assertEquals("h", g.updateInterruptibly(s -> "h"));
    try (ReadGuard<String> r = g.lockReadInterruptibly()) {
      assertEquals("h", r.get());
    }
    try (WriteGuard<String> w = g.lockWriteInterruptibly()) {
      w.set("i");
    }
    try (WriteGuard<String> w = g.tryLockWrite(Duration.ofSeconds(1))) {
      assertEquals("i", w.get());
    }
    ExclusiveValue<String> e = ExclusiveValue.of("e");
    assertEquals("e!", e.withInterruptibly(s -> s + "!"));
    assertEquals("f", e.updateInterruptibly(s -> "f"));
    try (WriteGuard<String> w = e.lockInterruptibly()) {
      assertEquals("f", w.get());
    }
    assertEquals("named", ExclusiveValue.builder("e").name("named").build().name());
  }
}
