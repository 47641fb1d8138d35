package io.github.sharedstate.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LockEngine} over one exclusive lock: an {@code ExclusiveValue}'s mutex, a {@code
 * SnapshotValue}'s writer lock, a drop-in {@code OrderedLock}, or any {@link Lock} a user wraps.
 */
public final class MutexEngine extends LockEngine {
  /*
   * `lock` does the locking; `inspected` is the ReentrantLock whose state `lock` changes (the
   * same object for a value's own mutex, the drop-in lock itself when `lock` is its inherited
   * operations), for the queue and owner queries. A wrapped lock that is no ReentrantLock has
   * none: then nothing is asked of a queue (the engine never holds back a fast path for it), and
   * whether the current thread holds it is known only from the held-lock record.
   */
  private final Lock lock;
  private final @Nullable ReentrantLock inspected;
  private final @Nullable OwnerQuery owner;

  /**
   * Creates the engine of a value's own mutex.
   *
   * @param options the lock's options
   */
  public MutexEngine(LockOptions options) {
    this(options, new OwnedMutex(options.fair()));
  }

  private MutexEngine(LockOptions options, OwnedMutex mutex) {
    this(options, mutex, mutex, mutex::owner);
  }

  /**
   * Creates the engine of a lock whose operations are {@code lock}'s.
   *
   * @param options the lock's options; its fairness must be the lock's own
   * @param lock does the locking
   * @param inspected the ReentrantLock whose state {@code lock} changes, or null if none
   * @param owner tells the lock's owner, or null if nothing can
   */
  public MutexEngine(
      LockOptions options,
      Lock lock,
      @Nullable ReentrantLock inspected,
      @Nullable OwnerQuery owner) {
    super(options);
    this.lock = lock;
    this.inspected = inspected;
    this.owner = owner;
  }

  /** A value's own mutex, which can tell its owner. */
  private static final class OwnedMutex extends ReentrantLock {
    private static final long serialVersionUID = 1L;

    OwnedMutex(boolean fair) {
      super(fair);
    }

    @Nullable Thread owner() {
      return getOwner();
    }
  }

  @Override
  @Nullable HeldLocks acquire(
      boolean write, boolean byTieBreak, @Nullable Duration timeout, boolean interruptible)
      throws InterruptedException {
    HeldLocks held = enter(true, byTieBreak, timeout); // throws on a violation
    try {
      if (interruptible && Thread.interrupted()) {
        throw new InterruptedException(); // as Lock.lockInterruptibly does when already interrupted
      }
      if (!tryFast()) {
        waitFor(timeout, interruptible);
      }
    } catch (Throwable failure) { // the lock was not taken: take the entry back
      leave(held, true);
      throw failure;
    }
    stats.write();
    tookExclusive(held);
    return held;
  }

  /** Barging tryLock() is the fast path, except where lock() would queue: a fair lock's queue. */
  private boolean tryFast() {
    ReentrantLock queue = inspected;
    if (fair && queue != null && queue.hasQueuedThreads()) {
      return false;
    }
    return lock.tryLock();
  }

  private void waitFor(@Nullable Duration timeout, boolean interruptible)
      throws InterruptedException {
    @Nullable Object event = Jfr.beginContended(); // null unless a flight recording wants the event
    long start = System.nanoTime();
    LongWaitWatch.@Nullable Wait wait = beginWait(true, start);
    boolean acquired;
    try {
      acquired = take(lock, timeout, interruptible);
    } finally {
      endWait(wait);
    }
    waited(event, start, true, acquired, timeout);
  }

  @Override
  void release(boolean write, @Nullable HeldLocks held) {
    leave(held, true);
    unlockExclusive(lock);
  }

  @Override
  public boolean tryLockNow(boolean write) {
    HeldLocks held = enter(true, false, Duration.ZERO);
    boolean taken = false;
    try {
      taken = lock.tryLock();
    } finally {
      if (!taken) {
        leave(held, true);
      }
    }
    if (taken) {
      stats.write();
    } else {
      triedInVain();
    }
    return taken;
  }

  @Override
  public boolean heldByCurrentThread(boolean write) {
    ReentrantLock mutex = inspected;
    if (mutex != null) {
      return mutex.isHeldByCurrentThread();
    }
    // A wrapped lock that cannot say: the record knows when tracked; else let the lock decide.
    return !tracked() || HeldLocks.current().holds(position);
  }

  @Override
  void addKnownHolders(List<Thread> holders, Thread waiter) {
    Thread thread = owner != null ? owner.owner() : null;
    if (thread != null) {
      holders.add(thread);
    }
  }

  @Override
  Lock exclusiveLock() {
    return lock;
  }

  @Override
  String access(boolean write) {
    return "exclusive";
  }
}
