package io.github.sharedstate.benchmarks;

import io.github.sharedstate.ExclusiveValue;
import io.github.sharedstate.GuardedValue;
import io.github.sharedstate.LockOrder;
import io.github.sharedstate.OrderedLock;
import io.github.sharedstate.OrderedReadWriteLock;
import io.github.sharedstate.ReadGuard;
import io.github.sharedstate.WriteGuard;
import io.github.sharedstate.internal.ReadWriteEngine;
import io.github.sharedstate.internal.ValueCore;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One thread, no contention: the cost of each access beside the raw JDK lock doing the same
 * work. Baselines are the {@code raw*} methods; ratios are reported against them. A fair
 * baseline also returns what the value's call returns: a {@code Long} where the value's function
 * returns one ({@code rawMutexBoxed}, {@code rawWriteLockBoxed}), nothing where it returns nothing
 * ({@code *NoResult}); the primitive-returning {@code rawMutex} and {@code rawWriteLock} stay for
 * reference and for the guards, whose callers read a primitive, and for the drop-in locks ({@link
 * OrderedLock}, {@link OrderedReadWriteLock}), whose callers write exactly the raw lock's code.
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
  private static final Predicate<long[]> ALWAYS = v -> v[0] >= 0;

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

  private final Function<long[], Long> readInsideRead = v -> guarded.read(READ);

  private final OrderedLock orderedLock = OrderedLock.builder().build();
  private final OrderedLock rankedOrderedLock = OrderedLock.of(throwing.rank(Locks.VALUE));
  private final OrderedReadWriteLock orderedReadWrite = OrderedReadWriteLock.builder().build();

  /**
   * A value whose reader bias is on before every call, so that every write must revoke it.
   *
   * <p>How that is ensured: the bias is on when a value is created, and each revoking write
   * turns it off for an inhibit window (nine times as long as the revocation took). Only a slow
   * read that finds the window past turns it back on. So before every call, outside the timed
   * region, this setup reads the value until a read takes the fast path, which it takes only
   * while the bias is on; this thread is the value's only user, so the bias is still on when the
   * write starts, and the write's revocation (turn the bias off, scan the reader table, start a
   * new window) runs every time. Whether a read went fast is asked of the value's lock engine,
   * found by reflection (a benchmark-only look inside; the class path allows it): inside a read,
   * {@code readHoldCount(0)} counts the reader's fast holds only.
   */
  @State(Scope.Thread)
  public static class Rebiased {
    final GuardedValue<long[]> value = GuardedValue.of(new long[1]);
    private final Function<long[], Boolean> readWentFast;

    public Rebiased() {
      ReadWriteEngine engine = engineOf(value);
      readWentFast = v -> engine.readHoldCount(0) > 0;
      if (!value.read(readWentFast)) { // a new value starts biased unless the fast path is off
        throw new IllegalStateException("reader bias is off, nothing to revoke: " + engine);
      }
    }

    @Setup(Level.Invocation)
    public void readUntilBiased() {
      while (!value.read(readWentFast)) {
        // a slow read: the inhibit window is not over yet
      }
    }

    private static ReadWriteEngine engineOf(GuardedValue<?> value) {
      try {
        Field core = GuardedValue.class.getDeclaredField("core");
        core.setAccessible(true);
        return (ReadWriteEngine) ((ValueCore<?>) core.get(value)).engine();
      } catch (ReflectiveOperationException | ClassCastException e) {
        throw new IllegalStateException("GuardedValue's lock has moved; update this benchmark", e);
      }
    }
  }

  /**
   * The control for {@link UncontendedBenchmark#guardedRevokingWrite}: a setup before every call
   * makes JMH time each call on its own (two clock reads per call, tens of ns), so the revoking
   * write is compared with a plain write timed the same way. Nothing reads this value, so its
   * bias stays off after the first write and no write revokes.
   */
  @State(Scope.Thread)
  public static class TimedEach {
    final GuardedValue<long[]> value = GuardedValue.of(new long[1]);

    @Setup(Level.Invocation)
    public void nothing() {
      // present only so that JMH times this benchmark per call, as it does the revoking write
    }
  }

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
  public long guardedReentrantRead() {
    return guarded.read(readInsideRead);
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

  /** The drop-in read lock, unranked: the code of {@code rawReadLock}, on the reader-biased path. */
  @Benchmark
  public long orderedReadLock() {
    ReentrantReadWriteLock.ReadLock lock = orderedReadWrite.readLock();
    lock.lock();
    try {
      return rawState[0];
    } finally {
      lock.unlock();
    }
  }

  /** The drop-in write lock, unranked: the code of {@code rawWriteLock}. */
  @Benchmark
  public long orderedWriteLock() {
    ReentrantReadWriteLock.WriteLock lock = orderedReadWrite.writeLock();
    lock.lock();
    try {
      return ++rawState[0];
    } finally {
      lock.unlock();
    }
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

  /** The fair baseline of {@code guardedWrite}: the same work, and a boxed result as its function. */
  @Benchmark
  public Long rawWriteLockBoxed() {
    ReentrantReadWriteLock.WriteLock lock = rawReadWrite.writeLock();
    lock.lock();
    try {
      return ++rawState[0];
    } finally {
      lock.unlock();
    }
  }

  @Benchmark
  public Long guardedWrite() {
    return guarded.write(INCREMENT);
  }

  /** The fair baseline of {@code guardedModify}: the same work, no result. */
  @Benchmark
  public void rawWriteLockNoResult() {
    ReentrantReadWriteLock.WriteLock lock = rawReadWrite.writeLock();
    lock.lock();
    try {
      rawState[0]++;
    } finally {
      lock.unlock();
    }
  }

  @Benchmark
  public void guardedModify() {
    guarded.modify(BUMP);
  }

  @Benchmark
  public long guardedWriteGuard() {
    try (WriteGuard<long[]> guard = guarded.lockWrite()) {
      return ++guard.get()[0];
    }
  }

  @Benchmark
  public long guardedRevokingWrite(Rebiased state) {
    return state.value.write(INCREMENT);
  }

  @Benchmark
  public long guardedWriteTimedEach(TimedEach state) {
    return state.value.write(INCREMENT);
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

  /** The fair baseline of {@code exclusiveWith}: the same work, and a boxed result as its function. */
  @Benchmark
  public Long rawMutexBoxed() {
    rawMutex.lock();
    try {
      return ++rawState[0];
    } finally {
      rawMutex.unlock();
    }
  }

  @Benchmark
  public Long exclusiveWith() {
    return exclusive.with(INCREMENT);
  }

  /** The fair baseline of {@code exclusiveModify}: the same work, no result. */
  @Benchmark
  public void rawMutexNoResult() {
    rawMutex.lock();
    try {
      rawState[0]++;
    } finally {
      rawMutex.unlock();
    }
  }

  /** A conditional call whose predicate holds at once: what withWhen costs when nobody waits. */
  @Benchmark
  public Long exclusiveWithWhen() {
    return exclusive.withWhen(ALWAYS, INCREMENT);
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

  /** The drop-in lock, unranked: the code of {@code rawMutex}. */
  @Benchmark
  public long orderedLock() {
    orderedLock.lock();
    try {
      return ++rawState[0];
    } finally {
      orderedLock.unlock();
    }
  }

  /** The drop-in lock with a rank of a THROW order: the code of {@code rawMutex}, checked. */
  @Benchmark
  public long rankedOrderedLock() {
    rankedOrderedLock.lock();
    try {
      return ++rawState[0];
    } finally {
      rankedOrderedLock.unlock();
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
  public Long rankedExclusiveWith() {
    return rankedExclusive.with(INCREMENT);
  }

  @Benchmark
  public Long offExclusiveWith() {
    return offExclusive.with(INCREMENT);
  }
}
