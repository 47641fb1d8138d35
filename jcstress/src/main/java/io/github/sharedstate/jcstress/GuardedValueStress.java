package io.github.sharedstate.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.sharedstate.GuardedValue;
import io.github.sharedstate.LockStats;
import io.github.sharedstate.LockTimeoutException;
import io.github.sharedstate.PoisonedException;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/** Races on {@link GuardedValue}: atomicity, visibility, poisoning. */
public final class GuardedValueStress {
  private GuardedValueStress() {}

  /** Returns a value holding {@code initial}, poisoned by a failed writer before any actor runs. */
  static GuardedValue<Integer> poisoned(int initial) {
    GuardedValue<Integer> value = GuardedValue.of(initial);
    try {
      value.modify(
          v -> {
            throw new IllegalStateException("broken");
          });
    } catch (IllegalStateException expected) {
      // the failure poisons the value
    }
    return value;
  }

  /** Two fields written together under one write lock. */
  public static final class Pair {
    int left;
    int right;
  }

  /** Two writers increment under the write lock: no update is lost. */
  @JCStressTest
  @Outcome(id = "2", expect = ACCEPTABLE, desc = "both increments applied")
  @Outcome(expect = FORBIDDEN, desc = "an increment was lost: writes were not exclusive")
  @State
  public static class WriteAtomicity {
    final GuardedValue<int[]> counter = GuardedValue.of(new int[1]);

    @Actor
    public void writer1() {
      counter.modify(c -> c[0]++);
    }

    @Actor
    public void writer2() {
      counter.modify(c -> c[0]++);
    }

    @Arbiter
    public void arbiter(I_Result r) {
      r.r1 = counter.read(c -> c[0]);
    }
  }

  /** A reader sees a two-field write whole or not at all. */
  @JCStressTest
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "read before the write")
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "read after the write")
  @Outcome(expect = FORBIDDEN, desc = "read half of the write: torn state")
  @State
  public static class PairVisibility {
    final GuardedValue<Pair> pair = GuardedValue.of(new Pair());

    @Actor
    public void writer() {
      pair.modify(
          p -> {
            p.left = 1;
            p.right = 1;
          });
    }

    @Actor
    public void reader(II_Result r) {
      pair.read(
          p -> {
            r.r1 = p.left;
            r.r2 = p.right;
            return p;
          });
    }
  }

  /** A reader racing update sees the old or the new value, nothing else. */
  @JCStressTest
  @Outcome(id = "1", expect = ACCEPTABLE, desc = "saw the value before update")
  @Outcome(id = "2", expect = ACCEPTABLE, desc = "saw the value after update")
  @Outcome(expect = FORBIDDEN, desc = "saw something that was never the value")
  @State
  public static class UpdateIsAllOrNothing {
    final GuardedValue<Integer> value = GuardedValue.of(1);

    @Actor
    public void updater() {
      value.update(v -> v + 1);
    }

    @Actor
    public void reader(I_Result r) {
      r.r1 = value.read(v -> v);
    }
  }

  /**
   * A writer changes the value and then fails. A concurrent reader either ran first (sees 0) or
   * finds the value poisoned: it never sees the half-done write.
   */
  @JCStressTest
  @Outcome(id = "0", expect = ACCEPTABLE, desc = "read before the failing write")
  @Outcome(id = "-1", expect = ACCEPTABLE, desc = "saw the poison left by the failing write")
  @Outcome(id = "1", expect = FORBIDDEN, desc = "saw the half-done write of a failed writer")
  @Outcome(expect = FORBIDDEN, desc = "anything else")
  @State
  public static class PoisonIsSeenByTheNextAccess {
    final GuardedValue<int[]> value = GuardedValue.of(new int[1]);

    @Actor
    public void failingWriter() {
      try {
        value.modify(
            v -> {
              v[0] = 1;
              throw new IllegalStateException("half done");
            });
      } catch (IllegalStateException expected) {
        // the failure poisons the value
      }
    }

    @Actor
    public void reader(I_Result r) {
      try {
        r.r1 = value.read(v -> v[0]);
      } catch (PoisonedException e) {
        r.r1 = -1;
      }
    }
  }

  /** recover racing a reader: the reader sees the poison or the repaired value. */
  @JCStressTest
  @Outcome(id = "-1", expect = ACCEPTABLE, desc = "read before recover: still poisoned")
  @Outcome(id = "7", expect = ACCEPTABLE, desc = "read after recover: repaired value")
  @Outcome(expect = FORBIDDEN, desc = "saw the broken value without the poison")
  @State
  public static class RecoverRacingReader {
    final GuardedValue<Integer> value = poisoned(13);

    @Actor
    public void recoverer() {
      value.recover(v -> 7);
    }

    @Actor
    public void reader(I_Result r) {
      try {
        r.r1 = value.read(v -> v);
      } catch (PoisonedException e) {
        r.r1 = -1;
      }
    }
  }

  /**
   * A zero-timeout tryRead races a writer's release: it either gets the lock or times out, and
   * the stats count exactly that outcome, once.
   */
  @JCStressTest
  @Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "acquired; counted as one read")
  @Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "timed out; counted as one timeout")
  @Outcome(expect = FORBIDDEN, desc = "the outcome and the counters disagree")
  @State
  public static class TimedReadRacingRelease {
    final GuardedValue<int[]> value = GuardedValue.of(new int[1]);

    @Actor
    public void writer() {
      value.modify(v -> v[0]++);
    }

    @Actor
    public void timedReader(III_Result r) {
      try {
        value.tryRead(Duration.ZERO, v -> v[0]);
        r.r1 = 1;
      } catch (LockTimeoutException e) {
        r.r1 = 0;
      } catch (InterruptedException e) {
        r.r1 = -1;
      }
    }

    @Arbiter
    public void arbiter(III_Result r) {
      LockStats stats = value.stats();
      r.r2 = (int) stats.readAcquisitions();
      r.r3 = (int) stats.timeouts();
    }
  }

  /** clearPoison racing a reader: the reader sees the poison or the value, never an error. */
  @JCStressTest
  @Outcome(id = "-1", expect = ACCEPTABLE, desc = "read before clearPoison: poisoned")
  @Outcome(id = "13", expect = ACCEPTABLE, desc = "read after clearPoison: the value as it was")
  @Outcome(expect = FORBIDDEN, desc = "anything else")
  @State
  public static class ClearPoisonRacingReader {
    final GuardedValue<Integer> value = poisoned(13);

    @Actor
    public void clearer() {
      value.clearPoison();
    }

    @Actor
    public void reader(I_Result r) {
      try {
        r.r1 = value.read(v -> v);
      } catch (PoisonedException e) {
        r.r1 = -1;
      }
    }
  }

  /**
   * The minimal model of {@link PairVisibility}: a raw {@link ReentrantReadWriteLock} guarding two
   * plain fields. GuardedValue must give exactly the guarantees this model gives.
   */
  @JCStressTest
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "read before the write")
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "read after the write")
  @Outcome(expect = FORBIDDEN, desc = "torn: the raw lock failed too")
  @State
  public static class RawReadWriteLockModel {
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    int left;
    int right;

    @Actor
    public void writer() {
      lock.writeLock().lock();
      try {
        left = 1;
        right = 1;
      } finally {
        lock.writeLock().unlock();
      }
    }

    @Actor
    public void reader(II_Result r) {
      lock.readLock().lock();
      try {
        r.r1 = left;
        r.r2 = right;
      } finally {
        lock.readLock().unlock();
      }
    }
  }
}
