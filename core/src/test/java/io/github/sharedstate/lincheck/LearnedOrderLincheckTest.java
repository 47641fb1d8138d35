package io.github.sharedstate.lincheck;

import static io.github.sharedstate.lincheck.Lincheck.call;
import static io.github.sharedstate.lincheck.Lincheck.parallel;
import static io.github.sharedstate.lincheck.Lincheck.thread;

import io.github.sharedstate.ExclusiveValue;
import io.github.sharedstate.LockOrder;
import io.github.sharedstate.LockOrderViolationException;
import java.util.concurrent.TimeUnit;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A learned {@link LockOrder} takes exactly one of two opposite edges: two threads that nest two
 * values in opposite orders, the first time either order is seen, never both succeed (both edges
 * recorded, a cycle in the graph, and a deadlock when they overlap) and never both fail. The
 * result says which thread got the violation: the one whose edge came second.
 */
// Lincheck finds hangs itself (and reports the interleaving); the limit only has to exceed the
// test's own run time, up to half a minute on a busy 2-core machine, with room to spare.
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@Tag("lincheck")
public class LearnedOrderLincheckTest {
  private static final String OK = "ok";
  private static final String VIOLATION = "violation";

  private final LockOrder order = LockOrder.learned("learned");
  // A rejected inner acquisition fails the outer function: no poisoning, so the value stays usable.
  private final ExclusiveValue<Cell> a =
      ExclusiveValue.builder(new Cell(0)).name("a").order(order).poisonOnFailure(false).build();
  private final ExclusiveValue<Cell> b =
      ExclusiveValue.builder(new Cell(0)).name("b").order(order).poisonOnFailure(false).build();

  /** Takes b while holding a: learns a -> b, unless b -> a was learned first. */
  @Operation
  public String aThenB() {
    return nest(a, b);
  }

  /** Takes a while holding b: learns b -> a, unless a -> b was learned first. */
  @Operation
  public String bThenA() {
    return nest(b, a);
  }

  private static String nest(ExclusiveValue<Cell> outer, ExclusiveValue<Cell> inner) {
    try {
      return outer.with(x -> inner.with(y -> OK));
    } catch (LockOrderViolationException e) {
      return VIOLATION;
    }
  }

  private static <O extends Options<O, ?>> void check(O options) {
    options
        .addCustomScenario(
            parallel(
                LearnedOrderLincheckTest.class, thread(call("aThenB")), thread(call("bThenA"))))
        .sequentialSpecification(Model.class)
        .check(LearnedOrderLincheckTest.class);
  }

  @Test
  void modelChecking() {
    check(Lincheck.modelChecking(3, 100, 2));
  }

  @Test
  void stress() {
    check(Lincheck.stress(10, 500, 2));
  }

  /** The sequential model: the first nesting order seen is the order; the other is a violation. */
  public static final class Model {
    private boolean aBeforeB;
    private boolean bBeforeA;

    public String aThenB() {
      if (bBeforeA) {
        return VIOLATION;
      }
      aBeforeB = true;
      return OK;
    }

    public String bThenA() {
      if (aBeforeB) {
        return VIOLATION;
      }
      bBeforeA = true;
      return OK;
    }
  }
}
