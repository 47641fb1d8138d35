package io.github.sharedstate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds a lock on another thread until told to let go, so a test can create contention without
 * sleeping: {@link #start} returns once the lock is held.
 */
final class LockHolder implements AutoCloseable {
  private final CountDownLatch held = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final Thread thread;

  private LockHolder(Runnable acquireAndRun) {
    this.thread = new Thread(acquireAndRun, "lock-holder");
  }

  /** Holds the write lock of {@code value} on another thread until closed. */
  static LockHolder holdingWrite(GuardedValue<?> value) throws InterruptedException {
    return start(h -> value.modify(v -> h.hold()));
  }

  /** Holds the read lock of {@code value} on another thread until closed. */
  static LockHolder holdingRead(GuardedValue<?> value) throws InterruptedException {
    return start(
        h ->
            value.read(
                v -> {
                  h.hold();
                  return v;
                }));
  }

  /** Holds the mutex of {@code value} on another thread until closed. */
  static LockHolder holding(ExclusiveValue<?> value) throws InterruptedException {
    return start(h -> value.modify(v -> h.hold()));
  }

  /** Holds the writer lock of {@code value} on another thread, inside an update, until closed. */
  static LockHolder holding(SnapshotValue<?> value) throws InterruptedException {
    return start(h -> holdInUpdate(value, h));
  }

  private static <T> void holdInUpdate(SnapshotValue<T> value, LockHolder holder) {
    value.update(
        v -> {
          holder.hold();
          return v;
        });
  }

  /** Runs {@code lockAndWait} on a new thread; it must call {@link #hold()} with the lock held. */
  private static LockHolder start(java.util.function.Consumer<LockHolder> lockAndWait)
      throws InterruptedException {
    LockHolder[] self = new LockHolder[1];
    LockHolder holder = new LockHolder(() -> lockAndWait.accept(self[0]));
    self[0] = holder;
    holder.thread.start();
    assertTrue(holder.held.await(10, TimeUnit.SECONDS), "holder never acquired the lock");
    return holder;
  }

  /** Called by the holding thread with the lock held: signals, then waits for release. */
  void hold() {
    held.countDown();
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Lets the holder release its lock and waits for its thread to end. */
  @Override
  public void close() {
    release.countDown();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    assertTrue(!thread.isAlive(), "holder thread did not finish");
  }
}
