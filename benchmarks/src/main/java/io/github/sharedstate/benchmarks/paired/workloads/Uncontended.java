package io.github.sharedstate.benchmarks.paired.workloads;

import io.github.sharedstate.ExclusiveValue;
import io.github.sharedstate.GuardedValue;
import io.github.sharedstate.LockOrder;
import io.github.sharedstate.WriteGuard;
import io.github.sharedstate.benchmarks.UncontendedBenchmark;
import io.github.sharedstate.benchmarks.paired.Window;
import io.github.sharedstate.benchmarks.paired.Workload;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One thread, no contention: the paired runner's sides for the rows of {@link
 * UncontendedBenchmark}, each operation exactly that benchmark method's body, each result consumed
 * as JMH consumes the method's return value (a boxed {@code Long} as an object, a {@code long} as a
 * primitive, nothing for {@code void}).
 */
public final class Uncontended {
  private static final Function<long[], Long> READ = v -> v[0];
  private static final Function<long[], Long> INCREMENT = v -> ++v[0];
  private static final Consumer<long[]> BUMP = v -> v[0]++;

  /** The one rank of the ranked and policy-OFF values, as in {@code UncontendedBenchmark}. */
  enum Locks {
    VALUE
  }

  private Uncontended() {}

  /** {@code UncontendedBenchmark.exclusiveWith}: {@code ExclusiveValue.with}, a boxed result. */
  public static final class ExclusiveWith implements Workload {
    private final ExclusiveValue<long[]> exclusive = ExclusiveValue.of(new long[1]);

    @Override
    public long run(int thread, Window window, Blackhole sink) {
      long ops = 0;
      do {
        sink.consume(exclusive.with(INCREMENT));
        ops++;
      } while (window.isOpen());
      return ops;
    }
  }

  /** {@code UncontendedBenchmark.rawMutexBoxed}: the same work and boxed result by hand. */
  public static final class RawMutexBoxed implements Workload {
    private final ReentrantLock rawMutex = new ReentrantLock();
    private final long[] rawState = new long[1];

    @Override
    public long run(int thread, Window window, Blackhole sink) {
      long ops = 0;
      do {
        sink.consume(rawMutexBoxed());
        ops++;
      } while (window.isOpen());
      return ops;
    }

    private Long rawMutexBoxed() {
      rawMutex.lock();
      try {
        return ++rawState[0];
      } finally {
        rawMutex.unlock();
      }
    }
  }

  /** {@code UncontendedBenchmark.exclusiveModify}: {@code ExclusiveValue.modify}, no result. */
  public static final class ExclusiveModify implements Workload {
    private final ExclusiveValue<long[]> exclusive = ExclusiveValue.of(new long[1]);

    @Override
    public long run(int thread, Window window, Blackhole sink) {
      long ops = 0;
      do {
        exclusive.modify(BUMP);
        ops++;
      } while (window.isOpen());
      return ops;
    }
  }

  /** {@code UncontendedBenchmark.rawMutexNoResult}: the same work by hand, no result. */
  public static final class RawMutexNoResult implements Workload {
    private final ReentrantLock rawMutex = new ReentrantLock();
    private final long[] rawState = new long[1];

    @Override
    public long run(int thread, Window window, Blackhole sink) {
      long ops = 0;
      do {
        rawMutexNoResult();
        ops++;
      } while (window.isOpen());
      return ops;
    }

    private void rawMutexNoResult() {
      rawMutex.lock();
      try {
        rawState[0]++;
      } finally {
        rawMutex.unlock();
      }
    }
  }

  /** {@code UncontendedBenchmark.guardedRead}: {@code GuardedValue.read}, a primitive result. */
  public static final class GuardedRead implements Workload {
    private final GuardedValue<long[]> guarded = GuardedValue.of(new long[1]);

    @Override
    public long run(int thread, Window window, Blackhole sink) {
      long ops = 0;
      do {
        sink.consume(guardedRead());
        ops++;
      } while (window.isOpen());
      return ops;
    }

    private long guardedRead() {
      return guarded.read(READ);
    }
  }

  /** {@code UncontendedBenchmark.rawReadLock}: the read lock of a ReentrantReadWriteLock. */
  public static final class RawReadLock implements Workload {
    private final ReentrantReadWriteLock rawReadWrite = new ReentrantReadWriteLock();
    private final long[] rawState = new long[1];

    @Override
    public long run(int thread, Window window, Blackhole sink) {
      long ops = 0;
      do {
        sink.consume(rawReadLock());
        ops++;
      } while (window.isOpen());
      return ops;
    }

    private long rawReadLock() {
      ReentrantReadWriteLock.ReadLock lock = rawReadWrite.readLock();
      lock.lock();
      try {
        return rawState[0];
      } finally {
        lock.unlock();
      }
    }
  }

  /** {@code UncontendedBenchmark.guardedWrite}: {@code GuardedValue.write}, a boxed result. */
  public static final class GuardedWrite implements Workload {
    private final GuardedValue<long[]> guarded = GuardedValue.of(new long[1]);

    @Override
    public long run(int thread, Window window, Blackhole sink) {
      long ops = 0;
      do {
        sink.consume(guarded.write(INCREMENT));
        ops++;
      } while (window.isOpen());
      return ops;
    }
  }

  /** {@code UncontendedBenchmark.rawWriteLockBoxed}: the RRWL write lock, same work and result. */
  public static final class RawWriteLockBoxed implements Workload {
    private final ReentrantReadWriteLock rawReadWrite = new ReentrantReadWriteLock();
    private final long[] rawState = new long[1];

    @Override
    public long run(int thread, Window window, Blackhole sink) {
      long ops = 0;
      do {
        sink.consume(rawWriteLockBoxed());
        ops++;
      } while (window.isOpen());
      return ops;
    }

    private Long rawWriteLockBoxed() {
      ReentrantReadWriteLock.WriteLock lock = rawReadWrite.writeLock();
      lock.lock();
      try {
        return ++rawState[0];
      } finally {
        lock.unlock();
      }
    }
  }
  /** {@code UncontendedBenchmark.exclusiveLockGuard}: {@code ExclusiveValue.lock()}, a guard. */
  public static final class ExclusiveLockGuard implements Workload {
    private final ExclusiveValue<long[]> exclusive = ExclusiveValue.of(new long[1]);

    @Override
    public long run(int thread, Window window, Blackhole sink) {
      long ops = 0;
      do {
        sink.consume(exclusiveLockGuard());
        ops++;
      } while (window.isOpen());
      return ops;
    }

    private long exclusiveLockGuard() {
      try (WriteGuard<long[]> guard = exclusive.lock()) {
        return ++guard.get()[0];
      }
    }
  }

  /** {@code UncontendedBenchmark.rawMutex}: ReentrantLock, a primitive result (the guard's). */
  public static final class RawMutex implements Workload {
    private final ReentrantLock rawMutex = new ReentrantLock();
    private final long[] rawState = new long[1];

    @Override
    public long run(int thread, Window window, Blackhole sink) {
      long ops = 0;
      do {
        sink.consume(rawMutex());
        ops++;
      } while (window.isOpen());
      return ops;
    }

    private long rawMutex() {
      rawMutex.lock();
      try {
        return ++rawState[0];
      } finally {
        rawMutex.unlock();
      }
    }
  }

  /** {@code UncontendedBenchmark.guardedModify}: {@code GuardedValue.modify}, no result. */
  public static final class GuardedModify implements Workload {
    private final GuardedValue<long[]> guarded = GuardedValue.of(new long[1]);

    @Override
    public long run(int thread, Window window, Blackhole sink) {
      long ops = 0;
      do {
        guarded.modify(BUMP);
        ops++;
      } while (window.isOpen());
      return ops;
    }
  }

  /** {@code UncontendedBenchmark.rawWriteLockNoResult}: the RRWL write lock, no result. */
  public static final class RawWriteLockNoResult implements Workload {
    private final ReentrantReadWriteLock rawReadWrite = new ReentrantReadWriteLock();
    private final long[] rawState = new long[1];

    @Override
    public long run(int thread, Window window, Blackhole sink) {
      long ops = 0;
      do {
        rawWriteLockNoResult();
        ops++;
      } while (window.isOpen());
      return ops;
    }

    private void rawWriteLockNoResult() {
      ReentrantReadWriteLock.WriteLock lock = rawReadWrite.writeLock();
      lock.lock();
      try {
        rawState[0]++;
      } finally {
        lock.unlock();
      }
    }
  }

  /** {@code UncontendedBenchmark.guardedWriteGuard}: {@code GuardedValue.lockWrite()}, a guard. */
  public static final class GuardedWriteGuard implements Workload {
    private final GuardedValue<long[]> guarded = GuardedValue.of(new long[1]);

    @Override
    public long run(int thread, Window window, Blackhole sink) {
      long ops = 0;
      do {
        sink.consume(guardedWriteGuard());
        ops++;
      } while (window.isOpen());
      return ops;
    }

    private long guardedWriteGuard() {
      try (WriteGuard<long[]> guard = guarded.lockWrite()) {
        return ++guard.get()[0];
      }
    }
  }

  /** {@code UncontendedBenchmark.rawWriteLock}: the RRWL write lock, a primitive result. */
  public static final class RawWriteLock implements Workload {
    private final ReentrantReadWriteLock rawReadWrite = new ReentrantReadWriteLock();
    private final long[] rawState = new long[1];

    @Override
    public long run(int thread, Window window, Blackhole sink) {
      long ops = 0;
      do {
        sink.consume(rawWriteLock());
        ops++;
      } while (window.isOpen());
      return ops;
    }

    private long rawWriteLock() {
      ReentrantReadWriteLock.WriteLock lock = rawReadWrite.writeLock();
      lock.lock();
      try {
        return ++rawState[0];
      } finally {
        lock.unlock();
      }
    }
  }

  /** {@code UncontendedBenchmark.rankedGuardedRead}: a read of a value ranked in a THROW order. */
  public static final class RankedGuardedRead implements Workload {
    private final LockOrder throwing = LockOrder.of(Locks.class);
    private final GuardedValue<long[]> rankedGuarded =
        GuardedValue.of(new long[1], throwing.rank(Locks.VALUE));

    @Override
    public long run(int thread, Window window, Blackhole sink) {
      long ops = 0;
      do {
        sink.consume(rankedGuardedRead());
        ops++;
      } while (window.isOpen());
      return ops;
    }

    private long rankedGuardedRead() {
      return rankedGuarded.read(READ);
    }
  }

  /** {@code UncontendedBenchmark.offGuardedRead}: a read of a value ranked in an OFF order. */
  public static final class OffGuardedRead implements Workload {
    private final LockOrder off =
        LockOrder.builder(Locks.class).policy(LockOrder.Policy.OFF).build();
    private final GuardedValue<long[]> offGuarded =
        GuardedValue.of(new long[1], off.rank(Locks.VALUE));

    @Override
    public long run(int thread, Window window, Blackhole sink) {
      long ops = 0;
      do {
        sink.consume(offGuardedRead());
        ops++;
      } while (window.isOpen());
      return ops;
    }

    private long offGuardedRead() {
      return offGuarded.read(READ);
    }
  }

  /** {@code UncontendedBenchmark.offExclusiveWith}: {@code with} on a value in an OFF order. */
  public static final class OffExclusiveWith implements Workload {
    private final LockOrder off =
        LockOrder.builder(Locks.class).policy(LockOrder.Policy.OFF).build();
    private final ExclusiveValue<long[]> offExclusive =
        ExclusiveValue.of(new long[1], off.rank(Locks.VALUE));

    @Override
    public long run(int thread, Window window, Blackhole sink) {
      long ops = 0;
      do {
        sink.consume(offExclusive.with(INCREMENT));
        ops++;
      } while (window.isOpen());
      return ops;
    }
  }
}
