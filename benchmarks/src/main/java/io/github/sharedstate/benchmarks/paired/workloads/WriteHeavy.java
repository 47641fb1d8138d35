package io.github.sharedstate.benchmarks.paired.workloads;

import io.github.sharedstate.ExclusiveValue;
import io.github.sharedstate.benchmarks.WriteHeavyBenchmark;
import io.github.sharedstate.benchmarks.paired.Window;
import io.github.sharedstate.benchmarks.paired.Workload;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Two threads write one shared value: the paired runner's sides for {@link WriteHeavyBenchmark} at
 * {@code -t 2}, each operation exactly that benchmark method's body.
 */
public final class WriteHeavy {
  private static final Consumer<long[]> INCREMENT = v -> v[0]++;

  private WriteHeavy() {}

  /** {@code WriteHeavyBenchmark.exclusiveValue}: both threads on one {@code ExclusiveValue}. */
  public static final class TwoExclusiveValueWriters implements Workload {
    private final ExclusiveValue<long[]> exclusive = ExclusiveValue.of(new long[1]);

    @Override
    public int threads() {
      return 2;
    }

    @Override
    public long run(int thread, Window window, Blackhole sink) {
      long ops = 0;
      do {
        exclusive.modify(INCREMENT);
        ops++;
      } while (window.isOpen());
      return ops;
    }
  }

  /** {@code WriteHeavyBenchmark.reentrantLock}: both threads on one {@code ReentrantLock}. */
  public static final class TwoReentrantLockWriters implements Workload {
    private final ReentrantLock mutex = new ReentrantLock();
    private final long[] state = new long[1];

    @Override
    public int threads() {
      return 2;
    }

    @Override
    public long run(int thread, Window window, Blackhole sink) {
      long ops = 0;
      do {
        reentrantLock();
        ops++;
      } while (window.isOpen());
      return ops;
    }

    private void reentrantLock() {
      mutex.lock();
      try {
        state[0]++;
      } finally {
        mutex.unlock();
      }
    }
  }
}
