package io.github.sharedstate.benchmarks;

import io.github.sharedstate.GuardedValue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Two readers and one writer that writes now and then, the load {@link GuardedValue} is made
 * for: {@link GuardedValue} against a raw {@link ReentrantReadWriteLock}, each in its own JMH
 * group (run with {@code -tg 2,1}; the report does). The writer parks outside the lock between
 * writes, {@code writeIntervalUs} microseconds at a time.
 *
 * <p>The throughput groups ({@code guarded}, {@code rrwl}) report reader throughput and the write
 * rate achieved (writer ops/us, park included). The latency groups ({@code guardedLatency},
 * {@code rrwlLatency}) run the same load in {@link Mode#SampleTime}, where the writer parks in an
 * invocation-level setup, outside the timed region, so its samples are the write alone: waiting
 * for the lock (and, for {@code GuardedValue}, revoking the reader bias) plus the update.
 *
 * <p>The {@code idle} group is the floor under the readers' figure: the same readers beside a
 * thread that wakes as often as the writer but touches nothing. With three threads on two cores
 * each wake-up preempts a reader, a cost of the scheduler rather than of any lock.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Group)
public class ReadWithWriterBenchmark {
  private static final Function<long[], Long> READ = v -> v[0] + v[1];
  private static final Consumer<long[]> WRITE =
      v -> {
        v[0]++;
        v[1]--;
      };

  /**
   * The writer's pause between writes. Linux timer slack (50 us by default) and wake-up latency
   * make the real pause longer than asked, the 10 us one by several times, which is why the
   * achieved write rate is reported beside the reader throughput.
   */
  @Param({"10", "100"})
  int writeIntervalUs;

  private final GuardedValue<long[]> guarded = GuardedValue.of(new long[2]);
  private final ReentrantReadWriteLock readWrite = new ReentrantReadWriteLock();
  private final long[] pair = new long[2];

  /** The latency writers' pause, outside the timed region (a setup before every call). */
  @State(Scope.Thread)
  public static class Pause {
    @Setup(Level.Invocation)
    public void park(ReadWithWriterBenchmark benchmark) {
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(benchmark.writeIntervalUs));
    }
  }

  // ---- throughput: readers, and the write rate achieved ----

  @Benchmark
  @Group("guarded")
  @GroupThreads(2)
  public long guardedReader() {
    return guarded.read(READ);
  }

  @Benchmark
  @Group("guarded")
  @GroupThreads(1)
  public void guardedWriter() {
    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(writeIntervalUs));
    guarded.modify(WRITE);
  }

  @Benchmark
  @Group("rrwl")
  @GroupThreads(2)
  public long rrwlReader() {
    return rawRead();
  }

  @Benchmark
  @Group("rrwl")
  @GroupThreads(1)
  public void rrwlWriter() {
    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(writeIntervalUs));
    rawWrite();
  }

  @Benchmark
  @Group("idle")
  @GroupThreads(2)
  public long idleReader() {
    return guarded.read(READ);
  }

  @Benchmark
  @Group("idle")
  @GroupThreads(1)
  public void idleWaker() {
    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(writeIntervalUs));
  }

  // ---- latency: the same load, every call sampled; the writer's park is not timed ----

  @Benchmark
  @Group("guardedLatency")
  @GroupThreads(2)
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public long guardedLatencyReader() {
    return guarded.read(READ);
  }

  @Benchmark
  @Group("guardedLatency")
  @GroupThreads(1)
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public void guardedLatencyWriter(Pause pause) {
    guarded.modify(WRITE);
  }

  @Benchmark
  @Group("rrwlLatency")
  @GroupThreads(2)
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public long rrwlLatencyReader() {
    return rawRead();
  }

  @Benchmark
  @Group("rrwlLatency")
  @GroupThreads(1)
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public void rrwlLatencyWriter(Pause pause) {
    rawWrite();
  }

  private long rawRead() {
    ReentrantReadWriteLock.ReadLock lock = readWrite.readLock();
    lock.lock();
    try {
      return pair[0] + pair[1];
    } finally {
      lock.unlock();
    }
  }

  private void rawWrite() {
    ReentrantReadWriteLock.WriteLock lock = readWrite.writeLock();
    lock.lock();
    try {
      pair[0]++;
      pair[1]--;
    } finally {
      lock.unlock();
    }
  }
}
