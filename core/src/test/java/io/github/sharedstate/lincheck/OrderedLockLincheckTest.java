package io.github.sharedstate.lincheck;

import static io.github.sharedstate.lincheck.Lincheck.call;
import static io.github.sharedstate.lincheck.Lincheck.parallel;
import static io.github.sharedstate.lincheck.Lincheck.thread;

import io.github.sharedstate.LockOrder;
import io.github.sharedstate.OrderedLock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link OrderedLock} and a {@link ReentrantLock} wrapped with {@link LockOrder.Rank#wrap} are
 * linearizable and deadlock-free as drop-in locks: a cell updated under {@code lock()}, re-entered,
 * under {@code tryLock()} and a zero-timeout {@code tryLock(0, unit)} retried until they succeed,
 * and waiters that await a {@link Condition} of the lock until a two-step writer makes their
 * predicate true, against a model that is a plain int.
 */
// Lincheck finds hangs itself (and reports the interleaving); the limit only has to exceed the
// test's own run time, up to half a minute on a busy 2-core machine, with room to spare.
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@Tag("lincheck")
public class OrderedLockLincheckTest {
  enum Ranks {
    COUNTER
  }

  /**
   * Waiters that must block: the two-step writer is between its steps while they test their
   * predicate, and only its second step's signal can wake them, both of them.
   */
  private static ExecutionScenario waitersAndTwoStepWriter(Class<?> test) {
    return parallel(
        test,
        thread(call("twoStep", 1)),
        thread(call("incrementWhenIdle", 2), call("get")),
        thread(call("incrementWhenIdle", 3)));
  }

  /**
   * A reader beside writers, nothing else: few enough switch points that model checking reaches a
   * read between a writer's two stores, which must never be possible.
   */
  private static ExecutionScenario readerBesideWriters(Class<?> test) {
    return parallel(
        test,
        thread(call("increment", 1), call("tryIncrement", 2)),
        thread(call("get"), call("get")));
  }

  private static <O extends Options<O, ?>> void check(O options, Class<?> test) {
    options
        .addCustomScenario(readerBesideWriters(test))
        .addCustomScenario(waitersAndTwoStepWriter(test))
        .sequentialSpecification(Model.class)
        .check(test);
  }

  // Fewer random scenarios than for the value types: the engine under these locks is the values'
  // own, model-checked there already, and the hand-written scenario is the point. A fair lock
  // differs from a non-fair one only in the JDK's queue, and is left to the unit tests.
  @Test
  void nonFair_modelChecking() {
    check(Lincheck.modelChecking(3, 100, 3), NonFair.class);
  }

  @Test
  void nonFair_stress() {
    check(Lincheck.stress(3, 500, 3), NonFair.class);
  }

  @Test
  void wrapped_modelChecking() {
    check(Lincheck.modelChecking(2, 100, 3), Wrapped.class);
  }

  @Test
  void wrapped_stress() {
    check(Lincheck.stress(2, 500, 3), Wrapped.class);
  }

  /** The operations, on a lock a subclass picks; the cell is only touched while it is held. */
  public abstract static class Operations {
    private final Lock lock;
    /** Signalled when a two-step writer has made its second step. */
    private final Condition idle;
    private final Cell cell = new Cell(0);

    Operations(Lock lock) {
      this.lock = lock;
      this.idle = lock.newCondition();
    }

    static LockOrder.Rank rank() {
      return LockOrder.of(Ranks.class).rank(Ranks.COUNTER);
    }

    @Operation
    public int get() {
      lock.lock();
      try {
        return cell.read();
      } finally {
        lock.unlock();
      }
    }

    @Operation
    public int increment(@Param(gen = IntGen.class, conf = "1:3") int delta) {
      lock.lock();
      try {
        return cell.add(delta);
      } finally {
        lock.unlock();
      }
    }

    /** Adds {@code delta} holding the lock twice: re-entry by the holder passes unchecked. */
    @Operation
    public int incrementReentrant(@Param(gen = IntGen.class, conf = "1:3") int delta) {
      lock.lock();
      try {
        lock.lock();
        try {
          return cell.add(delta);
        } finally {
          lock.unlock();
        }
      } finally {
        lock.unlock();
      }
    }

    /** {@code tryLock()}, tried until it gets the lock: a failed try must leave no trace. */
    // yield, not onSpinWait: with two cores for the holder, this thread and Lincheck's own
    // spinning runner, the holder may need this core to release the lock.
    @SuppressWarnings("ThreadPriorityCheck")
    @Operation
    public int tryIncrement(@Param(gen = IntGen.class, conf = "1:3") int delta) {
      while (!lock.tryLock()) {
        Thread.yield();
      }
      try {
        return cell.add(delta);
      } finally {
        lock.unlock();
      }
    }

    /** {@code tryLock(0, unit)}, tried until it gets the lock: a timeout must leave no trace. */
    @SuppressWarnings("ThreadPriorityCheck") // as in tryIncrement
    @Operation
    public int timedTryIncrement(@Param(gen = IntGen.class, conf = "1:3") int delta)
        throws InterruptedException {
      while (!lock.tryLock(0, TimeUnit.NANOSECONDS)) {
        Thread.yield();
      }
      try {
        return cell.add(delta);
      } finally {
        lock.unlock();
      }
    }

    /**
     * Adds {@code delta} in two holds of the lock: the first marks the cell busy, the second adds,
     * clears the mark and signals the waiters. Its effect is the second step's.
     */
    @Operation
    public int twoStep(@Param(gen = IntGen.class, conf = "1:3") int delta) {
      lock.lock();
      try {
        cell.busy++;
      } finally {
        lock.unlock();
      }
      lock.lock();
      try {
        cell.busy--;
        idle.signalAll();
        return cell.add(delta);
      } finally {
        lock.unlock();
      }
    }

    /** Adds {@code delta} once no two-step writer is between its steps, awaiting {@code idle}. */
    @Operation
    public int incrementWhenIdle(@Param(gen = IntGen.class, conf = "1:3") int delta) {
      lock.lock();
      try {
        while (!cell.idle()) {
          idle.awaitUninterruptibly();
        }
        return cell.add(delta);
      } finally {
        lock.unlock();
      }
    }
  }

  /** A non-fair {@link OrderedLock}. */
  public static final class NonFair extends Operations {
    public NonFair() {
      super(OrderedLock.of(rank()));
    }
  }

  /** A plain non-fair {@link ReentrantLock}, checked by {@link LockOrder.Rank#wrap}. */
  public static final class Wrapped extends Operations {
    public Wrapped() {
      super(rank().wrap(new ReentrantLock()));
    }
  }

  /** The sequential model: a plain int; nothing is ever between the steps of a two-step write. */
  public static final class Model {
    private int value;

    public int get() {
      return value;
    }

    public int increment(int delta) {
      return value += delta;
    }

    public int incrementReentrant(int delta) {
      return value += delta;
    }

    public int tryIncrement(int delta) {
      return value += delta;
    }

    public int timedTryIncrement(int delta) {
      return value += delta;
    }

    public int twoStep(int delta) {
      return value += delta;
    }

    public int incrementWhenIdle(int delta) {
      return value += delta;
    }
  }
}
