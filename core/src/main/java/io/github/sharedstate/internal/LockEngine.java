package io.github.sharedstate.internal;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import io.github.sharedstate.LockStats;
import io.github.sharedstate.LockTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A lock with its place in a lock order, its counters and its contended-wait handling, and no
 * value: the engine under every value and every drop-in lock. Its mode is its type: a {@link
 * MutexEngine} or a {@link ReadWriteEngine}.
 *
 * <p>Values take the lock through {@link #acquire} and give it back through {@link #release},
 * passing the thread's held-lock record from one to the other. The drop-in locks, whose {@code
 * unlock()} has no such record at hand, use {@link #lock}, {@link #tryLockNow} and {@link
 * #unlock}.
 */
public abstract sealed class LockEngine permits MutexEngine, ReadWriteEngine {
  /*
   * Concurrency (for both modes):
   * - Order checks run before the thread waits, so a violation never blocks. The held-lock
   *   record gains its entry right after the check, before the wait (the check and the push
   *   then share their reads), and loses it just before the release, or when the wait fails.
   *   The record is read only by its own thread, which is inside acquire() meanwhile, so no
   *   reader ever sees an entry for a lock that is not held.
   * - Fast path: tryLock() first; only a contended acquisition reads the clock.
   * - `waiters` (the values' conditional forms, see Waiters) is created by the first thread that
   *   waits and read by every exclusive release just before it unlocks; both hold the exclusive
   *   lock.
   * - Who is blocking whom: a thread about to block counts itself in Stats and registers its wait
   *   with LongWaitWatch (beginWait, endWait); an exclusive release reads Stats.chargeDue, one
   *   volatile read and the only cost of all this on an uncontended release (unlockExclusive).
   *   `exclusiveSite` is written only when the order captures acquisition sites.
   */
  static {
    Jfr.load(); // the one-time JFR set-up happens here, never while a lock is held
  }

  final OrderPosition position;
  /** The order that checks this lock, or null: read on every acquisition, so kept here too. */
  private final @Nullable OrderTracker tracker;
  final boolean fair;
  /** How long a wait may last before it is reported (see LongWaitWatch), or 0. */
  private final long longWaitNanos;
  final Stats stats = new Stats();
  /**
   * Where the exclusive holder took the lock, when the order captures acquisition sites (a
   * debugging mode); written by each exclusive holder once it has the lock, read by reports.
   */
  private volatile @Nullable AcquisitionSite exclusiveSite;
  /** The threads waiting for predicates on a value; null until the first one waits. */
  private @Nullable Waiters waiters;

  LockEngine(LockOptions options) {
    this.position = new OrderPosition(options, stats);
    this.tracker = options.tracker();
    this.fair = options.fair();
    this.longWaitNanos = options.longWaitNanos();
  }

  /**
   * Checks a timeout argument of the public API.
   *
   * @param timeout the timeout
   * @return the timeout
   * @throws NullPointerException if null
   * @throws IllegalArgumentException if negative
   */
  public static Duration checkTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative: " + timeout);
    }
    return timeout;
  }

  /** {@return the lock's name} */
  public final String name() {
    return position.name;
  }

  /** {@return whether the lock belongs to a lock order that checks it} */
  public final boolean tracked() {
    return tracker != null;
  }

  /** {@return the counters now} */
  public LockStats statsSnapshot() {
    return stats.snapshot(0);
  }

  // ---- the acquisition, as each mode does it -------------------------------------------------

  /**
   * Takes the lock and returns this thread's held-lock record (null when untracked), which the
   * matching {@link #release} needs.
   *
   * @param write the write lock (a mutex has only that)
   * @param byTieBreak whether locks of this rank may be held if they sort before (withAll)
   * @param timeout the longest wait, or null for no limit
   * @param interruptible whether an interrupt ends the wait
   * @throws LockTimeoutException if the time ran out (nothing is held)
   * @throws InterruptedException if interruptible and interrupted (nothing is held)
   */
  abstract @Nullable HeldLocks acquire(
      boolean write, boolean byTieBreak, @Nullable Duration timeout, boolean interruptible)
      throws InterruptedException;

  /** Releases the lock; {@code held} is what the matching {@link #acquire} returned. */
  abstract void release(boolean write, @Nullable HeldLocks held);

  /**
   * Takes the lock at once if it is free, barging past queued threads even when fair, as {@code
   * Lock.tryLock()} does; a failure is counted as a timeout.
   *
   * @param write the write lock (a mutex has only that)
   * @return whether the lock is now held
   */
  public abstract boolean tryLockNow(boolean write);

  /** {@return whether the current thread holds the lock, for write the write lock} */
  public abstract boolean heldByCurrentThread(boolean write);

  /** The lock that conditions (and the values' predicate waiters) wait on. */
  abstract Lock exclusiveLock();

  /**
   * Called with the exclusive lock taken back by a condition's await, before the caller touches
   * anything the lock guards: a read-write lock revokes the reader bias that may have come back
   * meanwhile.
   *
   * @param timeoutNanos the longest wait for fast readers, or a negative number for no limit
   * @param interruptible whether an interrupt ends that wait
   * @return false if the time ran out first (the lock is still held)
   * @throws InterruptedException if interruptible and interrupted (the lock is still held)
   */
  boolean revokeAfterWait(long timeoutNanos, boolean interruptible) throws InterruptedException {
    return true;
  }

  /** "exclusive", "write" or "read", for messages. */
  abstract String access(boolean write);

  /**
   * Adds the threads the library knows to hold the lock now, for {@code waiter}'s long-wait report
   * (racy): the exclusive owner where the lock can tell, else a read-write lock's fast readers. A
   * writer that holds the write lock already and waits only for fast readers is no holder in its
   * own report: those readers are.
   */
  abstract void addKnownHolders(List<Thread> holders, Thread waiter);

  /**
   * {@return read holds whose threads the library cannot name, when no thread but {@code waiter}
   * holds the lock for write}
   */
  int unnamedReadHolds(Thread waiter) {
    return 0;
  }

  /** Takes the lock without interruption; returns the held-lock record as acquire does. */
  final @Nullable HeldLocks acquireUninterruptibly(boolean write, boolean byTieBreak) {
    try {
      return acquire(write, byTieBreak, null, false);
    } catch (InterruptedException e) {
      throw new AssertionError("an uninterruptible wait was interrupted", e);
    }
  }

  /**
   * Runs {@code body} holding the exclusive lock, which is taken without interruption and released
   * however {@code body} ends.
   */
  public final <R> R locked(Supplier<? extends R> body) {
    HeldLocks held = acquireUninterruptibly(true, false);
    try {
      return body.get();
    } finally {
      release(true, held);
    }
  }

  /**
   * As {@link #locked(Supplier)}, waiting interruptibly, at most {@code timeout} if set.
   *
   * @throws LockTimeoutException if the time ran out ({@code body} does not run)
   */
  public final <R> R locked(Supplier<? extends R> body, @Nullable Duration timeout)
      throws InterruptedException {
    HeldLocks held = acquire(true, false, timeout, true);
    try {
      return body.get();
    } finally {
      release(true, held);
    }
  }

  // ---- the drop-in locks' faces --------------------------------------------------------------

  /**
   * {@code lock()}, {@code lockInterruptibly()} and {@code tryLock(time, unit)} of a drop-in lock.
   *
   * @param timeout the longest wait, or null for no limit
   * @return true once held; false if the time ran out (counted as a timeout)
   * @throws InterruptedException if interruptible and interrupted (nothing is held)
   */
  public final boolean lock(boolean write, @Nullable Duration timeout, boolean interruptible)
      throws InterruptedException {
    try {
      acquire(write, false, timeout, interruptible);
      return true;
    } catch (LockTimeoutException timedOut) {
      return false; // counted already
    }
  }

  /**
   * {@code tryLock(time, unit)} of a drop-in lock: as the JDK's, a time of zero or less tries
   * once without waiting.
   *
   * @return true once held; false if the time ran out (counted as a timeout)
   * @throws NullPointerException if {@code unit} is null
   * @throws InterruptedException if interrupted (nothing is held)
   */
  public final boolean tryLock(boolean write, long time, TimeUnit unit)
      throws InterruptedException {
    Objects.requireNonNull(unit, "unit");
    return lock(write, Duration.ofNanos(Math.max(0, unit.toNanos(time))), true);
  }

  /** {@code lock()} of a drop-in lock: waits without interruption. */
  public final void lockUninterruptibly(boolean write) {
    acquireUninterruptibly(write, false);
  }

  /**
   * {@code unlock()} of a drop-in lock.
   *
   * @throws IllegalMonitorStateException if the current thread does not hold the lock (from the
   *     lock itself when the lock is in no order)
   */
  public final void unlock(boolean write) {
    if (tracker == null) {
      // Untracked: an unlock by a thread without the lock fails in the lock itself, as the
      // JDK's does, so the release pays for no second look at who holds it.
      release(write, null);
      return;
    }
    HeldLocks held = HeldLocks.current();
    // A tracked lock is on its holder's record from before it is taken until it is let go, so
    // finding it last there (a nested release, the usual case) answers "does this thread hold
    // it?" without asking the lock, which for a read lock means a second reader-cell lookup.
    if (!held.isLast(position, write) && !heldByCurrentThread(write)) {
      throw new IllegalMonitorStateException(
          "unlock() of "
              + access(write)
              + " lock '"
              + name()
              + "' by thread '"
              + Thread.currentThread().getName()
              + "', which does not hold it");
    }
    release(write, held);
  }

  /**
   * A condition of the exclusive lock whose waits keep the lock order: see {@link
   * CheckedCondition}.
   */
  public final Condition newCondition() {
    return new CheckedCondition(this, exclusiveLock().newCondition());
  }

  /**
   * {@return the JDK condition behind {@code condition} if it is one of {@link #newCondition}'s,
   * else {@code condition}}: for the drop-in locks' condition queries.
   */
  public static Condition jdkCondition(Condition condition) {
    return condition instanceof CheckedCondition checked ? checked.condition : condition;
  }

  // ---- shared by the modes -------------------------------------------------------------------

  /**
   * Checks the order and records the lock as held, before the caller takes it; null when
   * untracked. A zero timeout cannot deadlock, so it adds no learned edge.
   */
  final @Nullable HeldLocks enter(boolean write, boolean byTieBreak, @Nullable Duration timeout) {
    OrderTracker order = tracker;
    return order == null
        ? null
        : order.enter(position, write, byTieBreak, timeout == null || !timeout.isZero());
  }

  /**
   * Before a condition's await lets the exclusive lock go: checks that taking it back, with the
   * thread's other locks held, keeps the order, and takes it out of the thread's record; returns
   * how many entries were taken out (0 when untracked), for {@link #endAwait}.
   */
  final int beginAwait() {
    OrderTracker order = tracker;
    return order == null ? 0 : order.beginAwait(position);
  }

  /** After a condition's await has taken the exclusive lock back: the record shows it again. */
  final void endAwait(int holds) {
    OrderTracker order = tracker;
    if (order != null) {
      order.endAwait(position, holds);
    }
  }

  /**
   * Called by a thread that has just taken the exclusive lock with {@code held} from {@link
   * #enter}: keeps where it took it, if the order captures acquisition sites.
   */
  final void tookExclusive(@Nullable HeldLocks held) {
    if (held != null && position.capturesSites) {
      Throwable trace = held.site(held.size() - 1);
      if (trace != null) {
        exclusiveSite = new AcquisitionSite(Thread.currentThread(), trace);
      }
    }
  }

  /**
   * {@return where {@code holder} took the lock exclusively, if the order captures acquisition
   * sites and it is the last thread that did, else null}
   */
  final @Nullable Throwable exclusiveSiteOf(Thread holder) {
    AcquisitionSite site = exclusiveSite;
    return site != null && site.thread() == holder ? site.trace() : null;
  }

  /** Where a thread took the exclusive lock. */
  private record AcquisitionSite(Thread thread, Throwable trace) {}

  /** Takes the lock's entry out of the thread's record, if tracked. */
  final void leave(@Nullable HeldLocks held, boolean write) {
    if (held != null) {
      held.remove(position, write);
    }
  }

  /**
   * Releases the exclusive lock (a mutex, or a write lock) that the current thread holds: wakes
   * the values' predicate waiters, and when a thread began waiting since the last such count,
   * counts how long this holder kept the waiting threads waiting and, after the unlock, charges a
   * sample of it to this thread's code (see ContentionProfiler). Otherwise that is one volatile
   * read more than the unlock.
   */
  final void unlockExclusive(Lock exclusive) {
    Waiters w = waiters;
    if (w != null) {
      w.wakeAll(); // any write may make a waiter's predicate true: see Waiters
    }
    if (!stats.chargeDue()) {
      exclusive.unlock();
      return;
    }
    int waiting = stats.waiting();
    long held = stats.heldWhileWaited(System.nanoTime());
    exclusive.unlock();
    if (waiting > 0) {
      ContentionProfiler.released(name(), waiting, held);
    }
  }

  /**
   * Called by a thread about to block for the lock, with the time {@code start} it read: counts
   * it among the waiting, and registers its wait with the long-wait watch if the lock has a
   * threshold. Pass the result to {@link #endWait}, however the wait ends.
   */
  final LongWaitWatch.@Nullable Wait beginWait(boolean write, long start) {
    stats.waitBegins(start);
    return longWaitNanos > 0 ? LongWaitWatch.begin(this, write, start, longWaitNanos) : null;
  }

  /** Ends what {@link #beginWait} began. */
  final void endWait(LongWaitWatch.@Nullable Wait wait) {
    stats.waitEnds();
    if (wait != null) {
      LongWaitWatch.end(wait);
    }
  }

  /** The threads waiting for predicates, created for the first; the caller holds the lock. */
  final Waiters waiters() {
    Waiters w = waiters;
    if (w == null) {
      w = new Waiters(exclusiveLock());
      waiters = w;
    }
    return w;
  }

  /** The wait of a contended acquisition; returns whether the lock was taken. */
  static boolean take(Lock lock, @Nullable Duration timeout, boolean interruptible)
      throws InterruptedException {
    if (timeout != null) {
      return lock.tryLock(timeout.toNanos(), NANOSECONDS);
    } else if (interruptible) {
      lock.lockInterruptibly();
    } else {
      lock.lock();
    }
    return true;
  }

  /**
   * Counts a contended wait that began at {@code start} (and ends its JFR event); throws if it
   * timed out.
   */
  final void waited(
      @Nullable Object event,
      long start,
      boolean write,
      boolean acquired,
      @Nullable Duration timeout) {
    long waited = System.nanoTime() - start;
    stats.waited(waited, acquired);
    if (acquired && write) {
      stats.holderWaited(waited); // spares the timed conditional forms a clock read
    }
    if (event != null) {
      Jfr.endContended(event, name(), write, acquired);
    }
    if (!acquired) {
      throw new LockTimeoutException(name(), access(write), Objects.requireNonNull(timeout));
    }
  }

  /** Counts a try that found the lock taken: a timeout with no wait. */
  final void triedInVain() {
    stats.waited(0, false);
  }

  @Override
  public String toString() {
    return name();
  }
}
