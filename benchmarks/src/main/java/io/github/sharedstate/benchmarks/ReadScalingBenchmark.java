package io.github.sharedstate.benchmarks;

import io.github.sharedstate.GuardedValue;
import io.github.sharedstate.OrderedReadWriteLock;
import io.github.sharedstate.internal.ReaderBias;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Readers only, no writer at all: do reads of one value scale with the threads (cores) reading
 * it? Every thread reads the same state, under {@link GuardedValue#read}, a raw {@link
 * ReentrantReadWriteLock}, the drop-in {@link OrderedReadWriteLock}'s read lock, {@link
 * StampedLock} (read lock, and optimistic read falling back to the read lock), the library's
 * reader bias used raw on a {@code ReentrantReadWriteLock}, and {@link AtomicReference#get()},
 * the ceiling. Each comes with an empty critical section (sum two longs) and, as {@code *Work},
 * with about 100 ns of work inside it. Run with {@code -t 1} and {@code -t 2} (the report does);
 * throughput is the sum over the threads, so perfect scaling doubles it.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ReadScalingBenchmark {
  /**
   * {@code Blackhole.consumeCPU} tokens for about 100 ns of work: 60 tokens took 95-100 ns (best
   * of 400 timed loops, about 1.6 ns a token) on the project's 2-core machine, JDK 17. The work
   * touches no shared memory, so on its own it scales perfectly with the threads.
   */
  private static final long WORK_TOKENS = 60;

  private static final Function<long[], Long> READ = v -> v[0] + v[1];
  private static final Function<long[], Long> READ_WORK =
      v -> {
        Blackhole.consumeCPU(WORK_TOKENS);
        return v[0] + v[1];
      };

  private final GuardedValue<long[]> guarded = GuardedValue.of(new long[2]);
  private final ReentrantReadWriteLock readWrite = new ReentrantReadWriteLock();
  private final StampedLock stamped = new StampedLock();
  private final AtomicReference<long[]> atomic = new AtomicReference<>(new long[2]);

  /**
   * The drop-in lock, unranked and non-fair: the reader-biased path of {@link GuardedValue} behind
   * the JDK's {@code readLock().lock()} / {@code unlock()}, with the library's counting and
   * held-lock checks but no value, function or poisoning.
   */
  private final OrderedReadWriteLock ordered = OrderedReadWriteLock.builder().build();

  /**
   * The reader bias inside every non-fair {@link GuardedValue} and {@link OrderedReadWriteLock},
   * used here on a plain {@link ReentrantReadWriteLock} without the library around it (no order
   * checks, stats, guards or poisoning) to separate the bias's cost from the library's. Its
   * package is not exported by the core module, but this module runs on the class path, where
   * the public class is accessible.
   */
  private final ReentrantReadWriteLock biasedLock = new ReentrantReadWriteLock();

  private final ReaderBias bias = new ReaderBias(biasedLock);

  /** What the raw locks guard. */
  private final long[] pair = new long[2];

  @Benchmark
  public long guardedRead() {
    return guarded.read(READ);
  }

  @Benchmark
  public long guardedReadWork() {
    return guarded.read(READ_WORK);
  }

  @Benchmark
  public long rrwlRead() {
    ReentrantReadWriteLock.ReadLock lock = readWrite.readLock();
    lock.lock();
    try {
      return pair[0] + pair[1];
    } finally {
      lock.unlock();
    }
  }

  @Benchmark
  public long rrwlReadWork() {
    ReentrantReadWriteLock.ReadLock lock = readWrite.readLock();
    lock.lock();
    try {
      Blackhole.consumeCPU(WORK_TOKENS);
      return pair[0] + pair[1];
    } finally {
      lock.unlock();
    }
  }

  @Benchmark
  public long stampedRead() {
    long stamp = stamped.readLock();
    try {
      return pair[0] + pair[1];
    } finally {
      stamped.unlockRead(stamp);
    }
  }

  @Benchmark
  public long stampedReadWork() {
    long stamp = stamped.readLock();
    try {
      Blackhole.consumeCPU(WORK_TOKENS);
      return pair[0] + pair[1];
    } finally {
      stamped.unlockRead(stamp);
    }
  }

  @Benchmark
  public long stampedOptimistic() {
    long stamp = stamped.tryOptimisticRead();
    long sum = pair[0] + pair[1];
    if (stamped.validate(stamp)) {
      return sum;
    }
    return stampedRead();
  }

  @Benchmark
  public long stampedOptimisticWork() {
    long stamp = stamped.tryOptimisticRead();
    Blackhole.consumeCPU(WORK_TOKENS);
    long sum = pair[0] + pair[1];
    if (stamped.validate(stamp)) {
      return sum;
    }
    return stampedReadWork();
  }

  @Benchmark
  public long atomicGet() {
    long[] v = atomic.get();
    return v[0] + v[1];
  }

  @Benchmark
  public long atomicGetWork() {
    long[] v = atomic.get();
    Blackhole.consumeCPU(WORK_TOKENS);
    return v[0] + v[1];
  }

  @Benchmark
  public long orderedRead() {
    ReentrantReadWriteLock.ReadLock lock = ordered.readLock();
    lock.lock();
    try {
      return pair[0] + pair[1];
    } finally {
      lock.unlock();
    }
  }

  @Benchmark
  public long orderedReadWork() {
    ReentrantReadWriteLock.ReadLock lock = ordered.readLock();
    lock.lock();
    try {
      Blackhole.consumeCPU(WORK_TOKENS);
      return pair[0] + pair[1];
    } finally {
      lock.unlock();
    }
  }

  @Benchmark
  public long biasedRawRead() {
    ReaderBias b = bias;
    if (!b.tryFastRead()) {
      biasedLock.readLock().lock();
      b.afterSlowRead();
    }
    try {
      return pair[0] + pair[1];
    } finally {
      if (!b.releaseFastRead()) {
        biasedLock.readLock().unlock();
      }
    }
  }

  @Benchmark
  public long biasedRawReadWork() {
    ReaderBias b = bias;
    if (!b.tryFastRead()) {
      biasedLock.readLock().lock();
      b.afterSlowRead();
    }
    try {
      Blackhole.consumeCPU(WORK_TOKENS);
      return pair[0] + pair[1];
    } finally {
      if (!b.releaseFastRead()) {
        biasedLock.readLock().unlock();
      }
    }
  }
}
