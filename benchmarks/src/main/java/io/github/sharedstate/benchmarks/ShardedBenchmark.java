package io.github.sharedstate.benchmarks;

import com.google.common.util.concurrent.Striped;
import io.github.sharedstate.ExclusiveValue;
import io.github.sharedstate.LockOrder;
import io.github.sharedstate.ShardedValue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;
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
 * Write-heavy counting under random keys: {@link ShardedValue} (16 shards) against one {@link
 * ExclusiveValue}, Guava's {@link Striped} locks (16 stripes) guarding per-key counters, {@link
 * ConcurrentHashMap#merge} on a fixed key set, and {@link LongAdder}, the ceiling for a counter.
 * Every method draws a random key, even where it ignores it. Run with {@code -t 1}, {@code -t 2},
 * {@code -t 4} (the report does).
 *
 * <p>Two rows explain the others: {@code shardedValueOrderOff} is the same sharded value in a
 * one-rank order whose policy is OFF (the cost of the ranked check and its held-lock record), and
 * {@code plainShardCounters} increments one unlocked counter per shard, 128 bytes apart: the floor
 * that moving a written cache line from core to core sets for any shared design under random keys
 * (on the 2-core KVM of the first report it fell from 427 to 42 ops/us at 2 threads).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ShardedBenchmark {
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

  private final ShardedValue<long[]> sharded =
      ShardedValue.<long[]>builder(() -> new long[2 * PAD]).shards(SHARDS).build();
  private final ShardedValue<long[]> shardedOrderOff =
      ShardedValue.<long[]>builder(() -> new long[2 * PAD])
          .shards(SHARDS)
          .rank(
              LockOrder.builder()
                  .name("unchecked")
                  .policy(LockOrder.Policy.OFF)
                  .rank("shard")
                  .build()
                  .rank("shard"))
          .build();
  /** One counter per shard, {@code 2 * PAD} longs (128 bytes) apart. */
  private final long[] shardCounts = new long[(SHARDS + 1) * 2 * PAD];
  private final ExclusiveValue<long[]> exclusive = ExclusiveValue.of(new long[2 * PAD]);
  private final Striped<Lock> striped = Striped.lock(SHARDS);
  private final long[] stripedCounts = new long[(KEYS + 1) * PAD];
  private final ConcurrentHashMap<Integer, Long> map = new ConcurrentHashMap<>();
  private final LongAdder adder = new LongAdder();

  public ShardedBenchmark() {
    for (Integer key : KEY_OBJECTS) {
      map.put(key, 0L);
    }
  }

  private static Integer randomKey() {
    return KEY_OBJECTS[ThreadLocalRandom.current().nextInt(KEYS)];
  }

  @Benchmark
  public void shardedValue() {
    sharded.modify(randomKey(), INCREMENT);
  }

  @Benchmark
  public void shardedValueOrderOff() {
    shardedOrderOff.modify(randomKey(), INCREMENT);
  }

  /** Racy on purpose: no lock, lost updates do not matter, only the cache traffic does. */
  @Benchmark
  public void plainShardCounters() {
    shardCounts[((randomKey() & (SHARDS - 1)) + 1) * 2 * PAD]++;
  }

  @Benchmark
  public void exclusiveValue() {
    randomKey();
    exclusive.modify(INCREMENT);
  }

  @Benchmark
  public void guavaStriped() {
    Integer key = randomKey();
    Lock lock = striped.get(key);
    lock.lock();
    try {
      stripedCounts[(key + 1) * PAD]++;
    } finally {
      lock.unlock();
    }
  }

  @Benchmark
  public Long concurrentHashMapMerge() {
    return map.merge(randomKey(), 1L, Long::sum);
  }

  @Benchmark
  public void longAdder() {
    randomKey();
    adder.increment();
  }
}
