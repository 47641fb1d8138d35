package io.github.sharedstate.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.sharedstate.LockOrder;
import io.github.sharedstate.OrderedLock;
import io.github.sharedstate.OrderedReadWriteLock;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * A waiter on a condition of a drop-in lock is never lost (Termination mode): the actor awaits in
 * a loop until a flag, written under the lock, is set; the signal sets it and calls {@code
 * signalAll()} under the lock. Whether the signal comes before the waiter has taken the lock,
 * while it waits, or as it gives the lock up in {@code await}, the waiter finishes.
 */
public final class OrderedConditionStress {
  private OrderedConditionStress() {}

  enum Locks {
    ONLY
  }

  static final LockOrder ORDER = LockOrder.of(Locks.class);

  /** A lock, one of its conditions and the flag it guards. */
  public static class Flag {
    final Lock lock;
    final Condition set;
    boolean ready;

    Flag(Lock lock, Condition set) {
      this.lock = lock;
      this.set = set;
    }

    void awaitReady() throws InterruptedException {
      lock.lock();
      try {
        while (!ready) {
          set.await();
        }
      } finally {
        lock.unlock();
      }
    }

    void setReady() {
      lock.lock();
      try {
        ready = true;
        set.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** An unranked {@link OrderedLock}'s condition. */
  @JCStressTest(Mode.Termination)
  @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the waiter saw the flag and finished")
  @Outcome(id = "STALE", expect = FORBIDDEN, desc = "the waiter hangs: a wake-up was lost")
  @State
  public static class OrderedLockWaiter extends Flag {
    public OrderedLockWaiter() {
      this(OrderedLock.builder().build());
    }

    private OrderedLockWaiter(OrderedLock lock) {
      super(lock, lock.newCondition());
    }

    @Actor
    public void waiter() throws InterruptedException {
      awaitReady();
    }

    @Signal
    public void signal() {
      setReady();
    }
  }

  /**
   * A ranked {@link OrderedLock}'s condition: each await takes the lock out of the thread's
   * held-lock record and checks the order before giving the lock up, and puts it back after
   * taking the lock again.
   */
  @JCStressTest(Mode.Termination)
  @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the waiter saw the flag and finished")
  @Outcome(id = "STALE", expect = FORBIDDEN, desc = "the waiter hangs: a wake-up was lost")
  @State
  public static class RankedOrderedLockWaiter extends Flag {
    public RankedOrderedLockWaiter() {
      this(OrderedLock.of(ORDER.rank(Locks.ONLY)));
    }

    private RankedOrderedLockWaiter(OrderedLock lock) {
      super(lock, lock.newCondition());
    }

    @Actor
    public void waiter() throws InterruptedException {
      awaitReady();
    }

    @Signal
    public void signal() {
      setReady();
    }
  }

  /**
   * The write lock's condition of an {@link OrderedReadWriteLock}, whose waiter revokes the reader
   * bias again each time it takes the write lock back.
   */
  @JCStressTest(Mode.Termination)
  @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the waiter saw the flag and finished")
  @Outcome(id = "STALE", expect = FORBIDDEN, desc = "the waiter hangs: a wake-up was lost")
  @State
  public static class ReadWriteLockWaiter extends Flag {
    public ReadWriteLockWaiter() {
      this(OrderedReadWriteLock.builder().build());
    }

    private ReadWriteLockWaiter(OrderedReadWriteLock lock) {
      super(lock.writeLock(), lock.writeLock().newCondition());
    }

    @Actor
    public void waiter() throws InterruptedException {
      awaitReady();
    }

    @Signal
    public void signal() {
      setReady();
    }
  }
}
