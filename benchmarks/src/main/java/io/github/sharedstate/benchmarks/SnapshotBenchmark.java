package io.github.sharedstate.benchmarks;

import io.github.sharedstate.ExclusiveValue;
import io.github.sharedstate.GuardedValue;
import io.github.sharedstate.SnapshotValue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.StampedLock;
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
 * Reads and copy-on-write updates of one shared immutable value: {@link SnapshotValue} against
 * {@link AtomicReference} (the hand-rolled copy-on-write it replaces), {@link GuardedValue} and
 * {@link StampedLock}'s read lock for reads, and {@link ExclusiveValue} for updates. Throughput,
 * so a run at {@code -t 2} shows how reads scale and how two writers contend (the report runs 1
 * and 2 threads).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SnapshotBenchmark {
  private static final Function<Long, Long> READ = v -> v;
  private static final UnaryOperator<Long> PLUS_ONE = v -> v + 1;

  private final SnapshotValue<Long> snapshot = SnapshotValue.of(0L);
  private final AtomicReference<Long> atomic = new AtomicReference<>(0L);
  private final GuardedValue<Long> guarded = GuardedValue.of(0L);
  private final ExclusiveValue<Long> exclusive = ExclusiveValue.of(0L);
  private final StampedLock stamped = new StampedLock();
  private Long stampedState = 0L; // not final, so the JIT cannot fold the read

  @Benchmark
  public Long snapshotGet() {
    return snapshot.get();
  }

  @Benchmark
  public Long atomicGet() {
    return atomic.get();
  }

  @Benchmark
  public Long guardedRead() {
    return guarded.read(READ);
  }

  @Benchmark
  public Long stampedRead() {
    long stamp = stamped.readLock();
    try {
      return stampedState;
    } finally {
      stamped.unlockRead(stamp);
    }
  }

  @Benchmark
  public Long snapshotUpdate() {
    return snapshot.update(PLUS_ONE);
  }

  @Benchmark
  public Long atomicUpdate() {
    return atomic.updateAndGet(PLUS_ONE);
  }

  @Benchmark
  public Long exclusiveUpdate() {
    return exclusive.update(PLUS_ONE);
  }
}
