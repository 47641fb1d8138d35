package io.github.sharedstate.lincheck;

import io.github.sharedstate.SnapshotValue;
import java.util.concurrent.TimeUnit;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link SnapshotValue} is linearizable: every concurrent history of get, update, set, getAndSet
 * and compareAndSet matches some order of them run one at a time on a plain field.
 */
// Lincheck finds hangs itself (and reports the interleaving); the limit only has to exceed the
// test's own run time, up to half a minute on a busy 2-core machine, with room to spare.
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@Tag("lincheck")
@Param(name = "v", gen = IntGen.class, conf = "0:3")
public class SnapshotValueLincheckTest {
  // Values stay within Integer's cache (-128..127), so equal ints are the same object and
  // compareAndSet's identity comparison means what the model's == on ints means.
  private final SnapshotValue<Integer> value = SnapshotValue.of(0);

  @Operation
  public int get() {
    return value.get();
  }

  @Operation
  public int update(@Param(name = "v") int delta) {
    return value.update(x -> x + delta);
  }

  @Operation
  public void set(@Param(name = "v") int v) {
    value.set(v);
  }

  @Operation
  public int getAndSet(@Param(name = "v") int v) {
    return value.getAndSet(v);
  }

  @Operation
  public boolean compareAndSet(@Param(name = "v") int expected, @Param(name = "v") int next) {
    return value.compareAndSet(expected, next);
  }

  @Test
  void modelChecking() {
    Lincheck.modelChecking(10, 200, 3).sequentialSpecification(Model.class).check(getClass());
  }

  @Test
  void stress() {
    Lincheck.stress(10, 500, 3).sequentialSpecification(Model.class).check(getClass());
  }

  /** The sequential model: a plain int. */
  public static final class Model {
    private int x;

    public int get() {
      return x;
    }

    public int update(int delta) {
      return x += delta;
    }

    public void set(int v) {
      x = v;
    }

    public int getAndSet(int v) {
      int old = x;
      x = v;
      return old;
    }

    public boolean compareAndSet(int expected, int next) {
      if (x != expected) {
        return false;
      }
      x = next;
      return true;
    }
  }
}
