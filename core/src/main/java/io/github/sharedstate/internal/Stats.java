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
   * Concurrency: write acquisitions are counted by the thread that holds the exclusive lock, so
   * the counter has one writer at a time and needs no atomic read-modify-write: an opaque store
   * makes it readable without tearing by stats(), and the lock hand-off orders the increments.
   * Read acquisitions happen under a shared lock, so they need a LongAdder (a GuardedValue's
   * fast reads are counted in their reader cells instead: see ReaderTable). Contended waits and
   * timeouts go to LongAdders too, even a wait that ends holding the exclusive lock: counting
   * those with opaque stores beside the write counter, by the new holder, ran two writers on
   * one value slower, not faster (JMH WriteHeavyBenchmark and an interleaving harness,
   * 2026-11-30). Everything else is on failing paths.
   *
   * The holder's wait record (holderWaitNanos, stamped with the write count it belongs to) is
   * written and read only under the exclusive lock, beside the write counter that every write
   * acquisition dirties anyway. The stamp makes a record stale as soon as the next write
   * acquisition is counted, so no release has to read or clear it, also when Condition.await()
   * hands the lock on without a release.
   */
  private static final VarHandle WRITES;
  private static final VarHandle WAITING;

  static {
    try {
      WRITES = MethodHandles.lookup().findVarHandle(Stats.class, "writes", long.class);
      WAITING = MethodHandles.lookup().findVarHandle(Stats.class, "waiting", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unused") // accessed through WRITES
  private long writes;
  /** How long the holder of the exclusive lock waited for it, if holderWaitStamp == writes. */
  private long holderWaitNanos;
  /** The write count that holderWaitNanos belongs to. */
  private long holderWaitStamp;

  /** Threads in a contended wait for the lock now. */
  @SuppressWarnings("unused") // accessed through WAITING
  private volatile int waiting;
  /**
   * Whether a wait has begun since the last charged release: the next exclusive release counts
   * how long its holder kept that wait (and any others) waiting. Read by every exclusive release.
   */
  private volatile boolean chargeDue;
  /** When the oldest wait not yet charged began (see waitBegins). */
  private volatile long contendedSince;

  private final LongAdder reads = new LongAdder();
  private final LongAdder contended = new LongAdder();
  private final LongAdder waitNanos = new LongAdder();
  private final AtomicLong maxWaitNanos = new AtomicLong();
  private final LongAdder timeouts = new LongAdder();
  private final LongAdder violations = new LongAdder();
  private final LongAdder poisonings = new LongAdder();
  private final LongAdder conditionWaits = new LongAdder();
  private final LongAdder conditionWaitNanos = new LongAdder();
  private final LongAdder longWaits = new LongAdder();
  private final LongAdder heldWhileWaitedNanos = new LongAdder();
  private final AtomicLong maxHeldWhileWaitedNanos = new AtomicLong();

  /** Counts one write acquisition; the caller holds the exclusive lock. */
  void write() {
    WRITES.setOpaque(this, (long) WRITES.getOpaque(this) + 1);
  }

  /**
   * Records how long the thread that has just taken the exclusive lock waited for it; the caller
   * holds that lock and counts its acquisition (write()) next.
   */
  void holderWaited(long nanos) {
    holderWaitNanos = nanos;
    holderWaitStamp = (long) WRITES.getOpaque(this) + 1;
  }

  /**
   * How long the holder of the exclusive lock, which the caller is, waited for it: 0 if it took
   * the lock at once.
   */
  long holderWait() {
    return holderWaitStamp == (long) WRITES.getOpaque(this) ? holderWaitNanos : 0;
  }

  void read() {
    reads.increment();
  }

  /**
   * Counts one wait, acquired (a contended acquisition) or not (a timeout); its time goes into
   * the total either way, so LockStats.waits() = contended + timeouts is the count of the total.
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

  /**
   * Counts a thread that begins a contended wait at {@code start}; the first since the last
   * charged release stamps its arrival, from which the next releasing holder is charged.
   */
  void waitBegins(long start) {
    WAITING.getAndAdd(this, 1);
    if (!chargeDue) {
      contendedSince = start; // written before chargeDue, so the releaser that sees one sees both
      chargeDue = true;
    }
  }

  /** Counts a thread that ends its contended wait, however it ended. */
  void waitEnds() {
    WAITING.getAndAdd(this, -1);
  }

  /** {@return the threads in a contended wait now} */
  int waiting() {
    return waiting;
  }

  /**
   * {@return whether a wait began since the last charged release}: one volatile read, on every
   * exclusive release. Once per wait, not per release while it lasts: a holder that takes the lock
   * again and again while a thread stays parked (a non-fair lock's barging) pays nothing more.
   */
  boolean chargeDue() {
    return chargeDue;
  }

  /**
   * Called by the exclusive holder about to release with a charge due, at {@code now}: counts how
   * long it held the lock while others waited (since the oldest wait not yet charged began).
   *
   * @return that time
   */
  long heldWhileWaited(long now) {
    chargeDue = false;
    long held = Math.max(0, now - contendedSince);
    heldWhileWaitedNanos.add(held);
    if (held > maxHeldWhileWaitedNanos.get()) {
      maxHeldWhileWaitedNanos.accumulateAndGet(held, Math::max);
    }
    return held;
  }

  /** {@return since when the current holder has kept threads waiting, as heldWhileWaited counts} */
  long contendedSince() {
    return contendedSince;
  }

  void longWait() {
    longWaits.increment();
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
    return LockStats.builder()
        .readAcquisitions(reads.sum() + fastReads)
        .writeAcquisitions((long) WRITES.getOpaque(this))
        .contendedAcquisitions(contended.sum())
        .totalWait(Duration.ofNanos(waitNanos.sum()))
        .maxWait(Duration.ofNanos(maxWaitNanos.get()))
        .timeouts(timeouts.sum())
        .violations(violations.sum())
        .poisonings(poisonings.sum())
        .conditionWaits(conditionWaits.sum())
        .conditionWaitTime(Duration.ofNanos(conditionWaitNanos.sum()))
        .longWaits(longWaits.sum())
        .heldWhileWaited(Duration.ofNanos(heldWhileWaitedNanos.sum()))
        .maxHeldWhileWaited(Duration.ofNanos(maxHeldWhileWaitedNanos.get()))
        .build();
  }
}
