package io.github.sharedstate;

import static io.github.sharedstate.GuardedValueTest.assertDoesNotHoldAnyLock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Threads move units between ranked accounts, nesting them in random legal and illegal orders
 * and through withAll. Nothing may hang, every illegal order must be reported, and the total
 * must be conserved. The seed is printed; rerun with {@code -Dsharedstate.seed=N} to reproduce.
 */
final class RandomizedOrderStressTest {
  private static final int THREADS = 8;
  private static final int OPERATIONS = 5_000;
  private static final int ACCOUNTS = 6;
  private static final long START_BALANCE = 1_000;

  /** What one worker did, to compare with what it expected. */
  record Tally(int illegalChosen, int violationsSeen, int transfers) {}

  @Test
  void randomNesting_neverHangs_reportsEveryInversion_conservesTotal() throws Exception {
    long seed = Long.getLong("sharedstate.seed", System.nanoTime());
    System.out.println("RandomizedOrderStressTest seed: " + seed);
    LockOrder.Builder ranks = LockOrder.builder().name("accounts");
    for (int i = 0; i < ACCOUNTS; i++) {
      ranks.rank("account-" + i);
    }
    ranks.rank("shard");
    LockOrder order = ranks.build();
    List<ExclusiveValue<long[]>> accounts = new ArrayList<>();
    for (int i = 0; i < ACCOUNTS; i++) {
      // Violations leave the enclosing writer; these accounts opt out of poisoning so the test
      // measures ordering alone (the poisoning rule is tested elsewhere).
      accounts.add(
          ExclusiveValue.builder(new long[] {START_BALANCE})
              .rank(order.rank("account-" + i))
              .poisonOnFailure(false)
              .build());
    }
    List<GuardedValue<long[]>> shards =
        List.of(
            GuardedValue.builder(new long[] {START_BALANCE}).name("shard-a").rank(order.rank("shard")).build(),
            GuardedValue.builder(new long[] {START_BALANCE}).name("shard-b").rank(order.rank("shard")).build());

    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CyclicBarrier start = new CyclicBarrier(THREADS);
    List<Future<Tally>> futures = new ArrayList<>();
    try {
      for (int t = 0; t < THREADS; t++) {
        Random random = new Random(seed + t);
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return work(random, order, accounts, shards);
                }));
      }
      for (Future<Tally> future : futures) {
        Tally tally;
        try {
          tally = future.get(2, TimeUnit.MINUTES); // the watchdog
        } catch (TimeoutException e) {
          fail("a worker did not finish: hung (seed " + seed + ")");
          return;
        }
        assertEquals(tally.illegalChosen(), tally.violationsSeen(), "seed " + seed);
        assertTrue(tally.transfers() > 0);
      }
    } finally {
      pool.shutdownNow();
    }
    long total = 0;
    for (ExclusiveValue<long[]> account : accounts) {
      assertDoesNotHoldAnyLock(account);
      total += account.with(a -> a[0]);
    }
    for (GuardedValue<long[]> shard : shards) {
      assertDoesNotHoldAnyLock(shard);
      total += shard.read(s -> s[0]);
    }
    assertEquals((ACCOUNTS + 2) * START_BALANCE, total, "units were created or lost; seed " + seed);
  }

  private static Tally work(
      Random random,
      LockOrder order,
      List<ExclusiveValue<long[]>> accounts,
      List<GuardedValue<long[]>> shards) {
    int illegal = 0;
    int violations = 0;
    int transfers = 0;
    for (int op = 0; op < OPERATIONS; op++) {
      if (random.nextInt(10) == 0) {
        List<GuardedValue<long[]>> pair =
            random.nextBoolean() ? shards : List.of(shards.get(1), shards.get(0));
        order.withAll(pair, () -> move(pair.get(0), pair.get(1)));
        transfers++;
        continue;
      }
      int first = random.nextInt(ACCOUNTS);
      int second = random.nextInt(ACCOUNTS - 1);
      if (second >= first) {
        second++;
      }
      boolean legal = first < second;
      if (!legal) {
        illegal++;
      }
      ExclusiveValue<long[]> outer = accounts.get(first);
      ExclusiveValue<long[]> inner = accounts.get(second);
      try {
        outer.modify(from -> inner.modify(to -> {
          from[0]--;
          to[0]++;
        }));
        transfers++;
      } catch (LockOrderViolationException e) {
        violations++;
      }
      if (!order.heldByCurrentThread().isEmpty()) {
        throw new AssertionError("held-lock record not empty: " + order.heldByCurrentThread());
      }
    }
    return new Tally(illegal, violations, transfers);
  }

  private static int move(GuardedValue<long[]> from, GuardedValue<long[]> to) {
    from.modify(f -> f[0]--);
    to.modify(t -> t[0]++);
    return 0;
  }
}
