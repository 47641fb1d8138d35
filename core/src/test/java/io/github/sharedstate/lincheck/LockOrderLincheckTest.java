package io.github.sharedstate.lincheck;

import static io.github.sharedstate.lincheck.Lincheck.call;
import static io.github.sharedstate.lincheck.Lincheck.parallel;
import static io.github.sharedstate.lincheck.Lincheck.thread;

import io.github.sharedstate.ExclusiveValue;
import io.github.sharedstate.GuardedValue;
import io.github.sharedstate.LockOrder;
import io.github.sharedstate.SnapshotValue;
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
 * {@link LockOrder#withAll} never deadlocks: threads that name the same values of one rank in
 * opposite orders take them in one order, and a ranked lock taken inside, in the legal order,
 * joins that order. Transfers between three accounts of one rank (a {@link GuardedValue}, an
 * {@link ExclusiveValue} and a {@link SnapshotValue}) count themselves in a ledger of a higher
 * rank; the total never changes, and an audit that holds one account and then the ledger sees
 * them agree.
 */
// Lincheck finds hangs itself (and reports the interleaving); the limit only has to exceed the
// test's own run time, up to half a minute on a busy 2-core machine, with room to spare.
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@Tag("lincheck")
@Param(name = "amount", gen = IntGen.class, conf = "1:3")
public class LockOrderLincheckTest {
  enum Ranks {
    ACCOUNTS,
    LEDGER
  }

  static final int OPENING_BALANCE = 10;

  private final LockOrder order = LockOrder.of(Ranks.class);
  private final GuardedValue<Cell> a =
      GuardedValue.of(new Cell(OPENING_BALANCE), order.rank(Ranks.ACCOUNTS));
  private final ExclusiveValue<Cell> b =
      ExclusiveValue.of(new Cell(OPENING_BALANCE), order.rank(Ranks.ACCOUNTS));
  private final SnapshotValue<Integer> c =
      SnapshotValue.of(OPENING_BALANCE, order.rank(Ranks.ACCOUNTS));
  /** The number of transfers, counted under the ledger's mutex. */
  private final ExclusiveValue<Cell> ledger =
      ExclusiveValue.of(new Cell(0), order.rank(Ranks.LEDGER));

  /** Moves {@code amount} from a to b, naming them a, b. */
  @Operation
  public void transferAB(@Param(name = "amount") int amount) {
    order.withAll(
        List.of(a, b),
        () -> {
          a.modify(x -> x.add(-amount));
          b.modify(x -> x.add(amount));
          return ledger.with(l -> l.add(1));
        });
  }

  /** Moves {@code amount} from b to a, naming them b, a. */
  @Operation
  public void transferBA(@Param(name = "amount") int amount) {
    order.withAll(
        List.of(b, a),
        () -> {
          b.modify(x -> x.add(-amount));
          a.modify(x -> x.add(amount));
          return ledger.with(l -> l.add(1));
        });
  }

  /** Moves {@code amount} from c to a, naming them c, b, a: b is taken and left alone. */
  @Operation
  public void transferCA(@Param(name = "amount") int amount) {
    order.withAll(
        List.of(c, b, a),
        () -> {
          c.update(x -> x - amount);
          a.modify(x -> x.add(amount));
          return ledger.with(l -> l.add(1));
        });
  }

  @Operation
  public int total() {
    return order.withAll(
        List.of(b, c, a), () -> a.read(x -> x.read()) + b.with(x -> x.read()) + c.get());
  }

  /** a's balance and the number of transfers, read under a's read lock: ranked nesting. */
  @Operation
  public String audit() {
    return a.read(x -> x.read() + " after " + ledger.with(l -> l.read()) + " transfers");
  }

  private static <O extends Options<O, ?>> void check(O options) {
    options
        .addCustomScenario(
            parallel(
                LockOrderLincheckTest.class,
                thread(call("transferAB", 1), call("transferCA", 1)),
                thread(call("transferBA", 2), call("audit"))))
        .sequentialSpecification(Model.class)
        .check(LockOrderLincheckTest.class);
  }

  @Test
  void modelChecking() {
    check(Lincheck.modelChecking(3, 100, 2));
  }

  @Test
  void stress() {
    check(Lincheck.stress(10, 500, 2));
  }

  /** The sequential model: three ints and a count. */
  public static final class Model {
    private int a = OPENING_BALANCE;
    private int b = OPENING_BALANCE;
    private int c = OPENING_BALANCE;
    private int transfers;

    public void transferAB(int amount) {
      a -= amount;
      b += amount;
      transfers++;
    }

    public void transferBA(int amount) {
      b -= amount;
      a += amount;
      transfers++;
    }

    public void transferCA(int amount) {
      c -= amount;
      a += amount;
      transfers++;
    }

    public int total() {
      return a + b + c;
    }

    public String audit() {
      return a + " after " + transfers + " transfers";
    }
  }
}
