package io.github.sharedstate.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.sharedstate.ExclusiveValue;
import io.github.sharedstate.WriteGuard;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
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
}
