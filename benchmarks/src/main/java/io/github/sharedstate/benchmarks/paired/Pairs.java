package io.github.sharedstate.benchmarks.paired;

import io.github.sharedstate.benchmarks.paired.workloads.HandOff;
import io.github.sharedstate.benchmarks.paired.workloads.Ordering;
import io.github.sharedstate.benchmarks.paired.workloads.ReadMostly;
import io.github.sharedstate.benchmarks.paired.workloads.ReadWithWriter;
import io.github.sharedstate.benchmarks.paired.workloads.Sharded;
import io.github.sharedstate.benchmarks.paired.workloads.Uncontended;
import io.github.sharedstate.benchmarks.paired.workloads.WriteHeavy;
import java.util.List;

/**
 * Every pair the paired runner knows, in report order: the one place to add a pair. A new pair
 * needs its two {@link Workload}s (in the {@code workloads} package, so that a build comparison can
 * load them again with each build) and one line here.
 */
public final class Pairs {
  /** The pairs, in report order. */
  public static final List<Pair> ALL =
      List.of(
          cost(
              "exclusive.with",
              "ExclusiveValue.with / ReentrantLock, same work and boxed result",
              Uncontended.ExclusiveWith.class,
              Uncontended.RawMutexBoxed.class,
              Target.atMost(1.10)),
          cost(
              "exclusive.modify",
              "ExclusiveValue.modify / ReentrantLock, same work, no result",
              Uncontended.ExclusiveModify.class,
              Uncontended.RawMutexNoResult.class,
              Target.atMost(1.10)),
          cost(
              "exclusive.lock-guard",
              "ExclusiveValue.lock() guard / ReentrantLock, same work and primitive result",
              Uncontended.ExclusiveLockGuard.class,
              Uncontended.RawMutex.class,
              Target.atMost(1.10)),
          cost(
              "guarded.read",
              "GuardedValue.read / ReentrantReadWriteLock read lock",
              Uncontended.GuardedRead.class,
              Uncontended.RawReadLock.class,
              Target.atMost(1.10),
              Target.atMost(1.00),
              Target.atMost(1.20)),
          cost(
              "guarded.write",
              "GuardedValue.write / ReentrantReadWriteLock write lock, same work and boxed result",
              Uncontended.GuardedWrite.class,
              Uncontended.RawWriteLockBoxed.class,
              Target.atMost(1.10)),
          cost(
              "guarded.modify",
              "GuardedValue.modify / ReentrantReadWriteLock write lock, same work, no result",
              Uncontended.GuardedModify.class,
              Uncontended.RawWriteLockNoResult.class,
              Target.atMost(1.10)),
          cost(
              "guarded.write-guard",
              "GuardedValue.lockWrite() guard / RRWL write lock, same work and primitive result",
              Uncontended.GuardedWriteGuard.class,
              Uncontended.RawWriteLock.class,
              Target.atMost(1.10)),
          cost(
              "ranked.with",
              "ExclusiveValue.with ranked in a THROW order / unranked",
              Ordering.RankedSingle.class,
              Ordering.UnrankedSingle.class,
              Target.atMost(1.30),
              Target.atMost(1.15)),
          cost(
              "learned.pair-vs-guava",
              "two values of a learned order nested with with / Guava newInstance(THROW) pair",
              Ordering.LearnedPair.class,
              Ordering.GuavaLearnedPair.class,
              Target.atMost(0.80)),
          cost(
              "ranked.read",
              "GuardedValue.read ranked in a THROW order / unranked",
              Uncontended.RankedGuardedRead.class,
              Uncontended.GuardedRead.class,
              Target.atMost(1.30),
              Target.atMost(1.15)),
          cost(
              "off.with",
              "ExclusiveValue.with ranked in an order whose policy is OFF / unranked",
              Uncontended.OffExclusiveWith.class,
              Uncontended.ExclusiveWith.class,
              Target.atMost(1.02)),
          cost(
              "off.read",
              "GuardedValue.read ranked in an order whose policy is OFF / unranked",
              Uncontended.OffGuardedRead.class,
              Uncontended.GuardedRead.class,
              Target.atMost(1.02)),
          throughput(
              "exclusive.two-writers",
              "2 writers on one ExclusiveValue / on one ReentrantLock (2 threads)",
              WriteHeavy.TwoExclusiveValueWriters.class,
              WriteHeavy.TwoReentrantLockWriters.class,
              Target.atLeast(0.95)),
          throughput(
              "guarded.1r1w.reader",
              "1 reader + 1 writer that never rests, reader's rate: GuardedValue / RRWL",
              ReadMostly.GuardedReaderRole.class,
              ReadMostly.RrwlReaderRole.class,
              Target.atLeast(0.90)),
          throughput(
              "guarded.1r1w.writer",
              "1 reader + 1 writer that never rests, writer's rate: GuardedValue / RRWL",
              ReadMostly.GuardedWriterRole.class,
              ReadMostly.RrwlWriterRole.class,
              Target.atLeast(0.90)),
          throughput(
              "guarded.readers-beside-writer",
              "2 GuardedValue readers beside a writer every 100 us / 2 readers only",
              ReadWithWriter.GuardedReadersBesideWriter.class,
              ReadWithWriter.GuardedReadersOnly.class,
              Target.atLeast(0.80)),
          throughput(
              "exclusive.hand-off",
              "hand-off 1:1, consumer's rate: ExclusiveValue.tryWithWhen / ReentrantLock +"
                  + " Condition by hand",
              HandOff.ExclusiveWithWhen.class,
              HandOff.ConditionByHand.class,
              Target.atLeast(0.90)),
          throughput(
              "sharded.random-keys",
              "2 threads counting under random keys: ShardedValue / Guava Striped<Lock>",
              Sharded.ShardedValueRandomKeys.class,
              Sharded.GuavaStripedRandomKeys.class,
              Target.atLeast(1.0)));

  private static Pair cost(
      String name,
      String what,
      Class<? extends Workload> candidate,
      Class<? extends Workload> baseline,
      Target target,
      Target... more) {
    return new Pair(name, what, candidate, baseline, RatioKind.COST, target, List.of(more));
  }

  private static Pair throughput(
      String name,
      String what,
      Class<? extends Workload> candidate,
      Class<? extends Workload> baseline,
      Target target) {
    return new Pair(name, what, candidate, baseline, RatioKind.THROUGHPUT, target);
  }

  private Pairs() {}

  /**
   * {@return the pair of that name}
   *
   * @throws IllegalArgumentException if there is none, naming the pairs there are
   */
  public static Pair named(String name) {
    for (Pair pair : ALL) {
      if (pair.name().equals(name)) {
        return pair;
      }
    }
    throw new IllegalArgumentException("no pair " + name + "; the pairs are " + names());
  }

  private static List<String> names() {
    return ALL.stream().map(Pair::name).toList();
  }
}
