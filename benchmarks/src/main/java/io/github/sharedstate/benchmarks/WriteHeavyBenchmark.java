package io.github.sharedstate.benchmarks;

import io.github.sharedstate.ExclusiveValue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
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
 * Every thread writes one shared value: {@link ExclusiveValue} against {@link ReentrantLock} and
 * {@code synchronized}. Run with {@code -t 1}, {@code -t 2}, {@code -t 4} (the report does).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class WriteHeavyBenchmark {
  private static final Consumer<long[]> INCREMENT = v -> v[0]++;

  private final ExclusiveValue<long[]> exclusive = ExclusiveValue.of(new long[1]);
  private final ReentrantLock mutex = new ReentrantLock();
  private final Object monitor = new Object();
  private final long[] state = new long[1];

  @Benchmark
  public void exclusiveValue() {
    exclusive.modify(INCREMENT);
  }

  @Benchmark
  public void reentrantLock() {
    mutex.lock();
    try {
      state[0]++;
    } finally {
      mutex.unlock();
    }
  }

  @Benchmark
  public void synchronizedBlock() {
    synchronized (monitor) {
      state[0]++;
    }
  }
}
