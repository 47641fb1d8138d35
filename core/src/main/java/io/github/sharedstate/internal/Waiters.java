package io.github.sharedstate.internal;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * The threads waiting for predicates on one value (the conditional forms such as {@code
 * withWhen}): a {@link Condition} of the value's write lock, and how many threads wait on it.
 */
final class Waiters {
  /*
   * Concurrency: every access to `waiting` and every call happens with the write lock (the mutex)
   * held. A waiter counts itself in before await() gives the lock up and out after await() has
   * taken it back; a writer reads the count just before it unlocks. So that writer sees every
   * thread then waiting on the condition and wakes them all, and a waiter that found its
   * predicate false cannot miss the change that makes it true: the change needs the write lock,
   * which the waiter gives up only inside await(), atomically with joining the condition's queue.
   */
  private final Condition condition;
  private int waiting;

  Waiters(Lock writeLock) {
    this.condition = writeLock.newCondition();
  }

  /**
   * Called by the write-lock holder just before it unlocks: wakes every waiter, so that each one
   * tests its predicate again once it has the lock. A plain field read when nobody waits.
   */
  void wakeAll() {
    if (waiting > 0) {
      condition.signalAll();
    }
  }

  /**
   * Gives the write lock up until woken, then takes it back (also when interrupted or out of
   * time: await() returns and throws only with the lock held again).
   *
   * @param nanos the longest wait, or a negative number for no limit
   * @param interruptible whether an interrupt ends the wait (otherwise it is kept for later);
   *     timed waits are always interruptible
   * @throws InterruptedException if interruptible and the thread was interrupted
   */
  @SuppressWarnings("WaitNotInLoop") // the caller, ConditionalAccess.awaitPredicate, loops
  void await(long nanos, boolean interruptible) throws InterruptedException {
    waiting++;
    try {
      if (nanos >= 0) {
        condition.awaitNanos(nanos);
      } else if (interruptible) {
        condition.await();
      } else {
        condition.awaitUninterruptibly();
      }
    } finally {
      waiting--;
    }
  }
}
