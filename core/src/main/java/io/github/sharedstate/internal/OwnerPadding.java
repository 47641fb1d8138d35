package io.github.sharedstate.internal;

/**
 * The owner field of a held-lock record ({@link HeldLocks}, which extends {@link After}), with 64
 * bytes of padding on each side so that no field the owner writes shares its cache line.
 *
 * <p>Why: a lock caches the record of a thread that held it (LockCore.lastSoleHolder), and every
 * other thread that takes the lock reads that record's owner to see that the record is not its
 * own. The owner meanwhile writes its record on every acquisition, so without the padding each
 * such read missed the cache: a sharded value under random keys on 2 threads paid a cache-line
 * transfer per acquisition for it.
 */
final class OwnerPadding {
  private OwnerPadding() {}

  /** The padding before the owner. */
  abstract static class Before {
    @SuppressWarnings("unused") // padding against false sharing with whatever lies before
    private long p0, p1, p2, p3, p4, p5, p6, p7;
  }

  /** The owner; final, so a racy reader of a cached record sees it. */
  abstract static class Owner extends Before {
    /** The thread whose record this is. */
    final Thread owner = Thread.currentThread();
  }

  /** The padding between the owner and the record's own fields. */
  abstract static class After extends Owner {
    @SuppressWarnings("unused") // padding against false sharing with the record's fields
    private long q0, q1, q2, q3, q4, q5, q6, q7;
  }
}
