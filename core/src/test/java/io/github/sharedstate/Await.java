package io.github.sharedstate;

import static org.junit.jupiter.api.Assertions.fail;

/** Waits, without sleeping a fixed time, until a thread is parked waiting for a lock. */
final class Await {
  private Await() {}

  static void parked(Thread thread) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      Thread.State state = thread.getState();
      if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
        return;
      }
      if (System.nanoTime() > deadline) {
        fail("thread " + thread.getName() + " never started waiting; state " + state);
      }
      Thread.onSpinWait();
    }
  }
}
