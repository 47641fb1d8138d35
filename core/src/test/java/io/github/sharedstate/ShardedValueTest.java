package io.github.sharedstate;

import static io.github.sharedstate.GuardedValueTest.assertDoesNotHoldAnyLock;
import static io.github.sharedstate.GuardedValueTest.runConcurrently;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

final class ShardedValueTest {
  enum Locks {
    BEFORE,
    HITS,
    AFTER
  }

  /** A key whose hash code is exactly {@code hash}, to test the spreading. */
  record Key(int hash) {
    @Override
    public int hashCode() {
      return hash; // exactly, whatever the record default would be
    }
  }

  private final LockOrder order = LockOrder.of(Locks.class);
  private final ShardedValue<long[]> hits =
      ShardedValue.<long[]>builder(() -> new long[1])
          .shards(8)
          .rank(order.rank(Locks.HITS))
          .build();
  private final ExclusiveValue<String> before = ExclusiveValue.of("b", order.rank(Locks.BEFORE));
  private final ExclusiveValue<String> after = ExclusiveValue.of("a", order.rank(Locks.AFTER));

  /** The first integer key that maps to shard {@code index}. */
  private static Integer keyOfShard(ShardedValue<?> value, int index) {
    for (int key = 0; ; key++) {
      if (value.shard(key) == value.shards().get(index)) {
        return key;
      }
    }
  }

  private static long total(ShardedValue<long[]> value) {
    return value.withAll(all -> all.stream().mapToLong(c -> c[0]).sum());
  }

  @Test
  void mapping_isStable_andSpreadsSkewedHashes() {
    ShardedValue<long[]> sixteen = ShardedValue.builder(() -> new long[1]).shards(16).build();
    for (int key = 0; key < 100; key++) {
      assertSame(sixteen.shard(key), sixteen.shard(Integer.valueOf(key)), "stable for equal keys");
    }
    List<IntFunction<Key>> skews =
        List.of(
            i -> new Key(i), // consecutive
            i -> new Key(i << 4), // low bits all zero
            i -> new Key(i << 20), // only high bits differ
            i -> new Key(i * 1024 + 7)); // every key 7 mod 1024
    for (IntFunction<Key> skew : skews) {
      Set<ExclusiveValue<long[]>> used = new HashSet<>();
      for (int i = 0; i < 64; i++) {
        used.add(sixteen.shard(skew.apply(i)));
      }
      assertTrue(used.size() >= 12, "64 skewed keys used only " + used.size() + " of 16 shards");
    }
    ShardedValue<long[]> one = ShardedValue.builder(() -> new long[1]).shards(1).build();
    assertSame(one.shards().get(0), one.shard(new Key(-1)));
  }

  @Test
  void everyMethod_reachesTheKeysShard_andStatsAreTheSum() throws Exception {
    Integer key = keyOfShard(hits, 3);
    ExclusiveValue<long[]> shard = hits.shards().get(3);
    assertSame(shard, hits.shard(key));
    hits.modify(key, c -> c[0]++);
    assertEquals(2L, (long) hits.with(key, c -> ++c[0]));
    long[] replaced = hits.update(key, c -> new long[] {c[0] + 1});
    assertSame(replaced, shard.with(c -> c));
    assertEquals(4L, (long) hits.tryWith(Duration.ofSeconds(1), key, c -> ++c[0]));
    hits.modify(keyOfShard(hits, 5), c -> c[0] += 10);
    assertEquals(14, total(hits));
    assertEquals(8, hits.size());
    assertEquals(8, hits.shards().size());
    assertThrows(UnsupportedOperationException.class, () -> hits.shards().clear());
    LockStats stats = hits.stats();
    assertEquals(4 + 1 + 1 + 8, stats.writeAcquisitions(), "per-key calls, the check, withAll");
    assertEquals(0, stats.readAcquisitions());
    assertEquals("HITS", hits.name());
    assertEquals("HITS[3]", shard.name());
    assertSame(order.rank(Locks.HITS), hits.rank().orElseThrow());
    assertSame(order.rank(Locks.HITS), shard.rank().orElseThrow());
    assertEquals("ShardedValue[HITS, 8 shards]", hits.toString());
  }

  @Test
  void unrankedValue_getsAPrivateOneRankOrder_soItsShardsAreStillChecked() {
    ShardedValue<long[]> value = ShardedValue.of(() -> new long[1]);
    assertTrue(value.rank().isEmpty());
    assertTrue(value.name().startsWith("ShardedValue@"), value.name());
    assertEquals(1, Integer.bitCount(value.size()), "a power of two");
    assertTrue(value.size() >= 4 * Runtime.getRuntime().availableProcessors());
    LockOrder.Rank shardRank = value.shards().get(0).rank().orElseThrow();
    assertEquals(value.name(), shardRank.order().name());
    assertEquals(List.of(shardRank), shardRank.order().ranks());
    Integer a = keyOfShard(value, 0);
    Integer b = keyOfShard(value, 1);
    assertThrows(
        LockOrderViolationException.class, () -> value.with(a, x -> value.with(b, y -> y)));
    value.clearPoison(); // the violation left the enclosing with() like any failure
    assertEquals(
        2L,
        (long) value.withShardsOf(List.of(b, a), s -> s.get(0)[0] + s.get(1)[0] + 2),
        "taken together they are fine");
  }

  @Test
  void badInputs_areRejectedAtTheBoundary() {
    assertEquals("supplier", assertThrows(NullPointerException.class, () -> ShardedValue.of(null)).getMessage());
    assertThrows(NullPointerException.class, () -> ShardedValue.builder(null));
    NullPointerException nullShard =
        assertThrows(NullPointerException.class, () -> ShardedValue.of(() -> null));
    assertTrue(nullShard.getMessage().contains("supplier returned null"), nullShard.getMessage());
    for (int bad : new int[] {0, -1, 3, 12, 1 << 17, Integer.MIN_VALUE}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> ShardedValue.builder(() -> "x").shards(bad));
      assertTrue(e.getMessage().contains("power of two"), e.getMessage());
    }
    assertThrows(NullPointerException.class, () -> ShardedValue.builder(() -> "x").name(null));
    assertThrows(NullPointerException.class, () -> ShardedValue.builder(() -> "x").rank(null));
    List<Executable> nullCalls =
        List.of(
            () -> hits.shard(null),
            () -> hits.with(null, c -> c),
            () -> hits.with(1, null),
            () -> hits.modify(null, c -> {}),
            () -> hits.modify(1, null),
            () -> hits.update(null, c -> c),
            () -> hits.update(1, null),
            () -> hits.update(1, c -> null),
            () -> hits.tryWith(Duration.ZERO, null, c -> c),
            () -> hits.tryWith(null, 1, c -> c),
            () -> hits.tryWith(Duration.ZERO, 1, null),
            () -> hits.withAll(null),
            () -> hits.withShardsOf(null, s -> s),
            () -> hits.withShardsOf(List.of(1), null),
            () -> hits.withShardsOf(Arrays.asList(1, null), s -> s));
    for (Executable call : nullCalls) {
      NullPointerException e = assertThrows(NullPointerException.class, call);
      assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "names the argument");
    }
    assertThrows(
        IllegalArgumentException.class, () -> hits.tryWith(Duration.ofNanos(-1), 1, c -> c));
    assertThrows(IllegalArgumentException.class, () -> hits.withShardsOf(List.of(), s -> s));
    assertEquals(0, total(hits), "nothing ran");
    assertEquals(1 + 8, hits.stats().writeAcquisitions(), "the null-result update, total()");
    assertFalse(hits.isPoisoned());
  }

  @Test
  void withShardsOf_givesEachKeyItsShard_takesAShardOnce_inAnyKeyOrder() {
    Integer a = keyOfShard(hits, 6);
    Integer b = keyOfShard(hits, 2);
    Integer alsoA = a + hits.size() * 1000;
    while (hits.shard(alsoA) != hits.shard(a)) {
      alsoA++;
    }
    Integer sameShard = alsoA;
    List<long[]> seen =
        hits.withShardsOf(
            List.of(a, b, sameShard),
            s -> {
              s.get(0)[0] += 1;
              s.get(1)[0] += 10;
              s.get(2)[0] += 100;
              return s;
            });
    assertSame(seen.get(0), seen.get(2), "two keys of one shard give the same value");
    IllegalStateException notHeld =
        assertThrows(IllegalStateException.class, () -> hits.shard(a).core().heldValue());
    assertTrue(notHeld.getMessage().contains("not write-locked"), notHeld.getMessage());
    assertEquals(101L, (long) hits.with(a, c -> c[0]));
    assertEquals(10L, (long) hits.with(b, c -> c[0]));
    LockStats stats = hits.stats();
    assertEquals(2 + 2, stats.writeAcquisitions(), "two shards taken once each, then two reads");
    assertThrows(UnsupportedOperationException.class, () -> seen.add(new long[1]));
  }

  @Test
  void orderRules_holdForShards_singleAndTogether() {
    Integer low = keyOfShard(hits, 0);
    Integer high = keyOfShard(hits, 7);
    assertThrows(
        LockOrderViolationException.class, () -> hits.with(high, x -> hits.with(low, y -> y)));
    hits.clearPoison();
    assertThrows(
        LockOrderViolationException.class, () -> hits.with(low, x -> hits.with(high, y -> y)));
    hits.clearPoison();
    assertThrows(
        LockOrderViolationException.class,
        () -> hits.with(high, x -> hits.withAll(all -> all.size())),
        "withAll while holding a shard that sorts after the first one it needs");
    hits.clearPoison();
    assertEquals(8, (int) hits.with(low, x -> hits.withAll(all -> all.size())), "re-entry is fine");
    assertThrows(
        LockOrderViolationException.class, () -> after.with(a -> hits.with(low, x -> x)));
    after.clearPoison();
    assertEquals(1, (int) before.with(b -> hits.withShardsOf(List.of(high, low), s -> s.size() - 1)));
    assertEquals(4, hits.stats().violations());
    assertTrue(order.heldByCurrentThread().isEmpty());
    assertDoesNotHoldAnyLock(hits.shards().get(0));
  }

  @Test
  void lockOrderWithAll_takesEveryShardOfARankedShardedValue() {
    Integer key = keyOfShard(hits, 4);
    long result =
        order.withAll(
            List.of(after, hits),
            () -> {
              hits.modify(key, c -> c[0]++); // re-entry
              return after.update(a -> a + "!").length() + total(hits);
            });
    assertEquals(3, result);
    IllegalArgumentException notInOrder =
        assertThrows(
            IllegalArgumentException.class,
            () -> order.withAll(List.of(ShardedValue.of(() -> "x")), () -> 1));
    assertTrue(notInOrder.getMessage().contains("not ranked"), notInOrder.getMessage());
    assertThrows(IllegalArgumentException.class, () -> order.withAll(List.of(hits, hits), () -> 1));
  }

  @Test
  void failures_poisonTheShardsTheyHeld_untilClearPoison() {
    Integer a = keyOfShard(hits, 1);
    Integer b = keyOfShard(hits, 4);
    IllegalStateException failure = new IllegalStateException("half done");
    assertSame(
        failure,
        assertThrows(
            IllegalStateException.class,
            () ->
                hits.withShardsOf(
                    List.of(a, b),
                    s -> {
                      s.get(0)[0]--;
                      throw failure;
                    })));
    assertTrue(hits.shard(a).isPoisoned());
    assertTrue(hits.shard(b).isPoisoned());
    assertFalse(hits.shards().get(0).isPoisoned(), "shards it did not hold stay usable");
    assertTrue(hits.isPoisoned());
    assertEquals(0L, (long) hits.with(keyOfShard(hits, 0), c -> c[0]));
    PoisonedException poisoned =
        assertThrows(PoisonedException.class, () -> hits.withAll(all -> fail()));
    assertSame(failure, poisoned.getCause());
    hits.clearPoison();
    assertFalse(hits.isPoisoned());
    assertEquals(-1, total(hits), "clearPoison keeps the values as they are");
    assertThrows(
        IllegalStateException.class, () -> hits.withAll(all -> fail()));
    for (ExclusiveValue<long[]> shard : hits.shards()) {
      assertTrue(shard.isPoisoned(), "withAll poisons every shard");
    }
    assertEquals(2 + 8, hits.stats().poisonings());
    hits.clearPoison();
    ShardedValue<long[]> optedOut =
        ShardedValue.<long[]>builder(() -> new long[1]).shards(2).poisonOnFailure(false).build();
    assertThrows(IllegalStateException.class, () -> optedOut.withAll(all -> fail()));
    assertFalse(optedOut.isPoisoned());
  }

  private static Object fail() {
    throw new IllegalStateException("fails on purpose");
  }

  @Test
  void tryWith_onABusyShard_timesOut_andOtherShardsStayFree() throws Exception {
    Integer busy = keyOfShard(hits, 2);
    Integer free = keyOfShard(hits, 3);
    try (LockHolder holder = LockHolder.holding(hits.shard(busy))) {
      assertThrows(
          LockTimeoutException.class, () -> hits.tryWith(Duration.ofMillis(2), busy, c -> c));
      assertEquals(1L, (long) hits.tryWith(Duration.ZERO, free, c -> ++c[0]));
    }
    assertEquals(1, hits.stats().timeouts());
    assertTrue(hits.stats().totalWait().toNanos() > 0);
  }

  @Test
  void transfersThroughWithShardsOf_inOppositeKeyOrders_neverDeadlock_andKeepTheTotal()
      throws Exception {
    ShardedValue<long[]> accounts =
        ShardedValue.<long[]>builder(() -> new long[] {1_000}).shards(4).name("accounts").build();
    AtomicReference<String> broken = new AtomicReference<>();
    runConcurrently(
        4,
        () -> {
          for (int i = 0; i < 5_000; i++) {
            int from = i % 7;
            int to = (i * 3 + 1) % 7;
            List<Integer> keys = i % 2 == 0 ? List.of(from, to) : List.of(to, from);
            accounts.withShardsOf(
                keys,
                s -> {
                  s.get(0)[0]--;
                  s.get(1)[0]++;
                  return null;
                });
            if (i % 50 == 0) {
              long sum = total(accounts);
              if (sum != 4_000) {
                broken.set("total " + sum);
              }
            }
          }
        });
    assertNull(broken.get());
    assertEquals(4_000, total(accounts));
    assertEquals(0, accounts.stats().violations());
  }

  @Test
  void sharedStateEntry_isRankedInDeclarationOrder_withEveryShard() {
    StateKey<ShardedValue<long[]>> key = StateKey.sharded("hits");
    StateKey<ExclusiveValue<String>> queue = StateKey.exclusive("queue");
    SharedState state =
        SharedState.builder()
            .exclusive(queue, "q")
            .sharded(key, 4, () -> new long[1])
            .build();
    ShardedValue<long[]> sharded = state.get(key);
    assertEquals(4, sharded.size());
    assertEquals("queue < hits", state.describeLockOrder());
    for (ExclusiveValue<long[]> shard : sharded.shards()) {
      assertEquals(1, shard.rank().orElseThrow().level());
    }
    state.get(queue).modify(q -> sharded.modify("k", c -> c[0]++));
    assertEquals(1, state.stats().get("hits").writeAcquisitions());
    assertEquals("hits (sharded)", key.toString());
    assertThrows(
        IllegalArgumentException.class,
        () -> SharedState.builder().sharded(key, 3, () -> new long[1]));
    assertThrows(NullPointerException.class, () -> SharedState.builder().sharded(key, 4, null));
  }

  // ---- interruptible and timed single-shard forms ---------------------------------------------

  /** Sets {@code ran} and returns {@code c}: an update operator that notes that it ran. */
  private static <V> V marking(AtomicBoolean ran, V c) {
    ran.set(true);
    return c;
  }

  /** Every waiting single-shard form, on key {@code key}, with a function that sets {@code ran}. */
  private List<GuardedValueTest.ThrowingCall> waitingForms(Object key, AtomicBoolean ran) {
    Duration wait = Duration.ofMinutes(1);
    return List.of(
        () -> hits.withInterruptibly(key, c -> ran.getAndSet(true)),
        () -> hits.modifyInterruptibly(key, c -> ran.set(true)),
        () -> hits.updateInterruptibly(key, c -> marking(ran, c)),
        () -> hits.tryWith(wait, key, c -> ran.getAndSet(true)),
        () -> hits.tryModify(wait, key, c -> ran.set(true)),
        () -> hits.tryUpdate(wait, key, c -> marking(ran, c)));
  }

  @Test
  void interruptibleAndTimedForms_reachTheKeysShard() throws Exception {
    Integer key = keyOfShard(hits, 5);
    ExclusiveValue<long[]> shard = hits.shards().get(5);
    assertEquals(1L, (long) hits.withInterruptibly(key, c -> ++c[0]));
    hits.modifyInterruptibly(key, c -> c[0] += 10);
    long[] replaced = hits.updateInterruptibly(key, c -> new long[] {c[0] + 100});
    assertSame(replaced, shard.with(c -> c));
    assertEquals(112L, (long) hits.tryWith(Duration.ZERO, key, c -> ++c[0]));
    hits.tryModify(Duration.ofSeconds(1), key, c -> c[0] += 1000);
    long[] again = hits.tryUpdate(Duration.ofSeconds(1), key, c -> new long[] {c[0] + 10_000});
    assertEquals(11_112L, again[0]);
    assertEquals(11_112L, total(hits), "only that shard changed");
    assertEquals(6 + 1 + 8, hits.stats().writeAcquisitions(), "the calls, the check, total()");
    assertEquals(6 + 1 + 1, shard.stats().writeAcquisitions(), "the calls, the check, total()");
  }

  @Test
  void interruptibleAndTimedForms_rejectNulls_namingTheArgument() {
    Duration zero = Duration.ZERO;
    Map<String, Executable> calls = new LinkedHashMap<>();
    calls.put("key", () -> hits.withInterruptibly(null, c -> c));
    calls.put("fn", () -> hits.withInterruptibly(1, null));
    calls.put("timeout", () -> hits.tryWith(null, 1, c -> c));
    calls.put("key ", () -> hits.tryWith(zero, null, c -> c));
    calls.put("fn ", () -> hits.tryWith(zero, 1, null));
    calls.put("key  ", () -> hits.modifyInterruptibly(null, c -> {}));
    calls.put("action", () -> hits.modifyInterruptibly(1, null));
    calls.put("timeout ", () -> hits.tryModify(null, 1, c -> {}));
    calls.put("key   ", () -> hits.tryModify(zero, null, c -> {}));
    calls.put("action ", () -> hits.tryModify(zero, 1, null));
    calls.put("key    ", () -> hits.updateInterruptibly(null, c -> c));
    calls.put("op", () -> hits.updateInterruptibly(1, null));
    calls.put("timeout  ", () -> hits.tryUpdate(null, 1, c -> c));
    calls.put("key     ", () -> hits.tryUpdate(zero, null, c -> c));
    calls.put("op ", () -> hits.tryUpdate(zero, 1, null));
    calls.put("repair", () -> hits.recover(null));
    calls.put("order", () -> ShardedValue.builder(() -> "x").order(null));
    calls.forEach(
        (name, call) ->
            assertEquals(
                name.strip(), assertThrows(NullPointerException.class, call).getMessage()));
    for (Executable negative :
        List.<Executable>of(
            () -> hits.tryModify(Duration.ofNanos(-1), 1, c -> {}),
            () -> hits.tryUpdate(Duration.ofNanos(-1), 1, c -> c))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, negative);
      assertTrue(e.getMessage().startsWith("timeout must not be negative"), e.getMessage());
    }
    assertEquals(0, hits.stats().writeAcquisitions(), "no call took a shard");
  }

  @Test
  void timedForms_onABusyShard_timeOut_withoutRunningTheFunction() throws Exception {
    Integer busy = keyOfShard(hits, 6);
    AtomicBoolean ran = new AtomicBoolean();
    try (LockHolder holder = LockHolder.holding(hits.shard(busy))) {
      for (Executable timed :
          List.<Executable>of(
              () -> hits.tryWith(Duration.ofMillis(2), busy, c -> ran.getAndSet(true)),
              () -> hits.tryModify(Duration.ofMillis(2), busy, c -> ran.set(true)),
              () -> hits.tryUpdate(Duration.ZERO, busy, c -> marking(ran, c)))) {
        LockTimeoutException e = assertThrows(LockTimeoutException.class, timed);
        assertEquals("HITS[6]", e.valueName());
      }
    }
    assertFalse(ran.get());
    assertEquals(3, hits.stats().timeouts());
    assertFalse(hits.isPoisoned());
    assertDoesNotHoldAnyLock(hits.shard(busy));
  }

  @Test
  void interruptibleAndTimedForms_interruptedWhileWaiting_throwAndHoldNothing() throws Exception {
    Integer busy = keyOfShard(hits, 1);
    AtomicBoolean ran = new AtomicBoolean();
    try (LockHolder holder = LockHolder.holding(hits.shard(busy))) {
      GuardedValueTest.assertEachInterruptedWhileWaiting(waitingForms(busy, ran));
    }
    assertFalse(ran.get());
    assertFalse(hits.isPoisoned());
    assertDoesNotHoldAnyLock(hits.shard(busy));
  }

  @Test
  void interruptibleAndTimedForms_interruptedBeforeTheCall_failFast() throws Exception {
    AtomicBoolean ran = new AtomicBoolean();
    for (GuardedValueTest.ThrowingCall call : waitingForms(keyOfShard(hits, 2), ran)) {
      Thread.currentThread().interrupt();
      assertThrows(InterruptedException.class, call::run);
      assertFalse(Thread.interrupted(), "the flag is cleared, as Lock.lockInterruptibly does");
    }
    assertFalse(ran.get());
    assertEquals(0, hits.stats().acquisitions());
  }

  @Test
  void interruptibleAndTimedForms_failingFunction_poisonsOnlyItsShard_updateFormsNothing()
      throws Exception {
    Integer key = keyOfShard(hits, 3);
    UnsupportedOperationException failure = new UnsupportedOperationException("half done");
    List<GuardedValueTest.ThrowingCall> poisoning =
        List.of(
            () -> hits.withInterruptibly(key, c -> {
              throw failure;
            }),
            () -> hits.modifyInterruptibly(key, c -> {
              throw failure;
            }),
            () -> hits.tryWith(Duration.ofSeconds(1), key, c -> {
              throw failure;
            }),
            () -> hits.tryModify(Duration.ofSeconds(1), key, c -> {
              throw failure;
            }));
    for (GuardedValueTest.ThrowingCall call : poisoning) {
      assertSame(failure, assertThrows(UnsupportedOperationException.class, call::run));
      assertTrue(hits.shard(key).isPoisoned());
      assertFalse(hits.shards().get(0).isPoisoned(), "other shards stay usable");
      PoisonedException poisoned =
          assertThrows(
              PoisonedException.class, () -> hits.tryModify(Duration.ZERO, key, c -> {}));
      assertSame(failure, poisoned.getCause());
      assertDoesNotHoldAnyLock(hits.shard(key));
      hits.clearPoison();
    }
    assertEquals(4, hits.stats().poisonings());
    List<GuardedValueTest.ThrowingCall> updates =
        List.of(
            () -> hits.updateInterruptibly(key, c -> {
              throw failure;
            }),
            () -> hits.tryUpdate(Duration.ofSeconds(1), key, c -> {
              throw failure;
            }));
    for (GuardedValueTest.ThrowingCall call : updates) {
      assertSame(failure, assertThrows(UnsupportedOperationException.class, call::run));
      assertFalse(hits.isPoisoned(), "a failing update leaves the old value and poisons nothing");
    }
    assertDoesNotHoldAnyLock(hits.shard(key));
  }

  @Test
  void interruptibleAndTimedForms_outOfOrder_throwBeforeWaiting() throws Exception {
    Integer key = keyOfShard(hits, 0);
    AtomicBoolean ran = new AtomicBoolean();
    for (GuardedValueTest.ThrowingCall call : waitingForms(key, ran)) {
      try (WriteGuard<String> held = after.lock()) {
        LockOrderViolationException e =
            assertThrows(LockOrderViolationException.class, call::run);
        assertEquals("HITS[0]", e.requestedLock());
        assertEquals("AFTER", e.heldLock());
      }
    }
    Integer other = keyOfShard(hits, 4);
    try (WriteGuard<long[]> held = hits.shard(other).lock()) {
      assertThrows(
          LockOrderViolationException.class,
          () -> hits.tryModify(Duration.ofSeconds(1), key, c -> ran.set(true)),
          "a shard after another, one by one");
    }
    assertFalse(ran.get());
    assertEquals(7, hits.stats().violations());
    assertEquals(1, hits.stats().writeAcquisitions(), "only the guard's");
  }

  // ---- recover -------------------------------------------------------------------------------

  private void poisonShard(int index) {
    assertThrows(
        IllegalStateException.class,
        () -> hits.with(keyOfShard(hits, index), c -> {
          c[0] = -1;
          return fail();
        }));
  }

  @Test
  void recover_repairsEveryPoisonedShard_only_andCountsThem() {
    hits.modify(keyOfShard(hits, 0), c -> c[0] = 7);
    poisonShard(2);
    poisonShard(5);
    List<Integer> repairedValues = new ArrayList<>();
    assertEquals(
        2,
        hits.recover(
            c -> {
              repairedValues.add((int) c[0]);
              return new long[] {100};
            }));
    assertEquals(List.of(-1, -1), repairedValues, "repair ran on the two poisoned shards only");
    assertFalse(hits.isPoisoned());
    assertEquals(100L, (long) hits.shards().get(2).with(c -> c[0]));
    assertEquals(100L, (long) hits.shards().get(5).with(c -> c[0]));
    assertEquals(207, total(hits), "the healthy shards keep their values");
    assertEquals(0, hits.recover(c -> {
      throw new AssertionError("repair called");
    }), "nothing poisoned: repair is never called");
    for (ExclusiveValue<long[]> shard : hits.shards()) {
      assertDoesNotHoldAnyLock(shard);
    }
  }

  @Test
  void recover_failingRepair_leavesThatShardPoisoned_keepsEarlierRepairs_visitsNoLaterShard() {
    poisonShard(1);
    poisonShard(3);
    poisonShard(6);
    List<long[]> seen = new ArrayList<>();
    IllegalStateException failure = new IllegalStateException("cannot repair");
    assertSame(
        failure,
        assertThrows(
            IllegalStateException.class,
            () ->
                hits.recover(
                    c -> {
                      seen.add(c);
                      if (seen.size() == 2) {
                        throw failure;
                      }
                      return new long[] {1};
                    })));
    assertEquals(2, seen.size(), "shard 6 was not visited");
    assertFalse(hits.shards().get(1).isPoisoned(), "repaired before the failure");
    assertTrue(hits.shards().get(3).isPoisoned(), "its repair failed");
    assertTrue(hits.shards().get(6).isPoisoned(), "not visited");
    NullPointerException nullResult =
        assertThrows(NullPointerException.class, () -> hits.recover(c -> null));
    assertTrue(nullResult.getMessage().contains("repair returned null"), nullResult.getMessage());
    assertTrue(hits.shards().get(3).isPoisoned(), "a null repair changes nothing");
    assertEquals(2, hits.recover(c -> new long[] {2}));
    assertEquals(5, total(hits));
  }

  @Test
  void recover_whileHoldingAShard_isAnOrderViolation() {
    poisonShard(4);
    Integer held = keyOfShard(hits, 2);
    assertThrows(
        LockOrderViolationException.class,
        () -> hits.with(held, c -> hits.recover(x -> new long[] {0})));
    assertTrue(hits.shards().get(4).isPoisoned());
  }

  // ---- order(LockOrder) ----------------------------------------------------------------------

  @Test
  void order_withoutRank_makesEachShardALearnedMember() {
    LockOrder learned = LockOrder.learned("app");
    ShardedValue<long[]> value =
        ShardedValue.<long[]>builder(() -> new long[1]).name("s").shards(2).order(learned).build();
    assertTrue(value.rank().isEmpty());
    assertTrue(value.shards().get(0).rank().isEmpty(), "no private rank");
    Integer a = keyOfShard(value, 0);
    Integer b = keyOfShard(value, 1);
    assertEquals(0L, (long) value.with(a, x -> value.with(b, y -> y[0])), "records s[0] -> s[1]");
    assertEquals(List.of("s[0]", "s[1]"), learned.learnedOrder());
    LockOrderViolationException e =
        assertThrows(
            LockOrderViolationException.class, () -> value.with(b, y -> value.with(a, x -> x)));
    assertEquals(List.of("s[0]", "s[1]"), e.cycle());
    value.clearPoison();
    assertEquals(
        2, (int) value.withShardsOf(List.of(b, a), s -> s.size()), "taken together: s[0] first");
    ExclusiveValue<String> other = ExclusiveValue.builder("o").name("o").order(learned).build();
    other.with(o -> value.with(a, x -> x));
    assertThrows(LockOrderViolationException.class, () -> value.with(a, x -> other.with(o -> o)));
  }

  @Test
  void order_withRank_mustBeTheRanksOrder() {
    ShardedValue<long[]> ranked =
        ShardedValue.<long[]>builder(() -> new long[1])
            .shards(2)
            .order(order)
            .rank(order.rank(Locks.HITS))
            .build();
    assertSame(order.rank(Locks.HITS), ranked.shards().get(1).rank().orElseThrow());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ShardedValue.builder(() -> "x")
                    .order(LockOrder.learned("other"))
                    .rank(order.rank(Locks.HITS))
                    .build());
    assertTrue(e.getMessage().contains("belongs to lock order"), e.getMessage());
  }
}
