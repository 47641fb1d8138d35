package io.github.sharedstate.lincheck;

import static io.github.sharedstate.lincheck.Lincheck.call;
import static io.github.sharedstate.lincheck.Lincheck.parallel;
import static io.github.sharedstate.lincheck.Lincheck.thread;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.sharedstate.GuardedValue;
import io.github.sharedstate.LockTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link GuardedValue}, fair and non-fair, is linearizable and deadlock-free: read, write, update,
 * modify, zero-timeout tryRead and tryWrite, and writeWhen and readWhen waiting for a predicate
 * that a two-step writer makes true, against a model that is a plain int.
 *
 * <p>The non-fair value reads through the reader-biased fast path, so model checking interleaves
 * fast readers with a writer's revocation; the surefire runs with one reader cell and with the
 * fast path off repeat the non-fair tests. A fair value always takes the plain lock.
 */
// Lincheck finds hangs itself (and reports the interleaving); the limit only has to exceed the
// test's own run time, up to half a minute on a busy 2-core machine, with room to spare.
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@Tag("lincheck")
public class GuardedValueLincheckTest {
  /**
   * A waiter that must block: the two-step writer is between its steps while the waiters test
   * their predicates, and only its second step's release can wake them.
   */
  private static ExecutionScenario waitersAndTwoStepWriter(Class<?> test) {
    return parallel(
        test,
        thread(call("twoStep", 1)),
        thread(call("writeWhenIdle", 2), call("readWhenIdle")),
        thread(call("readWhenIdle"), call("read")));
  }

  private static <O extends Options<O, ?>> void check(O options, Class<?> test) {
    options
        .addCustomScenario(waitersAndTwoStepWriter(test))
        .sequentialSpecification(Model.class)
        .check(test);
  }

  @Test
  void nonFair_modelChecking() {
    check(Lincheck.modelChecking(10, 200, 3), NonFair.class);
  }

  @Test
  void nonFair_stress() {
    check(Lincheck.stress(10, 500, 3), NonFair.class);
  }

  /**
   * A fair value has no reader bias, so the surefire runs with another reader table (the system
   * property set) repeat only the non-fair tests.
   */
  private static void assumeDefaultReaderTable() {
    assumeTrue(
        System.getProperty("io.github.sharedstate.readerCells") == null,
        "a fair value takes the plain lock whatever the reader table");
  }

  @Test
  void fair_modelChecking() {
    assumeDefaultReaderTable();
    check(Lincheck.modelChecking(10, 200, 3), Fair.class);
  }

  @Test
  void fair_stress() {
    assumeDefaultReaderTable();
    check(Lincheck.stress(10, 500, 3), Fair.class);
  }

  /** The operations, on a value of the fairness a subclass picks. */
  public abstract static class Operations {
    private final GuardedValue<Cell> value;

    Operations(boolean fair) {
      value = GuardedValue.builder(new Cell(0)).fair(fair).build();
    }

    @Operation
    public int read() {
      return value.read(Cell::read);
    }

    @Operation
    public int write(@Param(gen = IntGen.class, conf = "1:3") int delta) {
      return value.write(c -> c.add(delta));
    }

    @Operation
    public int update(@Param(gen = IntGen.class, conf = "1:3") int delta) {
      // The new cell's number is read inside the operator, under the lock: the cell update
      // returns is already in other writers' hands.
      int[] updated = new int[1];
      value.update(
          c -> {
            Cell next = c.plus(delta);
            updated[0] = next.read();
            return next;
          });
      return updated[0];
    }

    @Operation
    public void modify(@Param(gen = IntGen.class, conf = "1:3") int delta) {
      value.modify(c -> c.add(delta));
    }

    /** A zero-timeout read, tried until it gets the lock: a failed try must leave no trace. */
    @Operation
    public int tryRead() throws InterruptedException {
      return retry(fn -> value.tryRead(Duration.ZERO, fn), Cell::read);
    }

    /** A zero-timeout write, tried until it gets the lock: a failed try must change nothing. */
    @Operation
    public int tryWrite(@Param(gen = IntGen.class, conf = "1:3") int delta)
        throws InterruptedException {
      return retry(fn -> value.tryWrite(Duration.ZERO, fn), c -> c.add(delta));
    }

    /**
     * Adds {@code delta} in two write-lock holds: the first marks the cell busy, the second adds
     * and clears the mark. Its effect is the second step's, and it makes the waiters' predicate
     * true.
     */
    @Operation
    public int twoStep(@Param(gen = IntGen.class, conf = "1:3") int delta) {
      value.modify(c -> c.busy++);
      return value.write(
          c -> {
            c.busy--;
            return c.add(delta);
          });
    }

    /** Adds {@code delta} once no two-step writer is between its steps. */
    @Operation
    public int writeWhenIdle(@Param(gen = IntGen.class, conf = "1:3") int delta) {
      return value.writeWhen(Cell::idle, c -> c.add(delta));
    }

    /** Reads once no two-step writer is between its steps. */
    @Operation
    public int readWhenIdle() {
      return value.readWhen(Cell::idle, Cell::read);
    }

    // yield, not onSpinWait: with two cores for the holder, this thread and Lincheck's own
    // spinning runner, the holder may need this core to release the lock.
    @SuppressWarnings("ThreadPriorityCheck")
    private static int retry(TimedAccess access, Function<Cell, Integer> fn)
        throws InterruptedException {
      while (true) {
        try {
          return access.apply(fn);
        } catch (LockTimeoutException busy) {
          Thread.yield();
        }
      }
    }

    private interface TimedAccess {
      int apply(Function<Cell, Integer> fn) throws InterruptedException;
    }
  }

  /** A non-fair value: reads take the reader-biased fast path. */
  public static final class NonFair extends Operations {
    public NonFair() {
      super(false);
    }
  }

  /** A fair value: every read takes the plain lock. */
  public static final class Fair extends Operations {
    public Fair() {
      super(true);
    }
  }

  /** The sequential model: a plain int; nothing is ever between the steps of a two-step write. */
  public static final class Model {
    private int value;

    public int read() {
      return value;
    }

    public int write(int delta) {
      return value += delta;
    }

    public int update(int delta) {
      return value += delta;
    }

    public void modify(int delta) {
      value += delta;
    }

    public int tryRead() {
      return value;
    }

    public int tryWrite(int delta) {
      return value += delta;
    }

    public int twoStep(int delta) {
      return value += delta;
    }

    public int writeWhenIdle(int delta) {
      return value += delta;
    }

    public int readWhenIdle() {
      return value;
    }
  }
}
