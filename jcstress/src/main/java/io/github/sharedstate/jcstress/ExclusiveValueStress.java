package io.github.sharedstate.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.sharedstate.ExclusiveValue;
import io.github.sharedstate.LockStats;
import io.github.sharedstate.LockTimeoutException;
import io.github.sharedstate.PoisonedException;
import io.github.sharedstate.WriteGuard;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/** Races on {@link ExclusiveValue}: exclusion, update atomicity, guard hand-off. */
public final class ExclusiveValueStress {
  private ExclusiveValueStress() {}

  /** Two actors increment under the mutex: mutual exclusion, no lost update. */
  @JCStressTest
  @Outcome(id = "2", expect = ACCEPTABLE, desc = "both increments applied")
  @Outcome(expect = FORBIDDEN, desc = "an increment was lost: the mutex did not exclude")
  @State
  public static class MutualExclusion {
    final ExclusiveValue<int[]> counter = ExclusiveValue.of(new int[1]);

    @Actor
    public void actor1() {
      counter.modify(c -> c[0]++);
    }

    @Actor
    public void actor2() {
      counter.modify(c -> c[0]++);
    }

    @Arbiter
    public void arbiter(I_Result r) {
      r.r1 = counter.with(c -> c[0]);
    }
  }

  /** Two updates replace an immutable value: both apply, in some order. */
  @JCStressTest
  @Outcome(id = "11", expect = ACCEPTABLE, desc = "both updates applied")
  @Outcome(expect = FORBIDDEN, desc = "an update was lost")
  @State
  public static class UpdateAtomicity {
    final ExclusiveValue<Integer> value = ExclusiveValue.of(0);

    @Actor
    public void plusOne() {
      value.update(v -> v + 1);
    }

    @Actor
    public void plusTen() {
      value.update(v -> v + 10);
    }

    @Arbiter
    public void arbiter(I_Result r) {
      r.r1 = value.with(v -> v);
    }
  }

  /** What one thread set through a guard is seen whole by the next holder. */
  @JCStressTest
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "second holder came first")
  @Outcome(id = "5, 5", expect = ACCEPTABLE, desc = "second holder saw the whole hand-off")
  @Outcome(expect = FORBIDDEN, desc = "saw part of what the first holder wrote")
  @State
  public static class GuardReleaseVisibility {
    final ExclusiveValue<int[]> value = ExclusiveValue.of(new int[2]);

    @Actor
    public void first() {
      try (WriteGuard<int[]> guard = value.lock()) {
        int[] next = {5, 5};
        guard.set(next);
      }
    }

    @Actor
    public void second(II_Result r) {
      try (WriteGuard<int[]> guard = value.lock()) {
        r.r1 = guard.get()[0];
        r.r2 = guard.get()[1];
      }
    }
  }

  /** A writer changes the value and fails; the next holder sees the poison, never the change. */
  @JCStressTest
  @Outcome(id = "0", expect = ACCEPTABLE, desc = "ran before the failing writer")
  @Outcome(id = "-1", expect = ACCEPTABLE, desc = "saw the poison")
  @Outcome(id = "1", expect = FORBIDDEN, desc = "saw the half-done change of a failed writer")
  @Outcome(expect = FORBIDDEN, desc = "anything else")
  @State
  public static class PoisonVisibility {
    final ExclusiveValue<int[]> value = ExclusiveValue.of(new int[1]);

    @Actor
    public void failingWriter() {
      try {
        value.modify(
            v -> {
              v[0] = 1;
              throw new IllegalStateException("half done");
            });
      } catch (IllegalStateException expected) {
        // poisons the value
      }
    }

    @Actor
    public void next(I_Result r) {
      try {
        r.r1 = value.with(v -> v[0]);
      } catch (PoisonedException e) {
        r.r1 = -1;
      }
    }
  }

  /** A zero-timeout tryWith races a holder's release; stats count the outcome exactly once. */
  @JCStressTest
  @Outcome(id = "1, 2, 0", expect = ACCEPTABLE, desc = "acquired; two acquisitions counted")
  @Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "timed out; one acquisition, one timeout")
  @Outcome(expect = FORBIDDEN, desc = "the outcome and the counters disagree")
  @State
  public static class TimedWithRacingRelease {
    final ExclusiveValue<int[]> value = ExclusiveValue.of(new int[1]);

    @Actor
    public void holder() {
      value.modify(v -> v[0]++);
    }

    @Actor
    public void timed(III_Result r) {
      try {
        value.tryWith(Duration.ZERO, v -> v[0]);
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
      r.r2 = (int) stats.writeAcquisitions();
      r.r3 = (int) stats.timeouts();
    }
  }

  /** An in-place modify and a replacing update interleave atomically: both effects survive. */
  @JCStressTest
  @Outcome(id = "11", expect = ACCEPTABLE, desc = "both applied")
  @Outcome(expect = FORBIDDEN, desc = "one change was lost")
  @State
  public static class ModifyAndUpdateInterleave {
    final ExclusiveValue<int[]> value = ExclusiveValue.of(new int[1]);

    @Actor
    public void modifyInPlace() {
      value.modify(v -> v[0] += 1);
    }

    @Actor
    public void replace() {
      value.update(v -> new int[] {v[0] + 10});
    }

    @Arbiter
    public void arbiter(I_Result r) {
      r.r1 = value.with(v -> v[0]);
    }
  }
}
