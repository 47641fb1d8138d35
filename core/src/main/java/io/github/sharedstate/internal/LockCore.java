package io.github.sharedstate.internal;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import io.github.sharedstate.Guarded;
import io.github.sharedstate.LockDiagnostics;
import io.github.sharedstate.LockStats;
import io.github.sharedstate.LockTimeoutException;
import io.github.sharedstate.LockUpgradeException;
import io.github.sharedstate.PoisonedException;
import io.github.sharedstate.ReadGuard;
import io.github.sharedstate.WriteGuard;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The lock machinery behind {@code GuardedValue} and {@code ExclusiveValue}: the value, its lock,
 * poisoning, counters, order checks and guards. An {@code ExclusiveValue} is a core whose read
 * and write locks are the same mutex.
 *
 * @param <T> the type of the value
 */
public final class LockCore<T> {
  /*
   * Concurrency:
   * - `value` is read only while the read or write lock is held and written only while the write
   *   lock (the mutex) is held, so the lock's happens-before edges publish every write to the next
   *   holder. It is not volatile on purpose.
   * - `poison` is written only under the write lock, and read under a lock for access checks; it
   *   is volatile so isPoisoned() can also read it without the lock.
   * - Order checks run before the thread waits, so a violation never blocks. The held-lock
   *   record gains its entry right after the check, before the wait (the check and the push
   *   then share their reads), and loses it just before the release, or when the wait fails.
   *   The record is read only by its own thread, which is inside acquire() meanwhile, so no
   *   reader ever sees an entry for a lock that is not held.
   * - `graphNode` is written under the order graph's lock and read racily: see OrderTracker.
   * - Fast path: tryLock() first; only a contended acquisition reads the clock. A GuardedValue's
   *   reads first try the reader-biased path of BiasedReadWriteLock, which touches no word shared
   *   with other readers; its writers revoke that bias before they touch the value.
   * - Upgrade detection (a read holder asking for the write lock) stays off the fast path, where
   *   reading the lock's owner and read count before the CAS would fetch the readers' cache line
   *   once more: a write tryLock() fails while any thread, this one included, holds a read of the
   *   underlying lock, and revoke() fails while any fast read is held. Only after one of those
   *   can this thread be a reader, so only then is it asked, always before it would wait.
   * - The conditional forms (ConditionalAccess) wait on `waiters`, a Condition of the write lock
   *   (see Waiters), created by the first thread that waits and read by every write release just
   *   before it unlocks; both under the write lock.
   */
  static {
    Jfr.load(); // the one-time JFR set-up happens here, never while a lock is held
  }

  private final String name;
  /** The public value this core serves, for diagnostics listeners. */
  private final Guarded publicValue;
  final @Nullable BiasedReadWriteLock readWrite;
  final Lock readLock;
  final Lock writeLock;
  private final boolean fair;
  private final boolean poisonOnFailure;
  private final @Nullable OrderTracker tracker;
  /** Whether the order records a stack trace at every acquisition (see HeldLocks). */
  final boolean capturesSites;
  private final String rankName;
  private final int rankLevel;
  private final long tieBreak;
  private final Stats stats = new Stats();

  private T value;
  /** This learned member's node in its order's graph, once it has one (see OrderTracker). */
  volatile LockGraph.@Nullable Node graphNode;
  private volatile @Nullable Poison poison;
  /** The threads waiting for predicates; null until the first one waits. */
  private @Nullable Waiters waiters;

  private LockCore(
      T initial,
      String name,
      Guarded publicValue,
      @Nullable BiasedReadWriteLock biased,
      @Nullable ReentrantLock mutex,
      boolean fair,
      boolean poisonOnFailure,
      @Nullable OrderTracker tracker,
      String rankName,
      int rankLevel,
      long tieBreak) {
    this.value = Objects.requireNonNull(initial, "initial");
    this.name = Objects.requireNonNull(name, "name");
    this.publicValue = publicValue;
    this.readWrite = biased;
    if (biased != null) {
      this.readLock = biased.readLock();
      this.writeLock = biased.writeLock();
    } else {
      this.readLock = Objects.requireNonNull(mutex);
      this.writeLock = mutex;
    }
    this.fair = fair;
    this.poisonOnFailure = poisonOnFailure;
    this.tracker = tracker;
    this.capturesSites = tracker != null && tracker.capturesSites();
    this.rankName = rankName;
    this.rankLevel = rankLevel;
    this.tieBreak = tieBreak;
  }

  /**
   * Creates a core.
   *
   * @param initial the initial value
   * @param options how to build it
   * @param readWrite true for a read/write lock, false for a mutex
   * @param publicValue the public value the core serves (its constructor may still be running)
   * @param <T> the type of the value
   * @return the core
   */
  public static <T> LockCore<T> create(
      T initial, CoreOptions options, boolean readWrite, Guarded publicValue) {
    boolean fair = options.fair();
    return new LockCore<>(
        initial,
        options.name(),
        publicValue,
        readWrite ? new BiasedReadWriteLock(fair) : null,
        readWrite ? null : new ReentrantLock(fair),
        fair,
        options.poisonOnFailure(),
        options.tracker(),
        options.rankName(),
        options.rankLevel(),
        options.tieBreak());
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

  public String name() {
    return name;
  }

  String rankName() {
    return rankName;
  }

  int rankLevel() {
    return rankLevel;
  }

  Stats stats() {
    return stats;
  }

  /** The value; the caller holds the read or the write lock. */
  T value() {
    return value;
  }

  /** The threads waiting for predicates, created for the first; the caller holds the write lock. */
  Waiters waiters() {
    Waiters w = waiters;
    if (w == null) {
      w = new Waiters(writeLock);
      waiters = w;
    }
    return w;
  }

  /** The order that checks this lock, or null if it is in none. */
  @Nullable OrderTracker tracker() {
    return tracker;
  }

  /** Whether {@code other} belongs to the same lock order as this lock. */
  boolean sameOrder(LockCore<?> other) {
    return tracker == other.tracker;
  }

  /** Whether this core sorts before {@code other} in the order (rank, then tie-break if asked). */
  boolean orderedBefore(LockCore<?> other, boolean byTieBreak) {
    return rankLevel < other.rankLevel
        || (byTieBreak && rankLevel == other.rankLevel && tieBreak < other.tieBreak);
  }

  /** The total order used by the ordered multi-acquire: rank, then tie-break. */
  public static int compareForAcquisition(LockCore<?> a, LockCore<?> b) {
    int byRank = Integer.compare(a.rankLevel, b.rankLevel);
    return byRank != 0 ? byRank : Long.compare(a.tieBreak, b.tieBreak);
  }

  public LockStats statsSnapshot() {
    BiasedReadWriteLock rw = readWrite;
    return stats.snapshot(rw == null ? 0 : rw.fastReads());
  }

  public boolean isPoisoned() {
    return poison != null;
  }

  // ---- function forms ------------------------------------------------------------------------

  /** Runs {@code fn} on the value under the read lock, waiting without interruption. */
  public <R> R read(Function<? super T, ? extends R> fn) {
    Objects.requireNonNull(fn, "fn");
    return readHeld(fn, acquireUninterruptibly(false));
  }

  /** Runs {@code fn} under the read lock, waiting interruptibly, at most {@code timeout} if set. */
  public <R> R read(Function<? super T, ? extends R> fn, @Nullable Duration timeout)
      throws InterruptedException {
    Objects.requireNonNull(fn, "fn");
    return readHeld(fn, acquire(false, false, timeout, true));
  }

  /** Runs {@code fn} on the value under the write lock; a failure poisons the value. */
  public <R> R write(Function<? super T, ? extends R> fn) {
    Objects.requireNonNull(fn, "fn");
    return writeHeld(fn, acquireUninterruptibly(true));
  }

  /** Runs {@code action} on the value under the write lock; a failure poisons the value. */
  public void modify(Consumer<? super T> action) {
    Objects.requireNonNull(action, "action");
    writeHeld(
        v -> {
          action.accept(v);
          return v;
        },
        acquireUninterruptibly(true));
  }

  /** As {@link #write(Function)}, waiting interruptibly, at most {@code timeout} if set. */
  public <R> R write(Function<? super T, ? extends R> fn, @Nullable Duration timeout)
      throws InterruptedException {
    Objects.requireNonNull(fn, "fn");
    return writeHeld(fn, acquire(true, false, timeout, true));
  }

  /** Replaces the value with {@code op(value)} under the write lock; a failure poisons nothing. */
  public T update(UnaryOperator<T> op) {
    Objects.requireNonNull(op, "op");
    return updateHeld(op, acquireUninterruptibly(true));
  }

  /** As {@link #update(UnaryOperator)}, waiting interruptibly, at most {@code timeout} if set. */
  public T update(UnaryOperator<T> op, @Nullable Duration timeout) throws InterruptedException {
    Objects.requireNonNull(op, "op");
    return updateHeld(op, acquire(true, false, timeout, true));
  }

  /** Repairs the value under the write lock, poisoned or not, and clears the poison. */
  public T recover(UnaryOperator<T> repair) {
    Objects.requireNonNull(repair, "repair");
    HeldLocks held = acquireUninterruptibly(true);
    try {
      T next = requireResult(repair.apply(value), "repair");
      value = next;
      poison = null;
      return next;
    } finally {
      release(true, held);
    }
  }

  /** Clears the poison under the write lock, keeping the value as it is. */
  public void clearPoison() {
    HeldLocks held = acquireUninterruptibly(true);
    try {
      poison = null;
    } finally {
      release(true, held);
    }
  }

  <R> R readHeld(Function<? super T, ? extends R> fn, @Nullable HeldLocks held) {
    try {
      checkNotPoisoned();
      return fn.apply(value);
    } finally {
      release(false, held);
    }
  }

  <R> R writeHeld(Function<? super T, ? extends R> fn, @Nullable HeldLocks held) {
    try {
      checkNotPoisoned();
      try {
        return fn.apply(value);
      } catch (Throwable failure) {
        poison(failure);
        throw failure;
      }
    } finally {
      release(true, held);
    }
  }

  private T updateHeld(UnaryOperator<T> op, @Nullable HeldLocks held) {
    try {
      checkNotPoisoned();
      T next = requireResult(op.apply(value), "op");
      value = next;
      return next;
    } finally {
      release(true, held);
    }
  }

  // ---- guards --------------------------------------------------------------------------------

  /** Acquires the read lock without interruption and returns its guard. */
  public ReadGuard<T> lockRead() {
    return guard(false, acquireUninterruptibly(false));
  }

  /** Acquires the read lock interruptibly, at most {@code timeout} if set. */
  public ReadGuard<T> lockRead(@Nullable Duration timeout) throws InterruptedException {
    return guard(false, acquire(false, false, timeout, true));
  }

  /** Acquires the write lock without interruption and returns its guard. */
  public WriteGuard<T> lockWrite() {
    return guard(true, acquireUninterruptibly(true));
  }

  /** Acquires the write lock interruptibly, at most {@code timeout} if set. */
  public WriteGuard<T> lockWrite(@Nullable Duration timeout) throws InterruptedException {
    return guard(true, acquire(true, false, timeout, true));
  }

  private Guard guard(boolean write, @Nullable HeldLocks held) {
    try {
      checkNotPoisoned();
    } catch (PoisonedException e) {
      release(write, held);
      throw e;
    }
    return new Guard(write, held);
  }

  /** A held lock; confined to the thread that acquired it. */
  private final class Guard implements WriteGuard<T> {
    private final Thread owner = Thread.currentThread();
    private final boolean write;
    private final @Nullable HeldLocks held;
    /** This guard's entry among the thread's open guards; null unless a listener was set. */
    private final LockDiagnostics.@Nullable OpenGuard open;
    private boolean closed;

    Guard(boolean write, @Nullable HeldLocks held) {
      this.write = write;
      this.held = held;
      this.open = Diagnostics.guardOpened(name, write);
    }

    @Override
    public T get() {
      checkUsable("get()");
      return value;
    }

    @Override
    public void set(T newValue) {
      Objects.requireNonNull(newValue, "value");
      checkUsable("set()");
      if (!write) {
        throw new IllegalStateException("set() on a read guard of '" + name + "'");
      }
      value = newValue;
    }

    @Override
    public void close() {
      checkUsable("close()");
      closed = true;
      if (open != null) {
        Diagnostics.guardClosed(open);
      }
      release(write, held);
    }

    private void checkUsable(String operation) {
      if (Thread.currentThread() != owner) {
        throw new IllegalStateException(
            operation
                + " on a guard of '"
                + name
                + "' from thread '"
                + Thread.currentThread().getName()
                + "', but it belongs to thread '"
                + owner.getName()
                + "': a guard must be used and closed on the thread that acquired it");
      }
      if (closed) {
        throw new IllegalStateException(
            operation + " on a closed guard of '" + name + "': the lock was already released");
      }
    }

    @Override
    public String toString() {
      return (write ? "WriteGuard[" : "ReadGuard[") + name + (closed ? ", closed]" : "]");
    }
  }

  // ---- ordered multi-acquire -----------------------------------------------------------------

  /**
   * Takes the write lock of every core, in the given order (sorted by {@link
   * #compareForAcquisition}, no duplicates), runs {@code action}, and releases them all. A
   * failure of {@code action} poisons every core.
   */
  public static <R> R withAll(List<LockCore<?>> sorted, Supplier<? extends R> action) {
    Objects.requireNonNull(action, "action");
    @Nullable HeldLocks[] records = new HeldLocks[sorted.size()];
    int taken = 0;
    try {
      for (LockCore<?> core : sorted) {
        records[taken] = core.acquireUninterruptibly(true, true);
        taken++;
      }
      for (LockCore<?> core : sorted) {
        core.checkNotPoisoned();
      }
      try {
        return action.get();
      } catch (Throwable failure) {
        for (LockCore<?> core : sorted) {
          core.poison(failure);
        }
        throw failure;
      }
    } finally {
      for (int i = taken - 1; i >= 0; i--) {
        sorted.get(i).release(true, records[i]);
      }
    }
  }

  /**
   * Returns the value to a thread that already holds the write lock, as inside {@link #withAll},
   * without taking the lock again (which would count another acquisition).
   *
   * @throws IllegalStateException if the current thread does not hold the write lock
   */
  public T heldValue() {
    if (!writeLockedByCurrentThread()) {
      throw new IllegalStateException("'" + name + "' is not write-locked by this thread");
    }
    return value;
  }

  boolean writeLockedByCurrentThread() {
    BiasedReadWriteLock rw = readWrite;
    return rw != null
        ? rw.isWriteLockedByCurrentThread()
        : ((ReentrantLock) writeLock).isHeldByCurrentThread();
  }

  // ---- acquisition ---------------------------------------------------------------------------

  private @Nullable HeldLocks acquireUninterruptibly(boolean write) {
    return acquireUninterruptibly(write, false);
  }

  private @Nullable HeldLocks acquireUninterruptibly(boolean write, boolean byTieBreak) {
    try {
      return acquire(write, byTieBreak, null, false);
    } catch (InterruptedException e) {
      throw new AssertionError("an uninterruptible wait was interrupted", e);
    }
  }

  /**
   * Takes the lock and returns this thread's held-lock record of the order (null when untracked),
   * which the matching release needs.
   */
  @Nullable HeldLocks acquire(
      boolean write, boolean byTieBreak, @Nullable Duration timeout, boolean interruptible)
      throws InterruptedException {
    OrderTracker order = tracker;
    boolean mayWait = timeout == null || !timeout.isZero();
    HeldLocks held = order != null ? order.enter(this, write, byTieBreak, mayWait) : null; // throws
    Lock lock = write ? writeLock : readLock;
    BiasedReadWriteLock bias = readWrite;
    boolean fastRead = false;
    try {
      if (interruptible && Thread.interrupted()) {
        throw new InterruptedException(); // as Lock.lockInterruptibly does when already interrupted
      }
      if (!write && bias != null && bias.tryFastRead()) {
        fastRead = true;
      } else if (!tryFast(lock, write)) {
        if (write) {
          checkNotUpgrading(); // before the wait: a read holder would wait for itself
        }
        waitFor(lock, write, false, timeout, interruptible);
      } else if (write && bias != null && !bias.revoke()) {
        if (bias.holdsFastRead()) { // this thread's fast read is among those found
          writeLock.unlock(); // the revocation is left to finish as after a timeout
          throw new LockUpgradeException(name);
        }
        waitFor(lock, true, true, timeout, interruptible); // fast readers still inside
      }
      if (bias != null && !write && !fastRead) {
        bias.afterSlowRead();
      }
    } catch (Throwable failure) { // the lock was not taken: take the entry back
      if (held != null) {
        held.remove(this, write);
      }
      throw failure;
    }
    if (write) {
      stats.write();
    } else if (!fastRead) { // the biased lock counts its fast reads itself, in the reader's cell
      stats.read();
    }
    return held;
  }

  /**
   * Barging tryLock() is the fast path, taken only when lock() would not queue either: a fair
   * lock, and any read lock, skip it while threads are queued. A read-lock tryLock() ignores a
   * queued writer, so barging readers would starve writers, which lock() prevents by making new
   * readers wait behind a queued writer (the read-mostly benchmark showed the starvation).
   */
  private boolean tryFast(Lock lock, boolean write) {
    if ((fair || !write) && hasQueuedThreads()) {
      return false;
    }
    return lock.tryLock();
  }

  private boolean hasQueuedThreads() {
    BiasedReadWriteLock rw = readWrite;
    return rw != null ? rw.hasQueuedThreads() : ((ReentrantLock) writeLock).hasQueuedThreads();
  }

  /**
   * Waits for the lock, or with {@code locked} (a writer that holds the write lock already) only
   * for the fast readers its revocation found; either way it is one contended acquisition.
   */
  private void waitFor(
      Lock lock,
      boolean write,
      boolean locked,
      @Nullable Duration timeout,
      boolean interruptible)
      throws InterruptedException {
    @Nullable Object event = Jfr.beginContended(); // null unless a flight recording wants the event
    long start = System.nanoTime();
    boolean acquired = true;
    BiasedReadWriteLock bias = write ? readWrite : null;
    if (!locked) {
      if (bias != null) {
        bias.beforeWriteWait(); // new readers queue behind this writer
      }
      try {
        if (timeout != null) {
          acquired = lock.tryLock(timeout.toNanos(), NANOSECONDS);
        } else if (interruptible) {
          lock.lockInterruptibly();
        } else {
          lock.lock();
        }
      } finally {
        if (bias != null) {
          bias.afterWriteWait();
        }
      }
    }
    if (acquired && bias != null && (locked || !bias.revoke())) {
      long left = timeout == null ? -1 : Math.max(0, timeout.toNanos() - (System.nanoTime() - start));
      acquired = awaitReaders(bias, left, interruptible);
    }
    long waited = System.nanoTime() - start;
    stats.waited(waited, acquired);
    if (acquired && write) {
      stats.holderWaited(waited); // spares the timed conditional forms a clock read
    }
    if (event != null) {
      Jfr.endContended(event, name, write, acquired);
    }
    if (!acquired) {
      throw new LockTimeoutException(name, access(write), Objects.requireNonNull(timeout));
    }
  }

  /** Waits for the fast readers to leave; gives the write lock back if that fails. */
  private boolean awaitReaders(BiasedReadWriteLock bias, long timeoutNanos, boolean interruptible)
      throws InterruptedException {
    boolean drained = false;
    try {
      drained = bias.awaitReaders(timeoutNanos, interruptible);
      return drained;
    } finally {
      if (!drained) {
        writeLock.unlock();
      }
    }
  }

  /** Rejects a write by a thread that holds only a read: it would wait for itself forever. */
  private void checkNotUpgrading() {
    BiasedReadWriteLock rw = readWrite;
    if (rw != null && !rw.isWriteLockedByCurrentThread() && rw.holdsRead()) {
      throw new LockUpgradeException(name);
    }
  }

  /** Releases the lock; {@code held} is what the matching acquire returned. */
  void release(boolean write, @Nullable HeldLocks held) {
    if (held != null) {
      held.remove(this, write);
    }
    BiasedReadWriteLock bias = readWrite;
    if (write) {
      Waiters w = waiters;
      if (w != null) {
        w.wakeAll(); // any write may make a waiter's predicate true: see Waiters
      }
      writeLock.unlock();
    } else if (bias == null || !bias.releaseFastRead()) {
      readLock.unlock();
    }
  }

  String access(boolean write) {
    return readWrite == null ? "exclusive" : write ? "write" : "read";
  }

  // ---- poisoning -----------------------------------------------------------------------------

  void checkNotPoisoned() {
    Poison p = poison;
    if (p != null) {
      throw new PoisonedException(name, p.threadName, p.cause);
    }
  }

  /** Called with the write lock held; the first failure wins. */
  private void poison(Throwable failure) {
    if (poisonOnFailure && poison == null) {
      poison = new Poison(failure, Thread.currentThread().getName());
      stats.poisoning();
      Diagnostics.poisoned(publicValue, failure);
    }
  }

  private static <V> V requireResult(@Nullable V result, String function) {
    if (result == null) {
      throw new NullPointerException(function + " returned null; the value must not be null");
    }
    return result;
  }

  private static final class Poison {
    final Throwable cause;
    final String threadName;

    Poison(Throwable cause, String threadName) {
      this.cause = cause;
      this.threadName = threadName;
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
