package io.github.sharedstate.benchmarks;

import io.github.sharedstate.ExclusiveValue;
import io.github.sharedstate.GuardedValue;
import io.github.sharedstate.LockOrder;
import io.github.sharedstate.ReadGuard;
import io.github.sharedstate.WriteGuard;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One thread, no contention: the cost of each access beside the raw JDK lock doing the same
 * work. Baselines are the {@code raw*} methods; ratios are reported against them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class UncontendedBenchmark {
  private static final Duration LONG_TIMEOUT = Duration.ofSeconds(10);
  enum Locks {
    VALUE
  }

  private static final Function<long[], Long> READ = v -> v[0];
  private static final Function<long[], Long> INCREMENT = v -> ++v[0];
  private static final Consumer<long[]> BUMP = v -> v[0]++;
  private static final UnaryOperator<Long> PLUS_ONE = v -> v + 1;

  private final ReentrantReadWriteLock rawReadWrite = new ReentrantReadWriteLock();
  private final ReentrantLock rawMutex = new ReentrantLock();
  private final long[] rawState = new long[1];
  private Long rawBoxed = 0L;

  private final GuardedValue<long[]> guarded = GuardedValue.of(new long[1]);
  private final GuardedValue<Long> guardedBoxed = GuardedValue.of(0L);
  private final ExclusiveValue<long[]> exclusive = ExclusiveValue.of(new long[1]);

  private final LockOrder throwing = LockOrder.of(Locks.class);
  private final GuardedValue<long[]> rankedGuarded =
      GuardedValue.of(new long[1], throwing.rank(Locks.VALUE));
  private final ExclusiveValue<long[]> rankedExclusive =
      ExclusiveValue.of(new long[1], throwing.rank(Locks.VALUE));

  private final LockOrder off = LockOrder.builder(Locks.class).policy(LockOrder.Policy.OFF).build();
  private final ExclusiveValue<long[]> offExclusive =
      ExclusiveValue.of(new long[1], off.rank(Locks.VALUE));
  private final GuardedValue<long[]> offGuarded =
      GuardedValue.of(new long[1], off.rank(Locks.VALUE));

  // ---- GuardedValue vs ReentrantReadWriteLock ----

  @Benchmark
  public long rawReadLock() {
    ReentrantReadWriteLock.ReadLock lock = rawReadWrite.readLock();
    lock.lock();
    try {
      return rawState[0];
    } finally {
      lock.unlock();
    }
  }

  @Benchmark
  public long guardedRead() {
    return guarded.read(READ);
  }

  @Benchmark
  public long rankedGuardedRead() {
    return rankedGuarded.read(READ);
  }

  @Benchmark
  public long offGuardedRead() {
    return offGuarded.read(READ);
  }

  @Benchmark
  public long guardedReadGuard() {
    try (ReadGuard<long[]> guard = guarded.lockRead()) {
      return guard.get()[0];
    }
  }

  @Benchmark
  public long rawTimedReadLock() throws InterruptedException {
    ReentrantReadWriteLock.ReadLock lock = rawReadWrite.readLock();
    if (!lock.tryLock(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("timed out");
    }
    try {
      return rawState[0];
    } finally {
      lock.unlock();
    }
  }

  @Benchmark
  public long guardedTryRead() throws InterruptedException {
    return guarded.tryRead(LONG_TIMEOUT, READ);
  }

  @Benchmark
  public long rawWriteLock() {
    ReentrantReadWriteLock.WriteLock lock = rawReadWrite.writeLock();
    lock.lock();
    try {
      return ++rawState[0];
    } finally {
      lock.unlock();
    }
  }

  @Benchmark
  public long guardedWrite() {
    return guarded.write(INCREMENT);
  }

  @Benchmark
  public long rawWriteLockReplace() {
    ReentrantReadWriteLock.WriteLock lock = rawReadWrite.writeLock();
    lock.lock();
    try {
      rawBoxed = rawBoxed + 1;
      return rawBoxed;
    } finally {
      lock.unlock();
    }
  }

  @Benchmark
  public long guardedUpdate() {
    return guardedBoxed.update(PLUS_ONE);
  }

  // ---- ExclusiveValue vs ReentrantLock ----

  @Benchmark
  public long rawMutex() {
    rawMutex.lock();
    try {
      return ++rawState[0];
    } finally {
      rawMutex.unlock();
    }
  }

  @Benchmark
  public long exclusiveWith() {
    return exclusive.with(INCREMENT);
  }

  @Benchmark
  public void exclusiveModify() {
    exclusive.modify(BUMP);
  }

  @Benchmark
  public long exclusiveLockGuard() {
    try (WriteGuard<long[]> guard = exclusive.lock()) {
      return ++guard.get()[0];
    }
  }

  @Benchmark
  public long rawTimedMutex() throws InterruptedException {
    if (!rawMutex.tryLock(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("timed out");
    }
    try {
      return ++rawState[0];
    } finally {
      rawMutex.unlock();
    }
  }

  @Benchmark
  public long exclusiveTryWith() throws InterruptedException {
    return exclusive.tryWith(LONG_TIMEOUT, INCREMENT);
  }

  @Benchmark
  public long rankedExclusiveWith() {
    return rankedExclusive.with(INCREMENT);
  }

  @Benchmark
  public long offExclusiveWith() {
    return offExclusive.with(INCREMENT);
  }
}
