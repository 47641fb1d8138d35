package io.github.sharedstate.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.sharedstate.ShardedValue;
import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/** Races on {@link ShardedValue}: multi-shard access against single-shard writers. */
public final class ShardedValueStress {
  private ShardedValueStress() {}

  /** A value of four shards holding 100 units each, and two keys of different shards. */
  static ShardedValue<int[]> accounts() {
    return ShardedValue.<int[]>builder(() -> new int[] {100}).shards(4).build();
  }

  /** The first integer key at or after {@code from} whose shard differs from {@code other}'s. */
  static Integer keyOfAnotherShard(ShardedValue<int[]> value, Integer other, int from) {
    int key = from;
    while (value.shard(key) == value.shard(other)) {
      key++;
    }
    return key;
  }

  /** Moves one unit from {@code from}'s shard to {@code to}'s, taking both together. */
  static int move(ShardedValue<int[]> value, Integer from, Integer to) {
    return value.withShardsOf(
        List.of(from, to),
        s -> {
          s.get(0)[0]--;
          s.get(1)[0]++;
          return 1;
        });
  }

  static int total(ShardedValue<int[]> value) {
    return value.withAll(all -> all.stream().mapToInt(a -> a[0]).sum());
  }

  /**
   * One actor moves a unit between two shards through withShardsOf while the other sums every
   * shard through withAll: the sum never shows a unit in flight.
   */
  @JCStressTest
  @Outcome(id = "400, 400", expect = ACCEPTABLE, desc = "the total is the same at every moment")
  @Outcome(expect = FORBIDDEN, desc = "withAll saw a transfer half done")
  @State
  public static class WithAllSeesAConsistentTotal {
    final ShardedValue<int[]> accounts = accounts();
    final Integer from = 0;
    final Integer to = keyOfAnotherShard(accounts, from, 1);

    @Actor
    public void transfer() {
      move(accounts, from, to);
    }

    @Actor
    public void sum(II_Result r) {
      r.r1 = total(accounts);
    }

    @Arbiter
    public void arbiter(II_Result r) {
      r.r2 = total(accounts);
    }
  }

  /** Two actors take the same two shards with their keys in opposite orders: both complete. */
  @JCStressTest
  @Outcome(id = "1, 1, 400", expect = ACCEPTABLE, desc = "both completed, the total kept")
  @Outcome(expect = FORBIDDEN, desc = "an actor failed or a transfer was lost")
  @State
  public static class OppositeKeyOrdersBothComplete {
    final ShardedValue<int[]> accounts = accounts();
    final Integer a = 0;
    final Integer b = keyOfAnotherShard(accounts, a, 1);

    @Actor
    public void forward(III_Result r) {
      r.r1 = tryMove(a, b);
    }

    @Actor
    public void backward(III_Result r) {
      r.r2 = tryMove(b, a);
    }

    @Arbiter
    public void arbiter(III_Result r) {
      r.r3 = total(accounts);
    }

    private int tryMove(Integer from, Integer to) {
      try {
        return move(accounts, from, to);
      } catch (RuntimeException e) {
        return -1;
      }
    }
  }
}
