package io.github.sharedstate.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.sharedstate.SnapshotValue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/** Races on {@link SnapshotValue}: lock-free reads against serialized writers. */
public final class SnapshotValueStress {
  private SnapshotValueStress() {}

  /** A value with plain, non-final fields: only the publication makes them visible. */
  public static final class Config {
    int a;
    int b;
    int c;
  }

  /**
   * A reader with no lock sees either the old value or the new one whole, never a value whose
   * plain fields are still being filled in: the volatile publication orders the builder's writes
   * before the reference.
   */
  @JCStressTest
  @Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "read the initial value")
  @Outcome(id = "1, 2, 3", expect = ACCEPTABLE, desc = "read the new value whole")
  @Outcome(expect = FORBIDDEN, desc = "read a partly built value")
  @State
  public static class NoPartlyBuiltValue {
    final SnapshotValue<Config> value = SnapshotValue.of(new Config());

    @Actor
    public void writer() {
      value.update(
          old -> {
            Config next = new Config();
            next.a = 1;
            next.b = 2;
            next.c = 3;
            return next;
          });
    }

    @Actor
    public void reader(III_Result r) {
      Config seen = value.get();
      r.r1 = seen.a;
      r.r2 = seen.b;
      r.r3 = seen.c;
    }
  }

  /** Two read-compute-publish updates race: writers are serialized, so neither is lost. */
  @JCStressTest
  @Outcome(id = "2", expect = ACCEPTABLE, desc = "both updates landed")
  @Outcome(expect = FORBIDDEN, desc = "an update was lost")
  @State
  public static class ConcurrentUpdatesBothLand {
    final SnapshotValue<Integer> value = SnapshotValue.of(0);

    @Actor
    public void actor1() {
      value.update(v -> v + 1);
    }

    @Actor
    public void actor2() {
      value.update(v -> v + 1);
    }

    @Arbiter
    public void arbiter(I_Result r) {
      r.r1 = value.get();
    }
  }

  /** Two compareAndSet calls from the same expected value: exactly one wins, and its value stays. */
  @JCStressTest
  @Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "the first actor won")
  @Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "the second actor won")
  @Outcome(expect = FORBIDDEN, desc = "no winner, two winners, or the loser's value published")
  @State
  public static class CompareAndSetHasOneWinner {
    final Object initial = new Object();
    final Object first = new Object();
    final Object second = new Object();
    final SnapshotValue<Object> value = SnapshotValue.of(initial);

    @Actor
    public void actor1(III_Result r) {
      r.r1 = value.compareAndSet(initial, first) ? 1 : 0;
    }

    @Actor
    public void actor2(III_Result r) {
      r.r2 = value.compareAndSet(initial, second) ? 1 : 0;
    }

    @Arbiter
    public void arbiter(III_Result r) {
      Object now = value.get();
      r.r3 = now == first ? 1 : now == second ? 2 : 0;
    }
  }

  /**
   * A writer's update computes a new value and then throws, and the same writer's next update
   * succeeds, while a reader reads: nobody ever sees what the failed function computed, and the
   * good update lands. (Two actors, so it runs on 2 CPUs.)
   */
  @JCStressTest
  @Outcome(id = "0, 10", expect = ACCEPTABLE, desc = "read before the succeeding update")
  @Outcome(id = "10, 10", expect = ACCEPTABLE, desc = "read after the succeeding update")
  @Outcome(expect = FORBIDDEN, desc = "saw the failed update's value, or lost the good one")
  @State
  public static class FailedUpdateIsNeverObserved {
    final SnapshotValue<Integer> value = SnapshotValue.of(0);

    @Actor
    public void writer() {
      try {
        value.update(
            v -> {
              Integer computed = v + 1;
              if (computed > 0) {
                throw new IllegalStateException("fails after computing " + computed);
              }
              return computed;
            });
      } catch (IllegalStateException expected) {
        // publishes nothing
      }
      value.update(v -> v + 10);
    }

    @Actor
    public void reader(II_Result r) {
      r.r1 = value.get();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      r.r2 = value.get();
    }
  }
}
