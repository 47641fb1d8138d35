package io.github.sharedstate.internal;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedstate.ExclusiveValue;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** While a thread waits for a predicate, its held-lock record does not claim the value's lock. */
final class ConditionalWaitRecordTest {

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void duringTheWait_theRecordHoldsNothing_andTheLockAgainOnceTheFunctionRuns(boolean readWrite)
      throws Exception {
    OrderTracker tracker = new OrderTracker("o", "v", true, false, false, 1, 100);
    LockOptions options = new LockOptions("v", false, tracker, "v", 0, 0, null, 0);
    ValueCore<int[]> core =
        new ValueCore<>(
            new int[1],
            readWrite ? new ReadWriteEngine(options) : new MutexEngine(options),
            true,
            ExclusiveValue.of("stands in for the public value, which this test never uses"));
    AtomicReference<HeldLocks> record = new AtomicReference<>();
    FutureTask<Integer> waiter =
        new FutureTask<>(
            () ->
                ConditionalAccess.writeWhen(
                    core,
                    a -> {
                      record.compareAndSet(null, HeldLocks.current()); // the waiter's own record
                      return a[0] > 0;
                    },
                    a -> record.get().size()));
    Thread thread = new Thread(waiter, "waiter");
    thread.start();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (core.statsSnapshot().conditionWaits() == 0 || !parked(thread)) {
      assertTrue(System.nanoTime() < deadline, "the waiter never started waiting");
      Thread.onSpinWait();
    }
    // Taking the lock orders this thread after the waiter's release inside await(), which
    // happened after the waiter took its entry out of the record.
    int sizeDuringWait =
        core.write(
            a -> {
              HeldLocks waiting = record.get();
              assertTrue(waiting != null, "the predicate never ran");
              int size = waiting.size();
              a[0] = 1;
              return size;
            });
    assertEquals(0, sizeDuringWait, "the waiting thread's record claims the lock");
    assertEquals(1, waiter.get(10, SECONDS), "the function runs with the entry back");
  }

  private static boolean parked(Thread thread) {
    Thread.State state = thread.getState();
    return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
  }
}
