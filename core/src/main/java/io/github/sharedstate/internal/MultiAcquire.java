package io.github.sharedstate.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The ordered multi-acquire behind {@code LockOrder.withAll} and the multi-shard forms of {@code
 * ShardedValue}: the exclusive locks of several locks of one order, taken in one total order
 * (rank, then a stable tie-break: the {@code std::scoped_lock} idea), so that two threads taking
 * the same locks in different argument orders never deadlock.
 */
public final class MultiAcquire {
  /** The acquisition order: rank, then tie-break. */
  public static final Comparator<LockEngine> ORDER =
      (a, b) -> OrderPosition.compareForAcquisition(a.position, b.position);

  private MultiAcquire() {}

  /**
   * Takes the exclusive lock of every engine, in the given order (sorted by {@link #ORDER}, no
   * duplicates), runs {@code action}, and releases them all. Every value of {@code values} (the
   * values among the locks) is checked for poison before {@code action} runs, and poisoned by its
   * failure.
   */
  public static <R> R withAll(
      List<LockEngine> sorted, List<ValueCore<?>> values, Supplier<? extends R> action) {
    Objects.requireNonNull(action, "action");
    @Nullable HeldLocks[] records = new HeldLocks[sorted.size()];
    int taken = 0;
    try {
      for (LockEngine engine : sorted) {
        records[taken] = engine.acquireUninterruptibly(true, true);
        taken++;
      }
      for (ValueCore<?> value : values) {
        value.checkNotPoisoned();
      }
      try {
        return action.get();
      } catch (Throwable failure) {
        for (ValueCore<?> value : values) {
          value.poison(failure);
        }
        throw failure;
      }
    } finally {
      for (int i = taken - 1; i >= 0; i--) {
        sorted.get(i).release(true, records[i]);
      }
    }
  }
}
