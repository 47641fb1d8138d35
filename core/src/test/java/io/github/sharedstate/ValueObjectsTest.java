package io.github.sharedstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stats arithmetic, descriptions and the plain (uncontended) interruptible and timed forms. */
final class ValueObjectsTest {

  @Test
  void lockStats_derivedNumbers() {
    LockStats none = LockStats.builder().build();
    assertEquals(0.0, none.contendedRatio());
    assertEquals(0, none.acquisitions());
    assertEquals(Duration.ZERO, none.maxHeldWhileWaited());
    LockStats some =
        LockStats.builder()
            .readAcquisitions(3)
            .writeAcquisitions(1)
            .contendedAcquisitions(1)
            .timeouts(2)
            .totalWait(Duration.ofMillis(2))
            .maxWait(Duration.ofMillis(2))
            .build();
    assertEquals(4, some.acquisitions());
    assertEquals(0.25, some.contendedRatio());
    assertEquals(3, some.waits());
  }

  @Test
  void lockStats_builderSetsEachAccessor_andEqualityIsByEveryCounter() {
    LockStats all = everyCounter(0);
    assertEquals(1, all.readAcquisitions());
    assertEquals(2, all.writeAcquisitions());
    assertEquals(3, all.contendedAcquisitions());
    assertEquals(Duration.ofNanos(4), all.totalWait());
    assertEquals(Duration.ofNanos(5), all.maxWait());
    assertEquals(6, all.timeouts());
    assertEquals(7, all.violations());
    assertEquals(8, all.poisonings());
    assertEquals(9, all.conditionWaits());
    assertEquals(Duration.ofNanos(10), all.conditionWaitTime());
    assertEquals(11, all.longWaits());
    assertEquals(Duration.ofNanos(12), all.heldWhileWaited());
    assertEquals(Duration.ofNanos(13), all.maxHeldWhileWaited());

    LockStats same = everyCounter(0);
    assertEquals(all, same);
    assertEquals(all.hashCode(), same.hashCode());
    assertEquals(all.toString(), same.toString());
    assertTrue(all.toString().contains("poisonings=8"), all.toString());
    assertTrue(all.toString().contains("maxHeldWhileWaited=PT0.000000013S"), all.toString());
    assertNotEquals(all, null);
    assertNotEquals(all, "LockStats");
    for (int changed = 1; changed <= 13; changed++) {
      assertNotEquals(all, everyCounter(changed), "counter " + changed + " differs");
    }
  }

  /** Counter i (1 to 13, in accessor order) set to i, plus one for the counter {@code changed}. */
  private static LockStats everyCounter(int changed) {
    long[] v = new long[14];
    for (int i = 1; i <= 13; i++) {
      v[i] = i + (i == changed ? 100L : 0L);
    }
    return LockStats.builder()
        .readAcquisitions(v[1])
        .writeAcquisitions(v[2])
        .contendedAcquisitions(v[3])
        .totalWait(Duration.ofNanos(v[4]))
        .maxWait(Duration.ofNanos(v[5]))
        .timeouts(v[6])
        .violations(v[7])
        .poisonings(v[8])
        .conditionWaits(v[9])
        .conditionWaitTime(Duration.ofNanos(v[10]))
        .longWaits(v[11])
        .heldWhileWaited(Duration.ofNanos(v[12]))
        .maxHeldWhileWaited(Duration.ofNanos(v[13]))
        .build();
  }

  @Test
  void lockStatsSum_addsCountsAndTimes_andKeepsTheLongestMaxima() {
    LockStats a = everyCounter(0); // counter i is i; maxWait 5, maxHeldWhileWaited 13
    LockStats b =
        LockStats.builder()
            .writeAcquisitions(20)
            .totalWait(Duration.ofNanos(3))
            .maxWait(Duration.ofNanos(3))
            .heldWhileWaited(Duration.ofNanos(7))
            .maxHeldWhileWaited(Duration.ofNanos(20))
            .build();
    LockStats sum = LockStats.sum(List.of(a, b));
    assertEquals(
        LockStats.builder()
            .readAcquisitions(1)
            .writeAcquisitions(22)
            .contendedAcquisitions(3)
            .totalWait(Duration.ofNanos(7))
            .maxWait(Duration.ofNanos(5)) // the first part's, the longer
            .timeouts(6)
            .violations(7)
            .poisonings(8)
            .conditionWaits(9)
            .conditionWaitTime(Duration.ofNanos(10))
            .longWaits(11)
            .heldWhileWaited(Duration.ofNanos(19))
            .maxHeldWhileWaited(Duration.ofNanos(20)) // the second part's, the longer
            .build(),
        sum);
    assertEquals(LockStats.builder().build(), LockStats.sum(List.of()));
  }

  @Test
  void lockStatsBuilder_rejectsNegativeAndNullCounters_namingThem() {
    LockStats.Builder builder = LockStats.builder();
    assertEquals(
        "timeouts must not be negative: -1",
        assertThrows(IllegalArgumentException.class, () -> builder.timeouts(-1)).getMessage());
    assertEquals(
        "maxWait must not be negative: PT-0.001S",
        assertThrows(
                IllegalArgumentException.class, () -> builder.maxWait(Duration.ofMillis(-1)))
            .getMessage());
    assertEquals(
        "totalWait",
        assertThrows(NullPointerException.class, () -> builder.totalWait(null))
            .getMessage());
    assertEquals(LockStats.builder().build(), builder.build()); // the failed calls set nothing
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
