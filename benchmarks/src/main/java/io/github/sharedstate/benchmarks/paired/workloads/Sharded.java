package io.github.sharedstate.benchmarks.paired.workloads;

import com.google.common.util.concurrent.Striped;
import io.github.sharedstate.ShardedValue;
import io.github.sharedstate.benchmarks.ShardedBenchmark;
import io.github.sharedstate.benchmarks.paired.Window;
import io.github.sharedstate.benchmarks.paired.Workload;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Two threads count under random keys: the paired runner's sides for the random-key rows of {@link
 * ShardedBenchmark} at {@code -t 2}, each operation exactly that benchmark method's body, with its
 * 16 shards (or stripes) and 1,024 keys.
 */
public final class Sharded {
  private static final int SHARDS = 16;
  private static final int KEYS = 1024;
  /** Counters sit this many longs apart (64 bytes), so neighbours share no cache line. */
  private static final int PAD = 8;

  private static final Integer[] KEY_OBJECTS = new Integer[KEYS];

  static {
    for (int i = 0; i < KEYS; i++) {
      KEY_OBJECTS[i] = i;
    }
  }

  private static final Consumer<long[]> INCREMENT = c -> c[PAD]++;

  private Sharded() {}

  private static Integer randomKey() {
    return KEY_OBJECTS[ThreadLocalRandom.current().nextInt(KEYS)];
  }

  /** {@code ShardedBenchmark.shardedValue}: {@code ShardedValue.modify} of a random key. */
  public static final class ShardedValueRandomKeys implements Workload {
    private final ShardedValue<long[]> sharded =
        ShardedValue.<long[]>builder(() -> new long[2 * PAD]).shards(SHARDS).build();

    @Override
    public int threads() {
      return 2;
    }

    @Override
    public long run(int thread, Window window, Blackhole sink) {
      long ops = 0;
      do {
        sharded.modify(randomKey(), INCREMENT);
        ops++;
      } while (window.isOpen());
      return ops;
    }
  }

  /** {@code ShardedBenchmark.guavaStriped}: Guava's {@code Striped<Lock>} and a counter per key. */
  public static final class GuavaStripedRandomKeys implements Workload {
    private final Striped<Lock> striped = Striped.lock(SHARDS);
    private final long[] stripedCounts = new long[(KEYS + 1) * PAD];

    @Override
    public int threads() {
      return 2;
    }

    @Override
    public long run(int thread, Window window, Blackhole sink) {
      long ops = 0;
      do {
        guavaStriped();
        ops++;
      } while (window.isOpen());
      return ops;
    }

    private void guavaStriped() {
      Integer key = randomKey();
      Lock lock = striped.get(key);
      lock.lock();
      try {
        stripedCounts[(key + 1) * PAD]++;
      } finally {
        lock.unlock();
      }
    }
  }
}
