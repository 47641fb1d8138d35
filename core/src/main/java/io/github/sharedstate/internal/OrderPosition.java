package io.github.sharedstate.internal;

import org.jspecify.annotations.Nullable;

/**
 * Where one lock stands in its lock order: its name, its rank (or none, for a learned member),
 * the tie-break among locks of one rank, and the order's tracker. The held-lock record (see
 * HeldLocks) holds positions, and the learned graph keys its nodes by them.
 */
public final class OrderPosition {
  /*
   * Concurrency: every field but `graphNode` is final. `graphNode` is written under the order
   * graph's lock and read racily: see OrderTracker.
   */
  final String name;
  final String rankName;
  final int rankLevel;
  final long tieBreak;
  /** Sorts the lock among its rank before the tie-break, in every process alike; or null. */
  final @Nullable String sortKey;
  final @Nullable OrderTracker tracker;
  /** Whether the order records a stack trace at every acquisition (see HeldLocks). */
  final boolean capturesSites;
  /** The counters of the lock, where a violation is counted. */
  final Stats stats;
  /** This learned member's node in its order's graph, once it has one (see OrderTracker). */
  volatile LockGraph.@Nullable Node graphNode;

  OrderPosition(LockOptions options, Stats stats) {
    this.name = options.name();
    this.rankName = options.rankName();
    this.rankLevel = options.rankLevel();
    this.tieBreak = options.tieBreak();
    this.sortKey = options.sortKey();
    this.tracker = options.tracker();
    this.capturesSites = tracker != null && tracker.capturesSites();
    this.stats = stats;
  }

  /** Whether {@code other} belongs to the same lock order as this lock. */
  boolean sameOrder(OrderPosition other) {
    return tracker == other.tracker;
  }

  /**
   * Whether this lock sorts before {@code other} in the order: by rank, or with {@code
   * byTieBreak} (the ordered multi-acquire) in the acquisition order.
   */
  boolean orderedBefore(OrderPosition other, boolean byTieBreak) {
    return byTieBreak ? compareForAcquisition(this, other) < 0 : rankLevel < other.rankLevel;
  }

  /**
   * The total order of the ordered multi-acquire: rank; then, within a rank, the locks with a sort
   * key first, by key (so that every process sorts its cluster-wide locks alike); then the
   * tie-break, which is creation order in this process.
   */
  static int compareForAcquisition(OrderPosition a, OrderPosition b) {
    int byRank = Integer.compare(a.rankLevel, b.rankLevel);
    if (byRank != 0) {
      return byRank;
    }
    String keyA = a.sortKey;
    String keyB = b.sortKey;
    if (keyA != null || keyB != null) {
      if (keyA == null || keyB == null) {
        return keyA == null ? 1 : -1;
      }
      int byKey = keyA.compareTo(keyB);
      if (byKey != 0) {
        return byKey;
      }
    }
    return Long.compare(a.tieBreak, b.tieBreak);
  }

  @Override
  public String toString() {
    return name;
  }
}
