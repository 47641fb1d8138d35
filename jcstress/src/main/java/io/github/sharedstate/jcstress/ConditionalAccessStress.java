package io.github.sharedstate.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.sharedstate.ExclusiveValue;
import io.github.sharedstate.GuardedValue;
import java.util.ArrayDeque;
import java.util.Deque;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/** Races on the conditional forms: no lost wake-up, no function run on a false predicate. */
public final class ConditionalAccessStress {
  private ConditionalAccessStress() {}

  /** A waiter whose predicate a concurrent writer makes true always finishes. */
  @JCStressTest(Mode.Termination)
  @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the waiter saw the writer's change")
  @Outcome(id = "STALE", expect = FORBIDDEN, desc = "the waiter hangs: a wake-up was lost")
  @State
  public static class ExclusiveWakeUp {
    final ExclusiveValue<int[]> value = ExclusiveValue.of(new int[1]);

    @Actor
    public void waiter() throws InterruptedException {
      value.withWhenInterruptibly(v -> v[0] == 1, v -> v[0]);
    }

    @Signal
    public void writer() {
      value.modify(v -> v[0] = 1);
    }
  }

  /** The same on a GuardedValue, whose woken writer must revoke the reader bias again. */
  @JCStressTest(Mode.Termination)
  @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the waiter saw the writer's change")
  @Outcome(id = "STALE", expect = FORBIDDEN, desc = "the waiter hangs: a wake-up was lost")
  @State
  public static class GuardedWakeUp {
    final GuardedValue<int[]> value = GuardedValue.of(new int[1]);

    @Actor
    public void waiter() throws InterruptedException {
      value.readWhenInterruptibly(v -> v[0] == 1, v -> v[0]);
    }

    @Signal
    public void writer() {
      value.modify(v -> v[0] = 1);
    }
  }

  /**
   * Two consumers wait for a task each; the second also produces, two tasks one at a time (two
   * actors: jcstress runs no more actors than the machine has CPUs). Each consumer's function
   * must find the queue non-empty, although one release may wake both.
   */
  @JCStressTest
  @Outcome(id = {"1, 2", "2, 1"}, expect = ACCEPTABLE, desc = "each consumer took one task")
  @Outcome(expect = FORBIDDEN, desc = "a function ran on an empty queue (-1), or a task was lost")
  @State
  public static class NeverOnAFalsePredicate {
    final ExclusiveValue<Deque<Integer>> queue = ExclusiveValue.of(new ArrayDeque<>());

    private int take() {
      return queue.withWhen(q -> !q.isEmpty(), q -> q.isEmpty() ? -1 : q.poll());
    }

    @Actor
    public void consumer(II_Result r) {
      r.r1 = take();
    }

    @Actor
    public void producerThenConsumer(II_Result r) {
      queue.modify(q -> q.add(1));
      queue.modify(q -> q.add(2));
      r.r2 = take();
    }
  }

  /**
   * A conditional writer waits for a producer's two-field write, then changes both fields again;
   * the producer then reads conditionally. Each function sees both fields equal and its predicate
   * true; the reader, holding a lock from its predicate on, sees one write or the other whole.
   */
  @JCStressTest
  @Outcome(id = {"1, 1", "1, 2"}, expect = ACCEPTABLE, desc = "each function saw a whole write")
  @Outcome(expect = FORBIDDEN, desc = "a function saw a half write or a false predicate")
  @State
  public static class GuardedWriterAndReader {
    final GuardedValue<int[]> value = GuardedValue.of(new int[2]);

    @Actor
    public void conditionalWriter(II_Result r) {
      r.r1 =
          value.writeWhen(
              a -> a[0] == 1,
              a -> {
                int seen = a[0] == 1 ? a[1] : -1;
                a[0] = 2;
                a[1] = 2;
                return seen;
              });
    }

    @Actor
    public void producerThenConditionalReader(II_Result r) {
      value.modify(
          a -> {
            a[0] = 1;
            a[1] = 1;
          });
      r.r2 = value.readWhen(a -> a[0] >= 1, a -> a[0] >= 1 && a[0] == a[1] ? a[0] : -1);
    }
  }
}
