package io.github.sharedstate.lincheck;

import io.github.sharedstate.ShardedValue;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ShardedValue} is linearizable and deadlock-free: per-key access, transfers between two
 * keys through withShardsOf (in either order, on one shard or two), and withAll summing every
 * shard, which must always see the total the transfers conserve.
 *
 * <p>Four accounts on two shards: keys 0 and 2 share one shard, 1 and 3 the other, so a transfer
 * takes one shard or two. Each shard holds an array indexed by key, of which it uses its keys'
 * slots.
 */
// Lincheck finds hangs itself (and reports the interleaving); the limit only has to exceed the
// test's own run time, up to half a minute on a busy 2-core machine, with room to spare.
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@Tag("lincheck")
@Param(name = "key", gen = IntGen.class, conf = "0:3")
@Param(name = "amount", gen = IntGen.class, conf = "1:3")
public class ShardedValueLincheckTest {
  static final int ACCOUNTS = 4;
  static final int OPENING_BALANCE = 10;

  private final ShardedValue<int[]> balances =
      ShardedValue.<int[]>builder(() -> new int[ACCOUNTS]).shards(2).build();

  public ShardedValueLincheckTest() {
    for (int key = 0; key < ACCOUNTS; key++) {
      int account = key;
      balances.modify(account, slots -> slots[account] = OPENING_BALANCE);
    }
  }

  @Operation
  public int balance(@Param(name = "key") int key) {
    return balances.with(key, slots -> slots[key]);
  }

  @Operation
  public void transfer(
      @Param(name = "key") int from,
      @Param(name = "key") int to,
      @Param(name = "amount") int amount) {
    balances.withShardsOf(
        List.of(from, to),
        shards -> {
          shards.get(0)[from] -= amount;
          shards.get(1)[to] += amount;
          return null;
        });
  }

  @Operation
  public int total() {
    return balances.withAll(
        shards -> {
          int sum = 0;
          for (int[] slots : shards) {
            for (int balance : slots) {
              sum += balance;
            }
          }
          return sum;
        });
  }

  private static <O extends Options<O, ?>> void check(O options) {
    options.sequentialSpecification(Model.class).check(ShardedValueLincheckTest.class);
  }

  @Test
  void modelChecking() {
    check(Lincheck.modelChecking(5, 100, 2));
  }

  @Test
  void stress() {
    check(Lincheck.stress(10, 500, 2));
  }

  /** The sequential model: one int per account. */
  public static final class Model {
    private final int[] balances = new int[ACCOUNTS];

    public Model() {
      Arrays.fill(balances, OPENING_BALANCE);
    }

    public int balance(int key) {
      return balances[key];
    }

    public void transfer(int from, int to, int amount) {
      balances[from] -= amount;
      balances[to] += amount;
    }

    public int total() {
      int sum = 0;
      for (int balance : balances) {
        sum += balance;
      }
      return sum;
    }
  }
}
