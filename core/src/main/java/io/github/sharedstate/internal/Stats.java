package io.github.sharedstate.internal;

import io.github.sharedstate.LockStats;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The counters of one value. */
final class Stats {
  /*
   * Concurrency: write acquisitions, and the waits that ended with the exclusive lock taken,
   * are counted by the thread that holds that lock, so those counters have one writer at a time
   * and need no atomic read-modify-write: an opaque store makes them readable without tearing by
   * stats(), and the lock hand-off orders the increments. That matters most on the contended
   * path, where the counting happens while the next owner waits: a CAS there would lengthen
   * every hand-off. Read acquisitions and read waits happen under a shared lock, and timeouts
   * with no lock at all, so they need a LongAdder (a GuardedValue's fast reads are counted in
   * their reader cells instead: see ReaderTable). Everything else is on failing paths.
   */
  private static final VarHandle WRITES;
  private static final VarHandle HELD_WAITS;
  private static final VarHandle HELD_WAIT_NANOS;
  private static final VarHandle HELD_MAX_WAIT_NANOS;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      WRITES = lookup.findVarHandle(Stats.class, "writes", long.class);
      HELD_WAITS = lookup.findVarHandle(Stats.class, "heldWaits", long.class);
      HELD_WAIT_NANOS = lookup.findVarHandle(Stats.class, "heldWaitNanos", long.class);
      HELD_MAX_WAIT_NANOS = lookup.findVarHandle(Stats.class, "heldMaxWaitNanos", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // Written only by the holder of the exclusive lock; accessed through the VarHandles above.
  @SuppressWarnings("unused")
  private long writes;
  @SuppressWarnings("unused")
  private long heldWaits;
  @SuppressWarnings("unused")
  private long heldWaitNanos;
  @SuppressWarnings("unused")
  private long heldMaxWaitNanos;

  private final LongAdder reads = new LongAdder();
  private final LongAdder contended = new LongAdder();
  private final LongAdder waitNanos = new LongAdder();
  private final AtomicLong maxWaitNanos = new AtomicLong();
  private final LongAdder timeouts = new LongAdder();
  private final LongAdder violations = new LongAdder();
  private final LongAdder poisonings = new LongAdder();
  private final LongAdder conditionWaits = new LongAdder();
  private final LongAdder conditionWaitNanos = new LongAdder();

  /** Counts one write acquisition; the caller holds the exclusive lock. */
  void write() {
    WRITES.setOpaque(this, (long) WRITES.getOpaque(this) + 1);
  }

  void read() {
    reads.increment();
  }

  /** Counts one contended acquisition of the exclusive lock; the caller now holds that lock. */
  void waitedForExclusive(long nanos) {
    HELD_WAITS.setOpaque(this, (long) HELD_WAITS.getOpaque(this) + 1);
    HELD_WAIT_NANOS.setOpaque(this, (long) HELD_WAIT_NANOS.getOpaque(this) + nanos);
    if (nanos > (long) HELD_MAX_WAIT_NANOS.getOpaque(this)) {
      HELD_MAX_WAIT_NANOS.setOpaque(this, nanos);
    }
  }

  /**
   * Counts one wait that did not end holding the exclusive lock: a contended shared acquisition,
   * or a timeout. Its time goes into the total either way, so LockStats.waits() = contended +
   * timeouts is the count of the total.
   */
  void waited(long nanos, boolean acquired) {
    if (acquired) {
      contended.increment();
    } else {
      timeouts.increment();
    }
    waitNanos.add(nanos);
    // Read before writing: most waits are not a new maximum, and a CAS on every contended
    // acquisition would make all waiters fight over this one cache line.
    if (nanos > maxWaitNanos.get()) {
      maxWaitNanos.accumulateAndGet(nanos, Math::max);
    }
  }

  void violation() {
    violations.increment();
  }

  void poisoning() {
    poisonings.increment();
  }

  /** Counts a conditional call that starts waiting for its predicate. */
  void conditionWait() {
    conditionWaits.increment();
  }

  /** Adds the time one conditional call spent waiting for its predicate. */
  void conditionWaited(long nanos) {
    conditionWaitNanos.add(nanos);
  }

  /**
   * The counters now.
   *
   * @param fastReads read acquisitions counted elsewhere (the biased lock's fast reads)
   */
  LockStats snapshot(long fastReads) {
    return new LockStats(
        reads.sum() + fastReads,
        (long) WRITES.getOpaque(this),
        contended.sum() + (long) HELD_WAITS.getOpaque(this),
        Duration.ofNanos(waitNanos.sum() + (long) HELD_WAIT_NANOS.getOpaque(this)),
        Duration.ofNanos(Math.max(maxWaitNanos.get(), (long) HELD_MAX_WAIT_NANOS.getOpaque(this))),
        timeouts.sum(),
        violations.sum(),
        poisonings.sum(),
        conditionWaits.sum(),
        Duration.ofNanos(conditionWaitNanos.sum()));
  }
}
