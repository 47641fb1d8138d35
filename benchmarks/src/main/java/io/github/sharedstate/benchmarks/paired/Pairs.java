package io.github.sharedstate.benchmarks.paired;

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
          new Pair(
              "exclusive.with",
              "ExclusiveValue.with / ReentrantLock, same work and boxed result",
              Uncontended.ExclusiveWith.class,
              Uncontended.RawMutexBoxed.class,
              RatioKind.COST,
              Target.atMost(1.10)),
          new Pair(
              "exclusive.modify",
              "ExclusiveValue.modify / ReentrantLock, same work, no result",
              Uncontended.ExclusiveModify.class,
              Uncontended.RawMutexNoResult.class,
              RatioKind.COST,
              Target.atMost(1.10)),
          new Pair(
              "guarded.read",
              "GuardedValue.read / ReentrantReadWriteLock read lock",
              Uncontended.GuardedRead.class,
              Uncontended.RawReadLock.class,
              RatioKind.COST,
              Target.atMost(1.10)),
          new Pair(
              "guarded.write",
              "GuardedValue.write / ReentrantReadWriteLock write lock, same work and boxed result",
              Uncontended.GuardedWrite.class,
              Uncontended.RawWriteLockBoxed.class,
              RatioKind.COST,
              Target.atMost(1.10)),
          new Pair(
              "exclusive.ranked-with",
              "ranked ExclusiveValue.with / unranked",
              Uncontended.RankedExclusiveWith.class,
              Uncontended.ExclusiveWith.class,
              RatioKind.COST,
              Target.atMost(1.15)),
          new Pair(
              "guarded.ranked-read",
              "ranked GuardedValue.read / unranked",
              Uncontended.RankedGuardedRead.class,
              Uncontended.GuardedRead.class,
              RatioKind.COST,
              Target.atMost(1.15)),
          new Pair(
              "exclusive.two-writers",
              "2 writers on one ExclusiveValue / on one ReentrantLock (2 threads)",
              WriteHeavy.TwoExclusiveValueWriters.class,
              WriteHeavy.TwoReentrantLockWriters.class,
              RatioKind.THROUGHPUT,
              Target.atLeast(0.95)));

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
