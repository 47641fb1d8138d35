package io.github.sharedstate.lincheck;

import static io.github.sharedstate.lincheck.Lincheck.call;
import static io.github.sharedstate.lincheck.Lincheck.parallel;
import static io.github.sharedstate.lincheck.Lincheck.thread;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.sharedstate.LockOrder;
import io.github.sharedstate.OrderedReadWriteLock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link OrderedReadWriteLock}, non-fair and fair, is linearizable and deadlock-free as a drop-in
 * lock: a cell read under {@code readLock()} (a reader overlapping a writer returns a torn read),
 * written under {@code writeLock()}, both through {@code tryLock()} retried until it succeeds, a
 * writer that awaits a {@link Condition} of the write lock until a two-step writer makes its
 * predicate true, and a reader that awaits it likewise and then downgrades to a read, against a
 * model that is a plain int.
 *
 * <p>The non-fair lock reads through the reader-biased fast path, so model checking interleaves
 * fast readers with a writer's revocation; the surefire runs with one reader cell and with the
 * fast path off repeat the non-fair tests. A fair lock always takes the plain lock.
 */
// Lincheck finds hangs itself (and reports the interleaving); the limit only has to exceed the
// test's own run time, up to half a minute on a busy 2-core machine, with room to spare.
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@Tag("lincheck")
public class OrderedReadWriteLockLincheckTest {
  enum Ranks {
    TABLE
  }

  /**
   * Waiters that must block: the two-step writer is between its steps while they test their
   * predicate, and only its second step's signal can wake them; the plain reader meets them.
   */
  private static ExecutionScenario waitersAndTwoStepWriter(Class<?> test) {
    return parallel(
        test,
        thread(call("twoStep", 1)),
        thread(call("writeWhenIdle", 2), call("readWhenIdle")),
        thread(call("readWhenIdle"), call("read")));
  }

  /**
   * Readers beside a writer, nothing else: few enough switch points that model checking reaches a
   * read between the writer's two stores, which must never be possible.
   */
  private static ExecutionScenario readersBesideWriter(Class<?> test) {
    return parallel(
        test,
        thread(call("write", 1), call("write", 2)),
        thread(call("read"), call("read")));
  }

  private static <O extends Options<O, ?>> void check(O options, Class<?> test) {
    options
        .addCustomScenario(readersBesideWriter(test))
        .addCustomScenario(waitersAndTwoStepWriter(test))
        .sequentialSpecification(Model.class)
        .check(test);
  }

  // Fewer random scenarios than for GuardedValue, whose engine this lock shares; the hand-written
  // scenario is the point. The non-fair lock, with the reader bias, gets the most.
  @Test
  void nonFair_modelChecking() {
    check(Lincheck.modelChecking(3, 100, 3), NonFair.class);
  }

  @Test
  void nonFair_stress() {
    check(Lincheck.stress(3, 500, 3), NonFair.class);
  }

  /**
   * A fair lock has no reader bias, so the surefire runs with another reader table (the system
   * property set) repeat only the non-fair tests.
   */
  private static void assumeDefaultReaderTable() {
    assumeTrue(
        System.getProperty("io.github.sharedstate.readerCells") == null,
        "a fair lock takes the plain lock whatever the reader table");
  }

  @Test
  void fair_modelChecking() {
    assumeDefaultReaderTable();
    check(Lincheck.modelChecking(2, 100, 3), Fair.class);
  }

  @Test
  void fair_stress() {
    assumeDefaultReaderTable();
    check(Lincheck.stress(2, 500, 3), Fair.class);
  }

  /** The operations, on a lock of the fairness a subclass picks. */
  public abstract static class Operations {
    private final Lock readLock;
    private final Lock writeLock;
    /** A condition of the write lock, signalled when a two-step writer has made its second step. */
    private final Condition idle;
    private final Cell cell = new Cell(0);

    Operations(boolean fair) {
      OrderedReadWriteLock lock =
          OrderedReadWriteLock.builder()
              .rank(LockOrder.of(Ranks.class).rank(Ranks.TABLE))
              .fair(fair)
              .build();
      readLock = lock.readLock();
      writeLock = lock.writeLock();
      idle = writeLock.newCondition();
    }

    @Operation
    public int read() {
      readLock.lock();
      try {
        return cell.read();
      } finally {
        readLock.unlock();
      }
    }

    @Operation
    public int write(@Param(gen = IntGen.class, conf = "1:3") int delta) {
      writeLock.lock();
      try {
        return cell.add(delta);
      } finally {
        writeLock.unlock();
      }
    }

    /** A read {@code tryLock()}, tried until it gets the lock: a failed try must leave no trace. */
    // yield, not onSpinWait: with two cores for the holder, this thread and Lincheck's own
    // spinning runner, the holder may need this core to release the lock.
    @SuppressWarnings("ThreadPriorityCheck")
    @Operation
    public int tryRead() {
      while (!readLock.tryLock()) {
        Thread.yield();
      }
      try {
        return cell.read();
      } finally {
        readLock.unlock();
      }
    }

    /**
     * A write {@code tryLock()}, tried until it gets the lock: a failed try must change nothing,
     * and leave no revocation behind that keeps readers out.
     */
    @SuppressWarnings("ThreadPriorityCheck") // as in tryRead
    @Operation
    public int tryWrite(@Param(gen = IntGen.class, conf = "1:3") int delta) {
      while (!writeLock.tryLock()) {
        Thread.yield();
      }
      try {
        return cell.add(delta);
      } finally {
        writeLock.unlock();
      }
    }

    /**
     * Adds {@code delta} in two write-lock holds: the first marks the cell busy, the second adds,
     * clears the mark and signals the waiters. Its effect is the second step's.
     */
    @Operation
    public int twoStep(@Param(gen = IntGen.class, conf = "1:3") int delta) {
      writeLock.lock();
      try {
        cell.busy++;
      } finally {
        writeLock.unlock();
      }
      writeLock.lock();
      try {
        cell.busy--;
        idle.signalAll();
        return cell.add(delta);
      } finally {
        writeLock.unlock();
      }
    }

    /** Adds {@code delta} once no two-step writer is between its steps, awaiting {@code idle}. */
    @Operation
    public int writeWhenIdle(@Param(gen = IntGen.class, conf = "1:3") int delta) {
      writeLock.lock();
      try {
        awaitIdle();
        return cell.add(delta);
      } finally {
        writeLock.unlock();
      }
    }

    /**
     * Reads once no two-step writer is between its steps: awaits {@code idle} under the write
     * lock, then downgrades to a read lock (taken while the write lock is held) and reads.
     */
    @Operation
    public int readWhenIdle() {
      writeLock.lock();
      try {
        awaitIdle();
        readLock.lock();
      } finally {
        writeLock.unlock();
      }
      try {
        return cell.read();
      } finally {
        readLock.unlock();
      }
    }

    private void awaitIdle() {
      while (!cell.idle()) {
        idle.awaitUninterruptibly();
      }
    }
  }

  /** A non-fair lock: reads take the reader-biased fast path. */
  public static final class NonFair extends Operations {
    public NonFair() {
      super(false);
    }
  }

  /** A fair lock: every read takes the plain lock. */
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
