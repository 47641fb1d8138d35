package io.github.sharedstate.internal;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.sharedstate.LockOrder;
import io.github.sharedstate.OrderedLock;
import io.github.sharedstate.OrderedReadWriteLock;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The held-lock record of a thread waiting on a drop-in lock's condition. */
final class CheckedConditionTest {

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void duringTheWait_theRecordHoldsNothing_andTheLockOnceBack(boolean readWrite)
      throws Exception {
    LockOrder order = LockOrder.builder().rank("only").build();
    Lock lock =
        readWrite
            ? OrderedReadWriteLock.of(order.rank("only")).writeLock()
            : OrderedLock.of(order.rank("only"));
    Condition changed = lock.newCondition();
    AtomicReference<HeldLocks> record = new AtomicReference<>();
    boolean[] flag = {false};
    FutureTask<Integer> waiter =
        new FutureTask<>(
            () -> {
              lock.lock();
              try {
                record.set(HeldLocks.current()); // the waiter's own record
                while (!flag[0]) {
                  changed.await();
                }
                return HeldLocks.current().size();
              } finally {
                lock.unlock();
              }
            });
    Thread thread = new Thread(waiter, "waiter");
    thread.start();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (thread.getState() != Thread.State.WAITING) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the waiter never started waiting");
      }
      Thread.onSpinWait();
    }
    int sizeDuringWait;
    // Taking the lock orders this thread after the waiter's release inside await(), which
    // happened after the waiter took its entry out of the record.
    lock.lock();
    try {
      sizeDuringWait = record.get().size();
      flag[0] = true;
      changed.signal();
    } finally {
      lock.unlock();
    }
    assertEquals(0, sizeDuringWait, "the waiting thread's record claims the lock");
    assertEquals(1, waiter.get(10, SECONDS), "the entry is back once the wait is over");
  }
}
