package io.github.sharedstate.internal;

import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;

/**
 * A {@link Condition} of a drop-in lock's exclusive lock that keeps the lock order across its
 * waits. An {@code await} gives the lock up and takes it back; taking it back is an acquisition
 * like any other, so it is checked first, before anything is released: a thread that holds a
 * lock ranked after this one would take this one back out of order (the nested-monitor lockout),
 * and is rejected at once. While the thread waits, its held-lock record does not show the lock.
 */
@SuppressWarnings("WaitNotInLoop") // a Condition passes its waits on; the caller loops
final class CheckedCondition implements Condition {
  /*
   * Concurrency: every await runs with the lock held (checked first, as the JDK's condition
   * does). The record is the thread's own, so taking the lock's entries out before the JDK
   * condition releases the lock, and putting them back after it has taken the lock again, is
   * invisible to other threads.
   */
  private final LockEngine engine;
  /** The JDK condition of the lock's own exclusive view. */
  final Condition condition;

  CheckedCondition(LockEngine engine, Condition condition) {
    this.engine = engine;
    this.condition = condition;
  }

  @Override
  public void await() throws InterruptedException {
    long start = System.nanoTime();
    int holds = beforeWait("await()");
    try {
      condition.await();
    } finally {
      afterWait(holds, start);
    }
  }

  @Override
  public void awaitUninterruptibly() {
    long start = System.nanoTime();
    int holds = beforeWait("awaitUninterruptibly()");
    try {
      condition.awaitUninterruptibly();
    } finally {
      afterWait(holds, start);
    }
  }

  @Override
  public long awaitNanos(long nanosTimeout) throws InterruptedException {
    long start = System.nanoTime();
    int holds = beforeWait("awaitNanos()");
    try {
      return condition.awaitNanos(nanosTimeout);
    } finally {
      afterWait(holds, start);
    }
  }

  @Override
  public boolean await(long time, TimeUnit unit) throws InterruptedException {
    long start = System.nanoTime();
    int holds = beforeWait("await(time, unit)");
    try {
      return condition.await(time, unit);
    } finally {
      afterWait(holds, start);
    }
  }

  @Override
  public boolean awaitUntil(Date deadline) throws InterruptedException {
    long start = System.nanoTime();
    int holds = beforeWait("awaitUntil()");
    try {
      return condition.awaitUntil(deadline);
    } finally {
      afterWait(holds, start);
    }
  }

  @Override
  public void signal() {
    condition.signal();
  }

  @Override
  public void signalAll() {
    condition.signalAll();
  }

  /**
   * Checks that the thread holds the lock and may take it back, counts the wait, and takes the
   * lock out of the thread's record; returns how many entries were taken out.
   */
  private int beforeWait(String operation) {
    if (!engine.heldByCurrentThread(true)) {
      throw new IllegalMonitorStateException(
          operation
              + " on a condition of '"
              + engine.name()
              + "' by thread '"
              + Thread.currentThread().getName()
              + "', which does not hold its lock");
    }
    int holds = engine.beginAwait(); // throws on a violation, with nothing released
    engine.stats.conditionWait();
    return holds;
  }

  /** With the lock taken back: puts it back into the record and revokes a reader bias. */
  private void afterWait(int holds, long start) {
    engine.endAwait(holds);
    try {
      engine.revokeAfterWait(-1, false); // no limit, not interruptible: always true
    } catch (InterruptedException e) {
      throw new AssertionError("an uninterruptible wait was interrupted", e);
    } finally {
      engine.stats.conditionWaited(System.nanoTime() - start);
    }
  }

  @Override
  public String toString() {
    return "Condition[" + engine.name() + "]";
  }
}
