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
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
    assertEquals(4L, (long) hits.tryWith(key, Duration.ofSeconds(1), c -> ++c[0]));
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
            () -> hits.tryWith(null, Duration.ZERO, c -> c),
            () -> hits.tryWith(1, null, c -> c),
            () -> hits.tryWith(1, Duration.ZERO, null),
            () -> hits.withAll(null),
            () -> hits.withShardsOf(null, s -> s),
            () -> hits.withShardsOf(List.of(1), null),
            () -> hits.withShardsOf(Arrays.asList(1, null), s -> s));
    for (Executable call : nullCalls) {
      NullPointerException e = assertThrows(NullPointerException.class, call);
      assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "names the argument");
    }
    assertThrows(
        IllegalArgumentException.class, () -> hits.tryWith(1, Duration.ofNanos(-1), c -> c));
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
          LockTimeoutException.class, () -> hits.tryWith(busy, Duration.ofMillis(2), c -> c));
      assertEquals(1L, (long) hits.tryWith(free, Duration.ZERO, c -> ++c[0]));
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
}
