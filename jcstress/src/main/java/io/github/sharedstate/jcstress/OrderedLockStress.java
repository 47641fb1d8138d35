package io.github.sharedstate.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.sharedstate.LockOrder;
import io.github.sharedstate.LockOrderViolationException;
import io.github.sharedstate.LockStats;
import io.github.sharedstate.OrderedLock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Races on the drop-in {@link OrderedLock}: mutual exclusion and visibility through {@code
 * lock()}, {@code lockInterruptibly()} and both {@code tryLock} forms, unranked and ranked, and a
 * ranked inversion rejected before it can block.
 */
public final class OrderedLockStress {
  private OrderedLockStress() {}

  enum Locks {
    FIRST,
    SECOND
  }

  /** One order for every test: the locks' places in it are what the checks read. */
  static final LockOrder ORDER = LockOrder.of(Locks.class);

  /** Two actors increment a plain field under {@code lock()}: no lost update. */
  @JCStressTest
  @Outcome(id = "2", expect = ACCEPTABLE, desc = "both increments applied")
  @Outcome(expect = FORBIDDEN, desc = "an increment was lost: the lock did not exclude")
  @State
  public static class MutualExclusion {
    final OrderedLock lock = OrderedLock.builder().build();
    int counter;

    void increment() {
      lock.lock();
      try {
        counter++;
      } finally {
        lock.unlock();
      }
    }

    @Actor
    public void actor1() {
      increment();
    }

    @Actor
    public void actor2() {
      increment();
    }

    @Arbiter
    public void arbiter(I_Result r) {
      lock.lock();
      try {
        r.r1 = counter;
      } finally {
        lock.unlock();
      }
    }
  }

  /** What one holder wrote to two plain fields is seen whole by the next holder. */
  @JCStressTest
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "the reader held the lock first")
  @Outcome(id = "5, 5", expect = ACCEPTABLE, desc = "the reader saw the whole hand-off")
  @Outcome(expect = FORBIDDEN, desc = "the reader saw part of what the writer wrote")
  @State
  public static class ReleaseVisibility {
    final OrderedLock lock = OrderedLock.builder().build();
    int left;
    int right;

    @Actor
    public void writer() {
      lock.lock();
      try {
        left = 5;
        right = 5;
      } finally {
        lock.unlock();
      }
    }

    @Actor
    public void reader(II_Result r) {
      lock.lock();
      try {
        r.r1 = left;
        r.r2 = right;
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Both actors try once with the untimed {@code tryLock()}: at most one can fail, only because
   * the other held the lock then, and the counters agree with what the actors saw (a failure is
   * counted as a timeout). Result: each actor's success, then the counter, or -1 if the stats
   * disagree.
   */
  @JCStressTest
  @Outcome(id = "1, 1, 2", expect = ACCEPTABLE, desc = "both got the lock, one after the other")
  @Outcome(
      id = {"1, 0, 1", "0, 1, 1"},
      expect = ACCEPTABLE,
      desc = "one found the other holding it and returned false")
  @Outcome(id = "0, 0, 0", expect = FORBIDDEN, desc = "both failed: a tryLock failed on a free lock")
  @Outcome(expect = FORBIDDEN, desc = "an increment was lost, or the counters disagree")
  @State
  public static class TryLockExclusion {
    final OrderedLock lock = OrderedLock.builder().build();
    int counter;

    int tryIncrement() {
      if (!lock.tryLock()) {
        return 0;
      }
      try {
        counter++;
        return 1;
      } finally {
        lock.unlock();
      }
    }

    @Actor
    public void actor1(III_Result r) {
      r.r1 = tryIncrement();
    }

    @Actor
    public void actor2(III_Result r) {
      r.r2 = tryIncrement();
    }

    @Arbiter
    public void arbiter(III_Result r) {
      LockStats stats = lock.stats();
      int successes = r.r1 + r.r2;
      boolean agree =
          stats.writeAcquisitions() == successes
              && stats.timeouts() == 2 - successes
              && counter == successes
              && !lock.isLocked();
      r.r3 = agree ? counter : -1;
    }
  }

  /**
   * One actor takes the lock with {@code lock()}, the other with a long timed {@code tryLock}:
   * both get it, in turn, and neither increment is lost.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "the timed tryLock waited its turn")
  @Outcome(id = "0, 1", expect = FORBIDDEN, desc = "the timed tryLock gave up on a lock held briefly")
  @Outcome(expect = FORBIDDEN, desc = "an increment was lost, or the tryLock was interrupted")
  @State
  public static class TimedTryLockWaitsItsTurn {
    final OrderedLock lock = OrderedLock.builder().build();
    int counter;

    @Actor
    public void holder() {
      lock.lock();
      try {
        counter++;
      } finally {
        lock.unlock();
      }
    }

    @Actor
    public void timed(II_Result r) {
      try {
        if (!lock.tryLock(10, TimeUnit.SECONDS)) {
          r.r1 = 0;
          return;
        }
      } catch (InterruptedException e) {
        r.r1 = -1;
        return;
      }
      try {
        counter++;
        r.r1 = 1;
      } finally {
        lock.unlock();
      }
    }

    @Arbiter
    public void arbiter(II_Result r) {
      r.r2 = counter;
    }
  }

  /**
   * Two ranked locks, both actors nesting them in rank order, one with {@code lock()}, the other
   * with {@code lockInterruptibly()} and a timed {@code tryLock}: the order checks pass on both
   * threads, and each lock excludes. Result: the counters under the outer and the inner lock.
   */
  @JCStressTest
  @Outcome(id = "2, 2", expect = ACCEPTABLE, desc = "every increment applied, no check failed")
  @Outcome(expect = FORBIDDEN, desc = "an increment was lost, or a check rejected a ranked nesting")
  @State
  public static class RankedNestedExclusion {
    final OrderedLock first = OrderedLock.of(ORDER.rank(Locks.FIRST));
    final OrderedLock second = OrderedLock.of(ORDER.rank(Locks.SECOND));
    int outer;
    int inner;

    @Actor
    public void plain() {
      first.lock();
      try {
        outer++;
        second.lock();
        try {
          inner++;
        } finally {
          second.unlock();
        }
      } finally {
        first.unlock();
      }
    }

    @Actor
    public void interruptibleAndTimed() {
      try {
        first.lockInterruptibly();
        try {
          outer++;
          if (!second.tryLock(10, TimeUnit.SECONDS)) {
            return; // leaves inner one short: a forbidden outcome
          }
          try {
            inner++;
          } finally {
            second.unlock();
          }
        } finally {
          first.unlock();
        }
      } catch (InterruptedException e) {
        outer = -100; // nothing interrupts the actors: a forbidden outcome
      }
    }

    @Arbiter
    public void arbiter(II_Result r) {
      r.r1 = outer;
      r.r2 = inner;
    }
  }

  /**
   * One actor nests the ranked locks in order; the other holds the second and asks for the first.
   * The inversion is rejected on every run, whatever the interleaving, before the second actor
   * waits: the test never deadlocks, and the in-order actor always finishes. Result: the in-order
   * actor's increments, and the inverting actor's 1 when rejected (0 if it was let through).
   */
  @JCStressTest
  @Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "the inversion was rejected before waiting")
  @Outcome(id = "2, 0", expect = FORBIDDEN, desc = "the inversion was let through")
  @Outcome(expect = FORBIDDEN, desc = "the in-order nesting failed")
  @State
  public static class RankedInversionRejectedBeforeWaiting {
    final OrderedLock first = OrderedLock.of(ORDER.rank(Locks.FIRST));
    final OrderedLock second = OrderedLock.of(ORDER.rank(Locks.SECOND));
    int inOrder;

    @Actor
    public void inOrder() {
      first.lock();
      try {
        inOrder++;
        second.lock();
        try {
          inOrder++;
        } finally {
          second.unlock();
        }
      } finally {
        first.unlock();
      }
    }

    @Actor
    public void inverted(II_Result r) {
      second.lock();
      try {
        first.lock();
        first.unlock();
        r.r2 = 0;
      } catch (LockOrderViolationException expected) {
        r.r2 = 1;
      } finally {
        second.unlock();
      }
    }

    @Arbiter
    public void arbiter(II_Result r) {
      r.r1 = inOrder;
    }
  }
}
