package io.github.sharedstate.jcstress;

import static io.github.sharedstate.jcstress.LockOrderStress.run;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.sharedstate.ExclusiveValue;
import io.github.sharedstate.GuardedValue;
import io.github.sharedstate.LockOrder;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The learned order under real concurrency: new edges are checked and recorded atomically, so
 * threads that each take one half of a cycle at the same moment cannot both get through (which
 * would deadlock: jcstress reports a hang as an error), and a thread is rejected only for a cycle
 * that the others' edges really close. Result codes as in {@link LockOrderStress}: 1 done,
 * 2 rejected.
 */
public final class LearnedOrderStress {
  private LearnedOrderStress() {}

  private static ExclusiveValue<int[]> exclusive(LockOrder order, String name) {
    return ExclusiveValue.builder(new int[1]).name(name).order(order).poisonOnFailure(false).build();
  }

  /** Each actor holds one of two learned values and takes the other: exactly one is rejected. */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "a -> b recorded first; b -> a rejected")
  @Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "b -> a recorded first; a -> b rejected")
  @Outcome(expect = FORBIDDEN, desc = "both got through (a cycle was recorded) or both rejected")
  @State
  public static class OppositeNestingRejectsExactlyOne {
    final LockOrder order = LockOrder.learned("stress");
    final ExclusiveValue<int[]> a = exclusive(order, "a");
    final ExclusiveValue<int[]> b = exclusive(order, "b");

    @Actor
    public void aThenB(II_Result r) {
      r.r1 = run(() -> a.with(x -> b.with(y -> ++y[0])));
    }

    @Actor
    public void bThenA(II_Result r) {
      r.r2 = run(() -> b.with(y -> a.with(x -> ++x[0])));
    }
  }

  /** Reads count like writes: two readers nesting in opposite orders, exactly one rejected. */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "a -> b recorded first; b -> a rejected")
  @Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "b -> a recorded first; a -> b rejected")
  @Outcome(expect = FORBIDDEN, desc = "both got through (a cycle was recorded) or both rejected")
  @State
  public static class OppositeReadNestingRejectsExactlyOne {
    final LockOrder order = LockOrder.learned("stress");
    final GuardedValue<int[]> a =
        GuardedValue.builder(new int[1]).name("a").order(order).poisonOnFailure(false).build();
    final GuardedValue<int[]> b =
        GuardedValue.builder(new int[1]).name("b").order(order).poisonOnFailure(false).build();

    @Actor
    public void aThenB(II_Result r) {
      r.r1 = run(() -> a.read(x -> b.read(y -> y[0])));
    }

    @Actor
    public void bThenA(II_Result r) {
      r.r2 = run(() -> b.read(y -> a.read(x -> x[0])));
    }
  }

  /**
   * The ring a -> b -> c -> a, with a -> b recorded before the actors start and the other two
   * edges taken at once. Either edge alone closes nothing, so only the one checked second is
   * rejected. (jcstress needs a CPU per actor, so the ring's third edge is set up in advance.)
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "b -> c recorded first; c -> a rejected")
  @Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "c -> a recorded first; b -> c rejected")
  @Outcome(expect = FORBIDDEN, desc = "the ring was recorded whole, or both rejected")
  @State
  public static class RingOfThreeRejectsOnlyTheClosingEdge {
    final LockOrder order = LockOrder.learned("stress");
    final ExclusiveValue<int[]> a = exclusive(order, "a");
    final ExclusiveValue<int[]> b = exclusive(order, "b");
    final ExclusiveValue<int[]> c = exclusive(order, "c");

    public RingOfThreeRejectsOnlyTheClosingEdge() {
      a.with(x -> b.with(y -> ++y[0]));
    }

    @Actor
    public void bThenC(II_Result r) {
      r.r1 = run(() -> b.with(y -> c.with(z -> ++z[0])));
    }

    @Actor
    public void cThenA(II_Result r) {
      r.r2 = run(() -> c.with(z -> a.with(x -> ++x[0])));
    }
  }
}
