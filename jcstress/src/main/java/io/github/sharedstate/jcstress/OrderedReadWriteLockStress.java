package io.github.sharedstate.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.sharedstate.OrderedReadWriteLock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Races on the drop-in {@link OrderedReadWriteLock}'s reader-biased read lock: a writer writes
 * two plain fields under the write lock, a reader reads both under the read lock, and the reader
 * never sees one field written and the other not, whether its read went the fast (biased) way or
 * through the lock, and whichever side of the writer's revocation of the bias it fell on. A new
 * non-fair lock starts biased. Two actors each (jcstress runs no more actors than the machine has
 * CPUs). CI also runs these with one reader cell ({@code
 * -Dio.github.sharedstate.readerCells=1}).
 */
public final class OrderedReadWriteLockStress {
  private OrderedReadWriteLockStress() {}

  /** A lock and the two fields it guards, which every writer changes together. */
  public static class GuardedPair {
    final OrderedReadWriteLock lock = OrderedReadWriteLock.builder().build();
    int left;
    int right;

    /** Writes {@code value} to both fields under the write lock. */
    void write(int value) {
      Lock w = lock.writeLock();
      w.lock();
      try {
        left = value;
        right = value;
      } finally {
        w.unlock();
      }
    }

    /** Reads both fields under the read lock: their common value, or -1 for a torn pair. */
    int read() {
      Lock r = lock.readLock();
      r.lock();
      try {
        return whole();
      } finally {
        r.unlock();
      }
    }

    int whole() {
      int l = left;
      int rt = right;
      return l == rt ? l : -1;
    }
  }

  /**
   * The lock starts biased: the reader's read may be fast, and the writer must revoke the bias
   * and wait for it before writing.
   */
  @JCStressTest
  @Outcome(id = "0", expect = ACCEPTABLE, desc = "the read came before the write")
  @Outcome(id = "1", expect = ACCEPTABLE, desc = "the read came after the write")
  @Outcome(id = "-1", expect = FORBIDDEN, desc = "the read saw half a write")
  @Outcome(expect = FORBIDDEN, desc = "anything else")
  @State
  public static class NoTornReadAcrossRevocation extends GuardedPair {
    @Actor
    public void writer() {
      write(1);
    }

    @Actor
    public void reader(I_Result r) {
      r.r1 = read();
    }
  }

  /**
   * After a write has turned the bias off, the reader reads twice: its first (slow) read may turn
   * the bias back on, so its second may be fast while the writer revokes it again. Neither read
   * sees half a write, and the second never sees an older value than the first.
   */
  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "both reads before the second write")
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "the second write landed between the reads")
  @Outcome(id = "2, 2", expect = ACCEPTABLE, desc = "both reads after the second write")
  @Outcome(id = "2, 1", expect = FORBIDDEN, desc = "the second read went back in time")
  @Outcome(expect = FORBIDDEN, desc = "a read saw half a write")
  @State
  public static class NoStaleReadAfterRebias extends GuardedPair {
    public NoStaleReadAfterRebias() {
      write(1); // revokes the bias of the new lock
    }

    @Actor
    public void writer() {
      write(2);
    }

    @Actor
    public void reader(II_Result r) {
      r.r1 = read();
      r.r2 = read();
    }
  }

  /**
   * The writer uses the untimed {@code tryLock()} of the write lock, the reader the untimed
   * {@code tryLock()} of the read lock: each may fail while the other holds its lock (a writer's
   * also when it finds the reader's fast read in its revocation, and it must then leave nothing
   * held), and whatever succeeds sees no half write. Both may fail together, which a plain
   * {@code ReentrantReadWriteLock} never does: the writer's revocation finds the reader's claim
   * of its cell, which the reader withdraws on seeing the revocation, and the reader's fallback
   * on the read lock finds the write lock still held by the writer that is giving up. Result:
   * what the read saw (-2 if its tryLock failed), and 1 when the write went in, 0 when its
   * tryLock failed; the arbiter checks that no lock stays held (-3 in the second slot if one
   * does).
   */
  @JCStressTest
  @Outcome(id = {"0, 1", "1, 1"}, expect = ACCEPTABLE, desc = "both got in, in either order")
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "the write found the read inside and gave up")
  @Outcome(id = "-2, 1", expect = ACCEPTABLE, desc = "the read found the write inside and gave up")
  @Outcome(
      id = "-2, 0",
      expect = ACCEPTABLE_INTERESTING,
      desc =
          "both gave up: the write found the reader's fast-read claim, which the reader then"
              + " withdrew and fell back on the read lock while the writer still held the write"
              + " lock (a plain ReentrantReadWriteLock cannot fail both)")
  @Outcome(id = "-1, 1", expect = FORBIDDEN, desc = "the read saw half a write")
  @Outcome(expect = FORBIDDEN, desc = "a lock stayed held, or the read saw a write that failed")
  @State
  public static class TryLocksAcrossRevocation extends GuardedPair {
    @Actor
    public void writer(II_Result r) {
      Lock w = lock.writeLock();
      if (!w.tryLock()) {
        r.r2 = 0;
        return;
      }
      try {
        left = 1;
        right = 1;
        r.r2 = 1;
      } finally {
        w.unlock();
      }
    }

    @Actor
    public void reader(II_Result r) {
      Lock rl = lock.readLock();
      if (!rl.tryLock()) {
        r.r1 = -2;
        return;
      }
      try {
        r.r1 = whole();
      } finally {
        rl.unlock();
      }
    }

    @Arbiter
    public void arbiter(II_Result r) {
      if (lock.isWriteLocked() || lock.getReadLockCount() != 0 || !lock.writeLock().tryLock()) {
        r.r2 = -3;
        return;
      }
      lock.writeLock().unlock();
      if (whole() != r.r2) { // the fields hold what the writer reported
        r.r2 = -3;
      }
    }
  }

  /**
   * The writer reads its own fields half-way through the write (a downgrade's read hold, taken
   * while it holds the write lock): that read must not turn the bias back on, or the reader could
   * read fast in the middle of the write.
   */
  @JCStressTest
  @Outcome(id = "0", expect = ACCEPTABLE, desc = "the read came before the write")
  @Outcome(id = "1", expect = ACCEPTABLE, desc = "the read came after the write")
  @Outcome(id = "-1", expect = FORBIDDEN, desc = "the read saw the middle of the write")
  @Outcome(expect = FORBIDDEN, desc = "anything else")
  @State
  public static class ReadInsideWriteExcludesReaders extends GuardedPair {
    @Actor
    public void writer() {
      Lock w = lock.writeLock();
      w.lock();
      try {
        left = 1;
        read(); // a read hold of the write-lock holder
        right = 1;
      } finally {
        w.unlock();
      }
    }

    @Actor
    public void reader(I_Result r) {
      r.r1 = read();
    }
  }

  /**
   * The writer waits briefly on a condition of the write lock, giving the lock up meanwhile, and
   * writes once its timed wait returns. While it waits, the reader's slow read may turn the bias
   * back on, and its next reads may be fast: taking the write lock back, the waiter must revoke
   * that bias and wait for the fast readers before it writes. The reader reads until it sees the
   * write (at most {@value #READS} times), so it is still reading when the waiter comes back.
   * Result: the reader's first and last reads (-1 in the second slot if any read saw half a write
   * or an older value than the read before it).
   */
  @JCStressTest
  @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the write landed while the reader read")
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "every read after the write")
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "the reader stopped before the write")
  @Outcome(expect = FORBIDDEN, desc = "a read saw half a write, or a later read went back in time")
  @State
  public static class ConditionWaiterRevokesReturningBias extends GuardedPair {
    static final int READS = 10_000;

    final Condition never = lock.writeLock().newCondition();

    @Actor
    public void waitingWriter() {
      Lock w = lock.writeLock();
      w.lock();
      try {
        int value = 1;
        try {
          never.await(20, TimeUnit.MICROSECONDS); // nobody signals: it times out
        } catch (InterruptedException e) {
          value = 9; // nothing interrupts the actors: a forbidden outcome
        }
        left = value;
        right = value;
      } finally {
        w.unlock();
      }
    }

    @Actor
    public void reader(II_Result r) {
      int first = read();
      int last = first;
      boolean broken = first < 0;
      for (int i = 1; i < READS && last == 0 && !broken; i++) {
        int next = read();
        broken = next < last; // a torn read (-1) or back in time
        last = next;
      }
      r.r1 = first;
      r.r2 = broken ? -1 : last;
    }
  }
}
