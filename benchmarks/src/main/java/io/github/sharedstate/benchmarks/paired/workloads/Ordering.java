package io.github.sharedstate.benchmarks.paired.workloads;

import com.google.common.util.concurrent.CycleDetectingLockFactory;
import io.github.sharedstate.ExclusiveValue;
import io.github.sharedstate.LockOrder;
import io.github.sharedstate.benchmarks.OrderingBenchmark;
import io.github.sharedstate.benchmarks.paired.Window;
import io.github.sharedstate.benchmarks.paired.Workload;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One thread: the paired runner's sides for rows of {@link OrderingBenchmark} (one lock, and the
 * learned nested pairs), each operation exactly that benchmark method's body (a {@code long}
 * result, consumed as a primitive).
 */
public final class Ordering {
  private static final Function<long[], Long> INCREMENT = v -> ++v[0];

  /** The ranks of {@code OrderingBenchmark}'s explicit order. */
  enum Locks {
    FIRST,
    SECOND,
    THIRD
  }

  private Ordering() {}

  /** {@code OrderingBenchmark.rankedSingle}: {@code with} on a value ranked in a THROW order. */
  public static final class RankedSingle implements Workload {
    private final LockOrder order = LockOrder.of(Locks.class);
    private final ExclusiveValue<long[]> ranked1 =
        ExclusiveValue.of(new long[1], order.rank(Locks.FIRST));

    @Override
    public long run(int thread, Window window, Blackhole sink) {
      long ops = 0;
      do {
        sink.consume(rankedSingle());
        ops++;
      } while (window.isOpen());
      return ops;
    }

    private long rankedSingle() {
      return ranked1.with(INCREMENT);
    }
  }

  /** {@code OrderingBenchmark.unrankedSingle}: {@code with} on a value in no order. */
  public static final class UnrankedSingle implements Workload {
    private final ExclusiveValue<long[]> unranked1 = ExclusiveValue.of(new long[1]);

    @Override
    public long run(int thread, Window window, Blackhole sink) {
      long ops = 0;
      do {
        sink.consume(unrankedSingle());
        ops++;
      } while (window.isOpen());
      return ops;
    }

    private long unrankedSingle() {
      return unranked1.with(INCREMENT);
    }
  }

  /**
   * {@code OrderingBenchmark.learnedPair}: two values of a learned order, nested with {@code with};
   * the edge is learned at the first operation, as the benchmark's first invocation learns it.
   */
  public static final class LearnedPair implements Workload {
    private final LockOrder learned = LockOrder.learned("benchmark");
    private final ExclusiveValue<long[]> learned1 =
        ExclusiveValue.builder(new long[1]).order(learned).build();
    private final ExclusiveValue<long[]> learned2 =
        ExclusiveValue.builder(new long[1]).order(learned).build();

    @Override
    public long run(int thread, Window window, Blackhole sink) {
      long ops = 0;
      do {
        sink.consume(learnedPair());
        ops++;
      } while (window.isOpen());
      return ops;
    }

    private long learnedPair() {
      return learned1.with(a -> learned2.with(INCREMENT));
    }
  }

  /**
   * {@code OrderingBenchmark.guavaLearnedPair}: two locks of Guava's {@code
   * CycleDetectingLockFactory.newInstance(THROW)}, nested by hand.
   */
  public static final class GuavaLearnedPair implements Workload {
    private final CycleDetectingLockFactory guavaLearnedFactory =
        CycleDetectingLockFactory.newInstance(CycleDetectingLockFactory.Policies.THROW);
    private final ReentrantLock guavaLearned1 = guavaLearnedFactory.newReentrantLock("first");
    private final ReentrantLock guavaLearned2 = guavaLearnedFactory.newReentrantLock("second");
    private final long[] state = new long[2];

    @Override
    public long run(int thread, Window window, Blackhole sink) {
      long ops = 0;
      do {
        sink.consume(guavaLearnedPair());
        ops++;
      } while (window.isOpen());
      return ops;
    }

    private long guavaLearnedPair() {
      guavaLearned1.lock();
      try {
        guavaLearned2.lock();
        try {
          return ++state[1];
        } finally {
          guavaLearned2.unlock();
        }
      } finally {
        guavaLearned1.unlock();
      }
    }
  }
}
