package io.github.sharedstate.benchmarks;

import com.google.common.util.concurrent.CycleDetectingLockFactory;
import io.github.sharedstate.ExclusiveValue;
import io.github.sharedstate.LockOrder;
import io.github.sharedstate.OrderedLock;
import io.github.sharedstate.WriteGuard;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
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
 * The cost of checking lock order, one thread: single and nested ranked acquisitions against
 * plain {@link ReentrantLock}s and against Guava's {@link CycleDetectingLockFactory} (THROW), the
 * peer a team would otherwise use. Learned orders likewise: pairs and triples of values in a
 * {@link LockOrder#learned} order whose edges are already known (the first invocation records
 * them), against unranked values and Guava's {@code CycleDetectingLockFactory.newInstance}. Pairs come in two shapes: the lambda form ({@code with}), whose
 * function call and boxed result the raw baseline does not pay, and try-with-resources guards,
 * which are shaped like the raw and Guava pairs ({@code lock()}/{@code unlock()}), so that their
 * difference is the cost of the order check alone. The drop-in {@link OrderedLock} pairs (ranked,
 * and members of a learned order) are the raw and Guava pairs' very code with other locks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class OrderingBenchmark {
  enum Locks {
    FIRST,
    SECOND,
    THIRD
  }

  private static final Function<long[], Long> INCREMENT = v -> ++v[0];

  private final long[] state = new long[3];
  private final ReentrantLock raw1 = new ReentrantLock();
  private final ReentrantLock raw2 = new ReentrantLock();
  private final ReentrantLock raw3 = new ReentrantLock();

  private final CycleDetectingLockFactory.WithExplicitOrdering<Locks> guavaFactory =
      CycleDetectingLockFactory.newInstanceWithExplicitOrdering(
          Locks.class, CycleDetectingLockFactory.Policies.THROW);
  private final ReentrantLock guava1 = guavaFactory.newReentrantLock(Locks.FIRST);
  private final ReentrantLock guava2 = guavaFactory.newReentrantLock(Locks.SECOND);
  private final ReentrantLock guava3 = guavaFactory.newReentrantLock(Locks.THIRD);

  private final LockOrder order = LockOrder.of(Locks.class);
  private final ExclusiveValue<long[]> ranked1 = ExclusiveValue.of(new long[1], order.rank(Locks.FIRST));
  private final ExclusiveValue<long[]> ranked2 = ExclusiveValue.of(new long[1], order.rank(Locks.SECOND));
  private final ExclusiveValue<long[]> ranked3 = ExclusiveValue.of(new long[1], order.rank(Locks.THIRD));
  private final ExclusiveValue<long[]> unranked1 = ExclusiveValue.of(new long[1]);
  private final ExclusiveValue<long[]> unranked2 = ExclusiveValue.of(new long[1]);
  private final ExclusiveValue<long[]> unranked3 = ExclusiveValue.of(new long[1]);

  private final CycleDetectingLockFactory guavaLearnedFactory =
      CycleDetectingLockFactory.newInstance(CycleDetectingLockFactory.Policies.THROW);
  private final ReentrantLock guavaLearned1 = guavaLearnedFactory.newReentrantLock("first");
  private final ReentrantLock guavaLearned2 = guavaLearnedFactory.newReentrantLock("second");
  private final ReentrantLock guavaLearned3 = guavaLearnedFactory.newReentrantLock("third");

  private final LockOrder learned = LockOrder.learned("benchmark");
  private final ExclusiveValue<long[]> learned1 = ExclusiveValue.builder(new long[1]).order(learned).build();
  private final ExclusiveValue<long[]> learned2 = ExclusiveValue.builder(new long[1]).order(learned).build();
  private final ExclusiveValue<long[]> learned3 = ExclusiveValue.builder(new long[1]).order(learned).build();

  private final OrderedLock orderedLock1 = OrderedLock.of(order.rank(Locks.FIRST));
  private final OrderedLock orderedLock2 = OrderedLock.of(order.rank(Locks.SECOND));

  private final LockOrder learnedLocks = LockOrder.learned("benchmark-locks");
  private final OrderedLock learnedLock1 = OrderedLock.builder().order(learnedLocks).build();
  private final OrderedLock learnedLock2 = OrderedLock.builder().order(learnedLocks).build();

  private final LockOrder shards = LockOrder.builder().rank("shard").build();
  private final ExclusiveValue<long[]> shardA = ExclusiveValue.of(new long[1], shards.rank("shard"));
  private final ExclusiveValue<long[]> shardB = ExclusiveValue.of(new long[1], shards.rank("shard"));
  private final List<ExclusiveValue<long[]>> shardPair = List.of(shardB, shardA);
  private final Supplier<Long> moveOne =
      () -> {
        shardA.with(INCREMENT);
        return shardB.with(INCREMENT);
      };

  // ---- one lock ----

  @Benchmark
  public long rawSingle() {
    raw1.lock();
    try {
      return ++state[0];
    } finally {
      raw1.unlock();
    }
  }

  @Benchmark
  public long unrankedSingle() {
    return unranked1.with(INCREMENT);
  }

  @Benchmark
  public long rankedSingle() {
    return ranked1.with(INCREMENT);
  }

  @Benchmark
  public long guavaSingle() {
    guava1.lock();
    try {
      return ++state[0];
    } finally {
      guava1.unlock();
    }
  }

  // ---- nested pair ----

  @Benchmark
  public long rawPair() {
    raw1.lock();
    try {
      raw2.lock();
      try {
        return ++state[1];
      } finally {
        raw2.unlock();
      }
    } finally {
      raw1.unlock();
    }
  }

  @Benchmark
  public long unrankedPair() {
    return unranked1.with(a -> unranked2.with(INCREMENT));
  }

  @Benchmark
  public long rankedPair() {
    return ranked1.with(a -> ranked2.with(INCREMENT));
  }

  @Benchmark
  public long unrankedPairGuards() {
    try (WriteGuard<long[]> a = unranked1.lock();
        WriteGuard<long[]> b = unranked2.lock()) {
      return ++b.get()[0];
    }
  }

  @Benchmark
  public long rankedPairGuards() {
    try (WriteGuard<long[]> a = ranked1.lock();
        WriteGuard<long[]> b = ranked2.lock()) {
      return ++b.get()[0];
    }
  }

  @Benchmark
  public long guavaPair() {
    guava1.lock();
    try {
      guava2.lock();
      try {
        return ++state[1];
      } finally {
        guava2.unlock();
      }
    } finally {
      guava1.unlock();
    }
  }

  /** Drop-in locks of the same two ranks: the code of {@code rawPair} and {@code guavaPair}. */
  @Benchmark
  public long rankedOrderedLockPair() {
    orderedLock1.lock();
    try {
      orderedLock2.lock();
      try {
        return ++state[1];
      } finally {
        orderedLock2.unlock();
      }
    } finally {
      orderedLock1.unlock();
    }
  }

  // ---- nested pair, learned order (edges known after the first invocation) ----

  @Benchmark
  public long learnedPair() {
    return learned1.with(a -> learned2.with(INCREMENT));
  }

  @Benchmark
  public long learnedPairGuards() {
    try (WriteGuard<long[]> a = learned1.lock();
        WriteGuard<long[]> b = learned2.lock()) {
      return ++b.get()[0];
    }
  }

  @Benchmark
  public long guavaLearnedPair() {
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

  /** Drop-in locks in a learned order: the code of {@code guavaLearnedPair}. */
  @Benchmark
  public long learnedOrderedLockPair() {
    learnedLock1.lock();
    try {
      learnedLock2.lock();
      try {
        return ++state[1];
      } finally {
        learnedLock2.unlock();
      }
    } finally {
      learnedLock1.unlock();
    }
  }

  // ---- nested triple ----

  @Benchmark
  public long rawTriple() {
    raw1.lock();
    try {
      raw2.lock();
      try {
        raw3.lock();
        try {
          return ++state[2];
        } finally {
          raw3.unlock();
        }
      } finally {
        raw2.unlock();
      }
    } finally {
      raw1.unlock();
    }
  }

  @Benchmark
  public long unrankedTriple() {
    return unranked1.with(a -> unranked2.with(b -> unranked3.with(INCREMENT)));
  }

  @Benchmark
  public long learnedTriple() {
    return learned1.with(a -> learned2.with(b -> learned3.with(INCREMENT)));
  }

  @Benchmark
  public long guavaLearnedTriple() {
    guavaLearned1.lock();
    try {
      guavaLearned2.lock();
      try {
        guavaLearned3.lock();
        try {
          return ++state[2];
        } finally {
          guavaLearned3.unlock();
        }
      } finally {
        guavaLearned2.unlock();
      }
    } finally {
      guavaLearned1.unlock();
    }
  }

  @Benchmark
  public long rankedTriple() {
    return ranked1.with(a -> ranked2.with(b -> ranked3.with(INCREMENT)));
  }

  @Benchmark
  public long guavaTriple() {
    guava1.lock();
    try {
      guava2.lock();
      try {
        guava3.lock();
        try {
          return ++state[2];
        } finally {
          guava3.unlock();
        }
      } finally {
        guava2.unlock();
      }
    } finally {
      guava1.unlock();
    }
  }

  // ---- same-rank multi-acquire ----

  @Benchmark
  public long withAllTwoShards() {
    return shards.withAll(shardPair, moveOne);
  }
}
