package io.github.sharedstate.benchmarks.paired.workloads;

import io.github.sharedstate.GuardedValue;
import io.github.sharedstate.benchmarks.ReadMostlyBenchmark;
import io.github.sharedstate.benchmarks.paired.Window;
import io.github.sharedstate.benchmarks.paired.Workload;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One reader and one writer that never rests, on two threads (thread 0 reads, thread 1 writes):
 * the paired runner's sides for {@link ReadMostlyBenchmark} at {@code -tg 1,1}, each operation
 * exactly that benchmark's group member. Both roles run in every window; a side counts the
 * operations of one role only (the other thread reports none), so that one pair decides the
 * reader's target and another the writer's, each on a ratio of the same role.
 */
public final class ReadMostly {
  private static final Function<long[], Long> READ = v -> v[0] + v[1];
  private static final Consumer<long[]> WRITE =
      v -> {
        v[0]++;
        v[1]--;
      };

  private ReadMostly() {}

  /** {@code ReadMostlyBenchmark}'s {@code guarded} group: GuardedValue read and modify. */
  abstract static class Guarded implements Workload {
    private final GuardedValue<long[]> guarded = GuardedValue.of(new long[2]);
    private final boolean countReader;

    Guarded(boolean countReader) {
      this.countReader = countReader;
    }

    @Override
    public int threads() {
      return 2;
    }

    @Override
    public long run(int thread, Window window, Blackhole sink) {
      long ops = 0;
      if (thread == 0) {
        do {
          sink.consume(guardedReader());
          ops++;
        } while (window.isOpen());
        return countReader ? ops : 0;
      }
      do {
        guarded.modify(WRITE);
        ops++;
      } while (window.isOpen());
      return countReader ? 0 : ops;
    }

    private long guardedReader() {
      return guarded.read(READ);
    }
  }

  /** {@code ReadMostlyBenchmark}'s {@code readWriteLock} group: RRWL read and write locks. */
  abstract static class Rrwl implements Workload {
    private final ReentrantReadWriteLock readWrite = new ReentrantReadWriteLock();
    private final long[] state = new long[2];
    private final boolean countReader;

    Rrwl(boolean countReader) {
      this.countReader = countReader;
    }

    @Override
    public int threads() {
      return 2;
    }

    @Override
    public long run(int thread, Window window, Blackhole sink) {
      long ops = 0;
      if (thread == 0) {
        do {
          sink.consume(readWriteLockReader());
          ops++;
        } while (window.isOpen());
        return countReader ? ops : 0;
      }
      do {
        readWriteLockWriter();
        ops++;
      } while (window.isOpen());
      return countReader ? 0 : ops;
    }

    private long readWriteLockReader() {
      ReentrantReadWriteLock.ReadLock lock = readWrite.readLock();
      lock.lock();
      try {
        return state[0] + state[1];
      } finally {
        lock.unlock();
      }
    }

    private void readWriteLockWriter() {
      ReentrantReadWriteLock.WriteLock lock = readWrite.writeLock();
      lock.lock();
      try {
        state[0]++;
        state[1]--;
      } finally {
        lock.unlock();
      }
    }
  }

  /** GuardedValue, 1 reader + 1 writer; the reader's operations count. */
  public static final class GuardedReaderRole extends Guarded {
    public GuardedReaderRole() {
      super(true);
    }
  }

  /** GuardedValue, 1 reader + 1 writer; the writer's operations count. */
  public static final class GuardedWriterRole extends Guarded {
    public GuardedWriterRole() {
      super(false);
    }
  }

  /** ReentrantReadWriteLock, 1 reader + 1 writer; the reader's operations count. */
  public static final class RrwlReaderRole extends Rrwl {
    public RrwlReaderRole() {
      super(true);
    }
  }

  /** ReentrantReadWriteLock, 1 reader + 1 writer; the writer's operations count. */
  public static final class RrwlWriterRole extends Rrwl {
    public RrwlWriterRole() {
      super(false);
    }
  }
}
