package io.github.sharedstate.lincheck;

import static io.github.sharedstate.lincheck.Lincheck.call;
import static io.github.sharedstate.lincheck.Lincheck.parallel;
import static io.github.sharedstate.lincheck.Lincheck.thread;

import io.github.sharedstate.ExclusiveValue;
import io.github.sharedstate.LockTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ExclusiveValue} is linearizable and deadlock-free: with, update, zero-timeout tryWith,
 * and withWhen waiting for a predicate that a two-step writer makes true, against a model that is
 * a plain int.
 */
// Lincheck finds hangs itself (and reports the interleaving); the limit only has to exceed the
// test's own run time, up to half a minute on a busy 2-core machine, with room to spare.
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@Tag("lincheck")
public class ExclusiveValueLincheckTest {
  private final ExclusiveValue<Cell> value = ExclusiveValue.of(new Cell(0));

  @Operation
  public int with(@Param(gen = IntGen.class, conf = "1:3") int delta) {
    return value.with(c -> c.add(delta));
  }

  @Operation
  public int get() {
    return value.with(Cell::read);
  }

  @Operation
  public int update(@Param(gen = IntGen.class, conf = "1:3") int delta) {
    int[] updated = new int[1];
    value.update(
        c -> {
          Cell next = c.plus(delta);
          updated[0] = next.read();
          return next;
        });
    return updated[0];
  }

  /** A zero-timeout with, tried until it gets the mutex: a failed try must change nothing. */
  // yield, not onSpinWait: with two cores for the holder, this thread and Lincheck's own
  // spinning runner, the holder may need this core to release the lock.
  @SuppressWarnings("ThreadPriorityCheck")
  @Operation
  public int tryWith(@Param(gen = IntGen.class, conf = "1:3") int delta)
      throws InterruptedException {
    while (true) {
      try {
        return value.tryWith(Duration.ZERO, c -> c.add(delta));
      } catch (LockTimeoutException busy) {
        Thread.yield();
      }
    }
  }

  /** Adds {@code delta} in two holds of the mutex; see {@link Cell#busy}. */
  @Operation
  public int twoStep(@Param(gen = IntGen.class, conf = "1:3") int delta) {
    value.modify(c -> c.busy++);
    return value.with(
        c -> {
          c.busy--;
          return c.add(delta);
        });
  }

  /** Adds {@code delta} once no two-step writer is between its steps. */
  @Operation
  public int withWhenIdle(@Param(gen = IntGen.class, conf = "1:3") int delta) {
    return value.withWhen(Cell::idle, c -> c.add(delta));
  }

  private static <O extends Options<O, ?>> void check(O options) {
    options
        .addCustomScenario(
            parallel(
                ExclusiveValueLincheckTest.class,
                thread(call("twoStep", 1)),
                thread(call("withWhenIdle", 2), call("get"))))
        .sequentialSpecification(Model.class)
        .check(ExclusiveValueLincheckTest.class);
  }

  @Test
  void modelChecking() {
    check(Lincheck.modelChecking(10, 200, 3));
  }

  @Test
  void stress() {
    check(Lincheck.stress(10, 500, 3));
  }

  /** The sequential model: a plain int. */
  public static final class Model {
    private int value;

    public int with(int delta) {
      return value += delta;
    }

    public int get() {
      return value;
    }

    public int update(int delta) {
      return value += delta;
    }

    public int tryWith(int delta) {
      return value += delta;
    }

    public int twoStep(int delta) {
      return value += delta;
    }

    public int withWhenIdle(int delta) {
      return value += delta;
    }
  }
}
