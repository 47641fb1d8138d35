package io.github.sharedstate.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.sharedstate.ExclusiveValue;
import io.github.sharedstate.LockOrder;
import io.github.sharedstate.LockOrderViolationException;
import io.github.sharedstate.WriteGuard;
import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Lock-order checks under real concurrency. A deadlock would make a test hang, which jcstress
 * reports as an error; these tests also check who gets the violation.
 */
public final class LockOrderStress {
  private LockOrderStress() {}

  /** Result codes of one actor. */
  static final int DONE = 1;

  static final int VIOLATION = 2;

  /**
   * Two actors nest the same two ranked values in opposite orders. The one that breaks the order
   * is rejected before it waits, so both always terminate, and the in-order one always completes.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "in-order actor done, inverted actor rejected")
  @Outcome(expect = FORBIDDEN, desc = "the inversion was not reported, or the in-order actor failed")
  @State
  public static class OppositeNestingTerminates {
    final LockOrder order = LockOrder.builder().rank("first").rank("second").build();
    final ExclusiveValue<int[]> first = ExclusiveValue.of(new int[1], order.rank("first"));
    // The inverted actor's violation leaves its enclosing writer, which would poison it; this
    // test is about termination, so that value opts out of poisoning.
    final ExclusiveValue<int[]> second =
        ExclusiveValue.builder(new int[1]).rank(order.rank("second")).poisonOnFailure(false).build();

    @Actor
    public void inOrder(II_Result r) {
      r.r1 = run(() -> first.with(a -> second.with(b -> ++b[0])));
    }

    @Actor
    public void inverted(II_Result r) {
      r.r2 = run(() -> second.with(b -> first.with(a -> ++a[0])));
    }
  }

  /** Two actors take the same two same-rank values with withAll in opposite argument orders. */
  @JCStressTest
  @Outcome(id = "1, 1, 2", expect = ACCEPTABLE, desc = "both completed, both transfers applied")
  @Outcome(expect = FORBIDDEN, desc = "an actor failed or a transfer was lost")
  @State
  public static class WithAllOppositeOrdersComplete {
    final LockOrder order = LockOrder.builder().rank("account").build();
    final ExclusiveValue<int[]> a = ExclusiveValue.of(new int[1], order.rank("account"));
    final ExclusiveValue<int[]> b = ExclusiveValue.of(new int[1], order.rank("account"));

    @Actor
    public void forward(III_Result r) {
      r.r1 = run(() -> order.withAll(List.of(a, b), () -> transfer(a, b)));
    }

    @Actor
    public void backward(III_Result r) {
      r.r2 = run(() -> order.withAll(List.of(b, a), () -> transfer(b, a)));
    }

    @Arbiter
    public void arbiter(III_Result r) {
      r.r3 = a.with(x -> x[0]) + b.with(x -> x[0]) + 2;
    }

    private static int transfer(ExclusiveValue<int[]> from, ExclusiveValue<int[]> to) {
      from.modify(x -> x[0]--);
      to.modify(x -> x[0]++);
      return 0;
    }
  }

  /** A violation on one thread leaves another thread's held-lock record alone. */
  @JCStressTest
  @Outcome(id = "2, 2", expect = ACCEPTABLE, desc = "violator rejected; other thread held 2 locks")
  @Outcome(expect = FORBIDDEN, desc = "one thread's violation disturbed the other's record")
  @State
  public static class ViolationIsThreadLocal {
    final LockOrder order = LockOrder.builder().rank("low").rank("high").build();
    final ExclusiveValue<int[]> low = ExclusiveValue.of(new int[1], order.rank("low"));
    final ExclusiveValue<int[]> high =
        ExclusiveValue.builder(new int[1]).rank(order.rank("high")).poisonOnFailure(false).build();

    @Actor
    public void violator(II_Result r) {
      r.r1 = run(() -> high.with(h -> low.with(l -> l[0])));
    }

    @Actor
    public void inOrder(II_Result r) {
      r.r2 = low.with(l -> high.with(h -> order.heldByCurrentThread().size()));
    }
  }

  /**
   * Two threads take one lock, one of them while holding a higher rank: each must be checked
   * against its own held locks only. The actor holding a higher rank is rejected, the actor
   * holding nothing is not, whoever ran first. (A lock once cached a holder's record, which other
   * threads read racily; this test guarded that cache and still guards the per-thread lookup.)
   */
  @JCStressTest
  @Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "each actor checked against its own record")
  @Outcome(expect = FORBIDDEN, desc = "an actor was checked against the other's record")
  @State
  public static class EachThreadCheckedAgainstItsOwnRecord {
    final LockOrder order = LockOrder.builder().rank("low").rank("high").build();
    final ExclusiveValue<int[]> low = ExclusiveValue.of(new int[1], order.rank("low"));
    final ExclusiveValue<int[]> high =
        ExclusiveValue.builder(new int[1]).rank(order.rank("high")).poisonOnFailure(false).build();

    @Actor
    public void holdingHigh(II_Result r) {
      r.r1 = run(() -> high.with(h -> low.with(l -> ++l[0])));
    }

    @Actor
    public void holdingNothing(II_Result r) {
      r.r2 = run(() -> low.with(l -> ++l[0]));
    }
  }

  /** Under WARN, concurrent violations are all counted, and both actors carry on. */
  @JCStressTest
  @Outcome(id = "1, 1, 2", expect = ACCEPTABLE, desc = "both done, both violations counted")
  @Outcome(expect = FORBIDDEN, desc = "a violation was lost or an actor failed")
  @State
  public static class WarnCountsAreExact {
    final LockOrder order =
        LockOrder.builder().rank("low").rank("high").policy(LockOrder.Policy.WARN).build();
    final ExclusiveValue<int[]> low = ExclusiveValue.of(new int[1], order.rank("low"));
    final ExclusiveValue<int[]> high1 =
        ExclusiveValue.builder(new int[1]).name("h1").rank(order.rank("high")).build();
    final ExclusiveValue<int[]> high2 =
        ExclusiveValue.builder(new int[1]).name("h2").rank(order.rank("high")).build();

    @Actor
    public void actor1(III_Result r) {
      r.r1 = run(() -> high1.with(h -> low.with(l -> l[0]++)));
    }

    @Actor
    public void actor2(III_Result r) {
      r.r2 = run(() -> high2.with(h -> low.with(l -> l[0]++)));
    }

    @Arbiter
    public void arbiter(III_Result r) {
      r.r3 = (int) low.stats().violations();
    }
  }

  /** The same inversion through try-with-resources guards (which never poison). */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "in-order actor done, inverted actor rejected")
  @Outcome(expect = FORBIDDEN, desc = "the inversion was not reported, or the in-order actor failed")
  @State
  public static class GuardNestingTerminates {
    final LockOrder order = LockOrder.builder().rank("first").rank("second").build();
    final ExclusiveValue<int[]> first = ExclusiveValue.of(new int[1], order.rank("first"));
    final ExclusiveValue<int[]> second = ExclusiveValue.of(new int[1], order.rank("second"));

    @Actor
    public void inOrder(II_Result r) {
      r.r1 =
          run(
              () -> {
                try (WriteGuard<int[]> a = first.lock();
                    WriteGuard<int[]> b = second.lock()) {
                  b.get()[0]++;
                }
              });
    }

    @Actor
    public void inverted(II_Result r) {
      r.r2 =
          run(
              () -> {
                try (WriteGuard<int[]> b = second.lock();
                    WriteGuard<int[]> a = first.lock()) {
                  a.get()[0]++;
                }
              });
    }
  }

  /** The inversion with timed acquisitions: rejected before waiting, not after a timeout. */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "in-order actor done, inverted actor rejected")
  @Outcome(expect = FORBIDDEN, desc = "timed out or failed instead of being rejected up front")
  @State
  public static class TimedNestingRejectedUpFront {
    final LockOrder order = LockOrder.builder().rank("first").rank("second").build();
    final ExclusiveValue<int[]> first = ExclusiveValue.of(new int[1], order.rank("first"));
    final ExclusiveValue<int[]> second =
        ExclusiveValue.builder(new int[1]).rank(order.rank("second")).poisonOnFailure(false).build();

    @Actor
    public void inOrder(II_Result r) {
      r.r1 = run(() -> timed(first, () -> timed(second, () -> 0)));
    }

    @Actor
    public void inverted(II_Result r) {
      r.r2 = run(() -> timed(second, () -> timed(first, () -> 0)));
    }

    private static int timed(ExclusiveValue<int[]> value, IntSupplier inner) {
      try {
        return value.tryWith(Duration.ofSeconds(10), v -> inner.getAsInt());
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static int run(Runnable action) {
    try {
      action.run();
      return DONE;
    } catch (LockOrderViolationException e) {
      return VIOLATION;
    }
  }
}
