package io.github.sharedstate.internal;

import java.time.Duration;
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

  /**
   * Creates the engine of a value's own mutex.
   *
   * @param options the lock's options
   */
  public MutexEngine(LockOptions options) {
    this(options, new ReentrantLock(options.fair()));
  }

  private MutexEngine(LockOptions options, ReentrantLock mutex) {
    this(options, mutex, mutex);
  }

  /**
   * Creates the engine of a lock whose operations are {@code lock}'s.
   *
   * @param options the lock's options; its fairness must be the lock's own
   * @param lock does the locking
   * @param inspected the ReentrantLock whose state {@code lock} changes, or null if none
   */
  public MutexEngine(LockOptions options, Lock lock, @Nullable ReentrantLock inspected) {
    super(options);
    this.lock = lock;
    this.inspected = inspected;
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
    boolean acquired = take(lock, timeout, interruptible);
    waited(event, start, true, acquired, timeout);
  }

  @Override
  void release(boolean write, @Nullable HeldLocks held) {
    leave(held, true);
    wakeWaiters();
    lock.unlock();
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
  Lock exclusiveLock() {
    return lock;
  }

  @Override
  String access(boolean write) {
    return "exclusive";
  }
}
