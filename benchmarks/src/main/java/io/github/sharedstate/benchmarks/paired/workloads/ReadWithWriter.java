package io.github.sharedstate.benchmarks.paired.workloads;

import io.github.sharedstate.GuardedValue;
import io.github.sharedstate.benchmarks.ReadScalingBenchmark;
import io.github.sharedstate.benchmarks.ReadWithWriterBenchmark;
import io.github.sharedstate.benchmarks.paired.Window;
import io.github.sharedstate.benchmarks.paired.Workload;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Two readers of a {@link GuardedValue}, with and without a writer that writes every 100 us: the
 * paired runner's sides for {@link ReadWithWriterBenchmark}'s {@code guarded} group at {@code
 * writeIntervalUs=100} against {@link ReadScalingBenchmark#guardedRead} at 2 threads. Threads 0
 * and 1 read; only their operations count. Both sides run three threads so that they are alike
 * in everything but the writer: the baseline's third thread returns at once, the candidate's parks
 * 100 us outside the lock and then writes, as the benchmark's writer does.
 */
public final class ReadWithWriter {
  private static final Function<long[], Long> READ = v -> v[0] + v[1];
  private static final Consumer<long[]> WRITE =
      v -> {
        v[0]++;
        v[1]--;
      };
  private static final long WRITE_INTERVAL_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

  private ReadWithWriter() {}

  /** Two readers beside a writer every 100 us; the readers' operations count. */
  public static final class GuardedReadersBesideWriter implements Workload {
    private final GuardedValue<long[]> guarded = GuardedValue.of(new long[2]);

    @Override
    public int threads() {
      return 3;
    }

    @Override
    public long run(int thread, Window window, Blackhole sink) {
      if (thread == 2) {
        do {
          LockSupport.parkNanos(WRITE_INTERVAL_NANOS);
          guarded.modify(WRITE);
        } while (window.isOpen());
        return 0;
      }
      long ops = 0;
      do {
        sink.consume(guardedReader());
        ops++;
      } while (window.isOpen());
      return ops;
    }

    private long guardedReader() {
      return guarded.read(READ);
    }
  }

  /** Two readers only (the third thread returns at once); the readers' operations count. */
  public static final class GuardedReadersOnly implements Workload {
    private final GuardedValue<long[]> guarded = GuardedValue.of(new long[2]);

    @Override
    public int threads() {
      return 3;
    }

    @Override
    public long run(int thread, Window window, Blackhole sink) {
      if (thread == 2) {
        return 0;
      }
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
}
