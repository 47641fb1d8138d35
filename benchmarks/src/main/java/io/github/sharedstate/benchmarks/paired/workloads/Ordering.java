package io.github.sharedstate.benchmarks.paired.workloads;

import io.github.sharedstate.ExclusiveValue;
import io.github.sharedstate.LockOrder;
import io.github.sharedstate.benchmarks.OrderingBenchmark;
import io.github.sharedstate.benchmarks.paired.Window;
import io.github.sharedstate.benchmarks.paired.Workload;
import java.util.function.Function;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One thread, one lock: the paired runner's sides for the single-lock rows of {@link
 * OrderingBenchmark}, each operation exactly that benchmark method's body (a {@code long}
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
}
