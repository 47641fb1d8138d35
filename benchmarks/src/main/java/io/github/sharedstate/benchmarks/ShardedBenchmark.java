package io.github.sharedstate.benchmarks;

import com.google.common.util.concurrent.Striped;
import io.github.sharedstate.ExclusiveValue;
import io.github.sharedstate.LockOrder;
import io.github.sharedstate.ShardedValue;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
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
 *
 * <p>The affine rows ({@code shardedValueAffine}, {@code exclusiveValueAffine}) are the case
 * sharding exists for: each thread updates keys of its own, as a per-tenant or per-connection
 * counter does. Each thread is a tenant with an index (0, 1, 2, ... in the order the threads set
 * up, from a counter of the benchmark's) and owns the keys whose shard, found by asking the
 * sharded value itself ({@link ShardedValue#shard} and the index of that shard in {@link
 * ShardedValue#shards()}), is congruent to its index modulo {@value #TENANT_SLOTS}: up to {@value
 * #TENANT_SLOTS} threads never share a shard, and each owns {@code SHARDS / TENANT_SLOTS} shards.
 * A thread draws a random key of its own, as the random-key rows draw one of all; {@code
 * exclusiveValueAffine} draws the same keys and updates one {@link ExclusiveValue}.
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

  /** Tenants of the affine rows: threads with these indexes modulo it own disjoint shards. */
  private static final int TENANT_SLOTS = 4;

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

  /** The next tenant's index, one per thread of the affine rows. */
  private final AtomicInteger nextTenant = new AtomicInteger();

  /** A thread of the affine rows: the keys whose shards it alone updates. */
  @State(Scope.Thread)
  public static class Tenant {
    Integer[] keys = new Integer[0];

    /**
     * Takes the next tenant index and the keys of the shards that index owns.
     *
     * @param benchmark the benchmark, whose sharded value maps keys to shards
     */
    @Setup(Level.Trial)
    public void ownKeys(ShardedBenchmark benchmark) {
      int slot = benchmark.nextTenant.getAndIncrement() % TENANT_SLOTS;
      keys =
          Arrays.stream(KEY_OBJECTS)
              .filter(
                  k ->
                      benchmark.sharded.shards().indexOf(benchmark.sharded.shard(k)) % TENANT_SLOTS
                          == slot)
              .toArray(Integer[]::new);
      if (keys.length == 0) {
        throw new IllegalStateException("no key maps to the shards of tenant " + slot);
      }
    }

    Integer ownKey() {
      return keys[ThreadLocalRandom.current().nextInt(keys.length)];
    }
  }

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

  @Benchmark
  public void shardedValueAffine(Tenant tenant) {
    sharded.modify(tenant.ownKey(), INCREMENT);
  }

  @Benchmark
  public void exclusiveValueAffine(Tenant tenant) {
    tenant.ownKey();
    exclusive.modify(INCREMENT);
  }
}
