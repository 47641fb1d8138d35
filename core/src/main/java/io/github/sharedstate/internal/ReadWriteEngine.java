package io.github.sharedstate.internal;

import io.github.sharedstate.LockStats;
import io.github.sharedstate.LockUpgradeException;
import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LockEngine} over a {@link ReentrantReadWriteLock} with reader bias ({@link
 * ReaderBias}): a {@code GuardedValue}'s lock, or a drop-in {@code OrderedReadWriteLock}.
 */
public final class ReadWriteEngine extends LockEngine {
  /*
   * Concurrency:
   * - Reads first try the reader-biased path of ReaderBias, which touches no word shared with
   *   other readers; writers revoke that bias before they touch anything the lock guards.
   * - Upgrade detection (a read holder asking for the write lock) stays off the fast path, where
   *   reading the lock's owner and read count before the CAS would fetch the readers' cache line
   *   once more: a write tryLock() fails while any thread, this one included, holds a read of the
   *   underlying lock, and revoke() fails while any fast read is held. Only after one of those
   *   can this thread be a reader, so only then is it asked, always before it would wait.
   * - `readLock` and `writeLock` are the JDK's own views of `lock` (for a drop-in lock, the ones
   *   it inherits, not its checked faces), so every call here changes `lock`'s state directly.
   */
  /** How long a write tryLock() waits for fast readers that may be backing out. */
  private static final long TRY_SPIN_NANOS = 2_000;

  private final ReentrantReadWriteLock lock;
  private final ReentrantReadWriteLock.ReadLock readLock;
  private final ReentrantReadWriteLock.WriteLock writeLock;
  private final ReaderBias bias;
  private final OwnerQuery writer;
  private final IntSupplier plainReadHolds;

  /**
   * Creates the engine of a value's own lock.
   *
   * @param options the lock's options
   */
  public ReadWriteEngine(LockOptions options) {
    this(options, new OwnedReadWriteLock(options.fair()));
  }

  private ReadWriteEngine(LockOptions options, OwnedReadWriteLock lock) {
    this(options, lock, lock.readLock(), lock.writeLock(), lock::owner, lock::getReadLockCount);
  }

  /** A value's own lock, which can tell its writer. */
  private static final class OwnedReadWriteLock extends ReentrantReadWriteLock {
    private static final long serialVersionUID = 1L;

    OwnedReadWriteLock(boolean fair) {
      super(fair);
    }

    @Nullable Thread owner() {
      return getOwner();
    }
  }

  /**
   * Creates the engine of {@code lock}, through the JDK's own read and write views of it.
   *
   * @param options the lock's options; its fairness must be the lock's own
   * @param lock the lock whose state the views change
   * @param readLock its JDK read view
   * @param writeLock its JDK write view
   * @param writer tells the thread holding the write lock
   * @param plainReadHolds tells the read holds of the lock itself, fast reads not included
   */
  public ReadWriteEngine(
      LockOptions options,
      ReentrantReadWriteLock lock,
      ReentrantReadWriteLock.ReadLock readLock,
      ReentrantReadWriteLock.WriteLock writeLock,
      OwnerQuery writer,
      IntSupplier plainReadHolds) {
    super(options);
    this.lock = lock;
    this.readLock = readLock;
    this.writeLock = writeLock;
    this.bias = new ReaderBias(lock);
    this.writer = writer;
    this.plainReadHolds = plainReadHolds;
  }

  @Override
  public LockStats statsSnapshot() {
    return stats.snapshot(bias.fastReads());
  }

  @Override
  @Nullable HeldLocks acquire(
      boolean write, boolean byTieBreak, @Nullable Duration timeout, boolean interruptible)
      throws InterruptedException {
    // Two small methods rather than one: each inlines into its callers whole.
    return write
        ? acquireWrite(byTieBreak, timeout, interruptible)
        : acquireRead(byTieBreak, timeout, interruptible);
  }

  private @Nullable HeldLocks acquireRead(
      boolean byTieBreak, @Nullable Duration timeout, boolean interruptible)
      throws InterruptedException {
    HeldLocks held = enter(false, byTieBreak, timeout); // throws on a violation
    try {
      if (interruptible && Thread.interrupted()) {
        throw new InterruptedException(); // as Lock.lockInterruptibly does when already interrupted
      }
      if (bias.tryFastRead()) {
        return held; // the bias counts its fast reads itself, in the reader's cell
      }
      if (!tryFast(readLock)) {
        waitFor(false, false, timeout, interruptible);
      }
      bias.afterSlowRead();
    } catch (Throwable failure) { // the lock was not taken: take the entry back
      leave(held, false);
      throw failure;
    }
    stats.read();
    return held;
  }

  private @Nullable HeldLocks acquireWrite(
      boolean byTieBreak, @Nullable Duration timeout, boolean interruptible)
      throws InterruptedException {
    HeldLocks held = enter(true, byTieBreak, timeout); // throws on a violation
    try {
      if (interruptible && Thread.interrupted()) {
        throw new InterruptedException(); // as Lock.lockInterruptibly does when already interrupted
      }
      if (!tryFast(writeLock)) {
        checkNotUpgrading(); // before the wait: a read holder would wait for itself
        waitFor(true, false, timeout, interruptible);
      } else if (!bias.revoke()) {
        if (bias.holdsFastRead()) { // this thread's fast read is among those found
          writeLock.unlock(); // the revocation is left to finish as after a timeout
          throw new LockUpgradeException(name());
        }
        waitFor(true, true, timeout, interruptible); // fast readers still inside
      }
    } catch (Throwable failure) { // the lock was not taken: take the entry back
      leave(held, true);
      throw failure;
    }
    stats.write();
    tookExclusive(held);
    return held;
  }

  /**
   * Barging tryLock() is the fast path, taken only when lock() would not queue either: a fair
   * lock, and any read lock, skip it while threads are queued. A read-lock tryLock() ignores a
   * queued writer, so barging readers would starve writers, which lock() prevents by making new
   * readers wait behind a queued writer (the read-mostly benchmark showed the starvation).
   */
  private boolean tryFast(Lock view) {
    if ((fair || view == readLock) && lock.hasQueuedThreads()) {
      return false;
    }
    return view.tryLock();
  }

  /**
   * Waits for the lock, or with {@code locked} (a writer that holds the write lock already) only
   * for the fast readers its revocation found; either way it is one contended acquisition.
   */
  private void waitFor(
      boolean write, boolean locked, @Nullable Duration timeout, boolean interruptible)
      throws InterruptedException {
    @Nullable Object event = Jfr.beginContended(); // null unless a flight recording wants the event
    long start = System.nanoTime();
    boolean acquired = true;
    LongWaitWatch.@Nullable Wait wait = beginWait(write, start);
    try {
      if (!write) {
        acquired = take(readLock, timeout, interruptible);
      } else {
        if (!locked) {
          bias.beforeWriteWait(); // new readers queue behind this writer
          try {
            acquired = take(writeLock, timeout, interruptible);
          } finally {
            bias.afterWriteWait();
          }
        }
        if (acquired && (locked || !bias.revoke())) {
          long left =
              timeout == null ? -1 : Math.max(0, timeout.toNanos() - (System.nanoTime() - start));
          acquired = awaitReaders(left, interruptible);
        }
      }
    } finally {
      endWait(wait);
    }
    waited(event, start, write, acquired, timeout);
  }

  /** Waits for the fast readers to leave; gives the write lock back if that fails. */
  private boolean awaitReaders(long timeoutNanos, boolean interruptible)
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
    if (!lock.isWriteLockedByCurrentThread() && bias.holdsRead()) {
      throw new LockUpgradeException(name());
    }
  }

  @Override
  void release(boolean write, @Nullable HeldLocks held) {
    leave(held, write);
    if (write) {
      unlockExclusive(writeLock);
    } else if (!bias.releaseFastRead()) {
      readLock.unlock();
    }
  }

  @Override
  public boolean tryLockNow(boolean write) {
    HeldLocks held = enter(write, false, Duration.ZERO);
    boolean taken = false;
    boolean fastRead = false;
    try {
      if (!write) {
        fastRead = bias.tryFastRead();
        taken = fastRead || readLock.tryLock();
        if (taken && !fastRead) {
          bias.afterSlowRead();
        }
      } else if (writeLock.tryLock()) {
        // A fast reader may be only backing out of a claim that lost to this revocation; it
        // leaves within a few spins, so wait that long rather than fail beside a reader that also
        // fails. A reader that really holds its read keeps this try failing.
        taken = bias.revoke() || awaitBackingOutReaders();
        if (!taken) {
          writeLock.unlock(); // the revocation is left to finish as after a timeout
        }
      }
    } finally {
      if (!taken) {
        leave(held, write);
      }
    }
    if (!taken) {
      triedInVain();
    } else if (write) {
      stats.write();
    } else if (!fastRead) {
      stats.read();
    }
    return taken;
  }

  private boolean awaitBackingOutReaders() {
    try {
      return bias.awaitReaders(TRY_SPIN_NANOS, false);
    } catch (InterruptedException e) {
      throw new AssertionError("an uninterruptible wait was interrupted", e);
    }
  }

  @Override
  public boolean heldByCurrentThread(boolean write) {
    return write ? lock.isWriteLockedByCurrentThread() : bias.holdsRead();
  }

  /** {@return the current thread's read holds: on the lock itself and fast ones} */
  public int readHoldCount(int onTheLock) {
    return onTheLock + bias.fastReadHolds();
  }

  /** {@return the read holds of every thread: on the lock itself and fast ones, racily} */
  public int readLockCount(int onTheLock) {
    return onTheLock + bias.fastReadHoldsOfAll();
  }

  /**
   * Turns the write hold of the current thread into a read hold without letting go between; the
   * thread's record, if any, is updated too.
   */
  void downgrade(@Nullable HeldLocks held) {
    readLock.lock(); // granted at once to the write-lock holder
    if (held != null) {
      held.remove(position, true);
      held.push(position, false);
    }
    writeLock.unlock(); // no wake-up: nothing guarded has changed
  }

  /**
   * Revokes the reader bias that may have come back while this thread, now holding the write lock
   * again, waited without it on a condition.
   */
  @Override
  boolean revokeAfterWait(long timeoutNanos, boolean interruptible) throws InterruptedException {
    return bias.revoke() || bias.awaitReaders(timeoutNanos, interruptible);
  }

  @Override
  void addKnownHolders(List<Thread> holders, Thread waiter) {
    Thread thread = writer.owner();
    if (thread != null && thread != waiter) {
      holders.add(thread);
    } else { // no writer, or the waiter itself, waiting for the fast readers its revocation found
      bias.addFastReaders(holders);
    }
  }

  @Override
  int unnamedReadHolds(Thread waiter) {
    Thread thread = writer.owner();
    return thread != null && thread != waiter ? 0 : plainReadHolds.getAsInt();
  }

  @Override
  Lock exclusiveLock() {
    return writeLock;
  }

  @Override
  String access(boolean write) {
    return write ? "write" : "read";
  }
}
