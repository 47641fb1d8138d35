package io.github.sharedstate.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.sharedstate.ExclusiveValue;
import io.github.sharedstate.GuardedValue;
import io.github.sharedstate.LockDiagnostics;
import io.github.sharedstate.LockStats;
import io.github.sharedstate.OrderedLock;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Long-wait reports and contention charges racing the locks they describe. Every value here has
 * a long-wait threshold of one nanosecond, so every contended wait is reported by the watch
 * thread (which reads the holder's stack while the holder runs, releases or hands the lock on), a
 * listener hears every report, and every contended release is charged to the profile. None of it
 * may change exclusion, visibility or the counters.
 */
public final class LongWaitReportStress {
  private LongWaitReportStress() {}

  /** A threshold every contended wait passes at once. */
  static final Duration TINY = Duration.ofNanos(1);

  /** The process-wide set-up, done once by the first state of a fork. */
  static final class Setup {
    /** Keeps the logger (and its level) from being collected. */
    static final Logger QUIET = Logger.getLogger("io.github.sharedstate.LockDiagnostics");

    /** Reports heard: the listener path runs on every report. */
    static final LongAdder HEARD = new LongAdder();

    static {
      QUIET.setLevel(Level.OFF); // the reports are still built, only not printed
      LockDiagnostics.addListener(
          new LockDiagnostics.Listener() {
            @Override
            public void longWait(LockDiagnostics.LongWait report) {
              HEARD.increment();
            }
          });
      LockDiagnostics.contentionSampling(1); // every contended release walks its stack
    }

    private Setup() {}

    static void ensure() {
      // the class initializer does the work
    }
  }

  /** Two fields a writer always changes together. */
  public static final class Pair {
    int left;
    int right;
  }

  /** The pair's common value, or -1 if the read saw half a write. */
  static int whole(Pair p) {
    return p.left == p.right ? p.left : -1;
  }

  /**
   * Two actors increment under a mutex whose waits are all reported: no update is lost, and the
   * long-wait counter counts at most the one wait there can be, never a wait that did not happen.
   */
  @JCStressTest
  @Outcome(id = "2, 0, 0", expect = ACCEPTABLE, desc = "no contention, nothing reported")
  @Outcome(id = "2, 1, 1", expect = ACCEPTABLE, desc = "one contended wait, reported")
  @Outcome(
      id = "2, 1, 0",
      expect = ACCEPTABLE,
      desc = "one contended wait, not reported yet (or ended before the watch looked)")
  @Outcome(id = "2, 0, 1", expect = FORBIDDEN, desc = "a report without a wait")
  @Outcome(expect = FORBIDDEN, desc = "an increment was lost, or a wait was counted twice")
  @State
  public static class MutexExclusion {
    final ExclusiveValue<int[]> counter;

    public MutexExclusion() {
      Setup.ensure();
      counter = ExclusiveValue.builder(new int[1]).longWaitThreshold(TINY).build();
    }

    @Actor
    public void actor1() {
      counter.modify(c -> c[0]++);
    }

    @Actor
    public void actor2() {
      counter.modify(c -> c[0]++);
    }

    @Arbiter
    public void arbiter(III_Result r) {
      r.r1 = counter.with(c -> c[0]);
      LockStats stats = counter.stats();
      r.r2 = (int) stats.contendedAcquisitions();
      r.r3 = (int) stats.longWaits();
    }
  }

  /**
   * Two actors increment under a drop-in lock: a wait is reported while the holder runs or
   * unlocks, and a release with a waiter is charged to the holder's code. Nothing is lost. (Two
   * actors, not three: jcstress skips tests with more actors than CPUs, and CI has two.)
   */
  @JCStressTest
  @Outcome(id = "2", expect = ACCEPTABLE, desc = "both increments applied")
  @Outcome(expect = FORBIDDEN, desc = "an increment was lost: the lock did not exclude")
  @State
  public static class DropInExclusion {
    final OrderedLock lock;
    int count;

    public DropInExclusion() {
      Setup.ensure();
      lock = OrderedLock.builder().longWaitThreshold(TINY).build();
    }

    void increment() {
      lock.lock();
      try {
        count++;
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
        r.r1 = count;
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * A writer and a reader of a reader-biased value whose waits are all reported: a writer that
   * waits for the fast reader is reported with that reader's stack, taken while it reads. The
   * reader sees the pair whole, before or after the write.
   */
  @JCStressTest
  @Outcome(id = "0", expect = ACCEPTABLE, desc = "read before the write")
  @Outcome(id = "1", expect = ACCEPTABLE, desc = "read after the write")
  @Outcome(expect = FORBIDDEN, desc = "the read saw half a write")
  @State
  public static class ReadWriteVisibility {
    final GuardedValue<Pair> value;

    public ReadWriteVisibility() {
      Setup.ensure();
      value = GuardedValue.builder(new Pair()).longWaitThreshold(TINY).build();
    }

    @Actor
    public void writer() {
      value.modify(
          p -> {
            p.left++;
            p.right++;
          });
    }

    @Actor
    public void reader(I_Result r) {
      r.r1 = value.read(LongWaitReportStress::whole);
    }
  }

  /**
   * Two writers of a read-write value whose waits are all reported (the report of the waiting
   * writer names the other, and is made while that one writes or releases): no update is lost.
   */
  @JCStressTest
  @Outcome(id = "2", expect = ACCEPTABLE, desc = "both writes applied")
  @Outcome(expect = FORBIDDEN, desc = "a write was lost, or the pair was torn")
  @State
  public static class WriteExclusion {
    final GuardedValue<Pair> value;

    public WriteExclusion() {
      Setup.ensure();
      value = GuardedValue.builder(new Pair()).longWaitThreshold(TINY).build();
    }

    void increment() {
      value.modify(
          p -> {
            p.left++;
            p.right++;
          });
    }

    @Actor
    public void writer1() {
      increment();
    }

    @Actor
    public void writer2() {
      increment();
    }

    @Arbiter
    public void arbiter(I_Result r) {
      r.r1 = value.read(LongWaitReportStress::whole);
    }
  }
}
