package io.github.sharedstate;

import io.github.sharedstate.internal.LockOptions;
import io.github.sharedstate.internal.MutexEngine;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Any {@link Lock}, checked against a lock order: what {@link LockOrder.Rank#wrap} and {@link
 * LockOrder#wrap} return. The locking is the wrapped lock's; this adds the order check before any
 * wait, the held-lock record, the counters and JFR events, as {@link OrderedLock} does.
 */
final class WrappedLock implements Lock, Lockable {
  /*
   * Concurrency: all state is final; the wrapped lock and the engine are thread-safe. Whether the
   * current thread holds the lock is asked of the wrapped lock when it is a ReentrantLock, else of
   * the thread's held-lock record (see MutexEngine).
   */
  private final Lock lock;
  private final MutexEngine engine;
  private final LockOrder.@Nullable Rank rank;

  private WrappedLock(Lock lock, LockOptions options, LockOrder.@Nullable Rank rank) {
    this.lock = lock;
    this.engine =
        new MutexEngine(
            options, lock, lock instanceof ReentrantLock mutex ? mutex : null, null);
    this.rank = rank;
  }

  /**
   * Wraps {@code lock} as a lock of {@code rank}, or an unranked member of {@code order}; a ranked
   * lock with a name sorts by it among the locks of its rank (see {@link LockOrder.Rank#wrap(Lock,
   * String)}).
   */
  static Lock wrap(
      Lock lock,
      LockOrder.@Nullable Rank rank,
      @Nullable LockOrder order,
      @Nullable String name) {
    Objects.requireNonNull(lock, "lock");
    Lockable checked =
        lock instanceof Lockable lockable ? lockable : OrderedReadWriteLock.ownerOfView(lock);
    if (checked != null) {
      throw new IllegalArgumentException(
          "'" + checked.name() + "' is checked already; wrap the lock it stands for");
    }
    boolean fair = lock instanceof ReentrantLock mutex && mutex.isFair();
    // A ranked lock given a name sorts by it among its rank in withAll, alike in every process.
    String sortKey = rank != null ? name : null;
    return new WrappedLock(
        lock, LockOrder.options(rank, order, name, "Lock", fair, null, sortKey), rank);
  }

  MutexEngine engine() {
    return engine;
  }

  @Override
  public void lock() {
    engine.lockUninterruptibly(true);
  }

  @Override
  public void lockInterruptibly() throws InterruptedException {
    engine.lock(true, null, true);
  }

  @Override
  public boolean tryLock() {
    return engine.tryLockNow(true);
  }

  @Override
  public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
    return engine.tryLock(true, time, unit);
  }

  @Override
  public void unlock() {
    engine.unlock(true);
  }

  @Override
  public Condition newCondition() {
    return engine.newCondition();
  }

  @Override
  public String name() {
    return engine.name();
  }

  @Override
  public Optional<LockOrder.Rank> rank() {
    return Optional.ofNullable(rank);
  }

  @Override
  public LockStats stats() {
    return engine.statsSnapshot();
  }

  @Override
  public String toString() {
    return "WrappedLock[" + name() + ", " + lock + "]";
  }
}
