package io.github.sharedstate.benchmarks.paired;

import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The threads of one side of a pair for one window: they start together at a barrier, run the
 * side's workload until the window closes, and the window's score is the sum of their operations
 * per microsecond.
 *
 * <p>The runner gives every window a fresh workload on a fresh crew (see {@link
 * PairedRunner#alternate}), so per-thread state the library keeps (held-lock records, reader cells)
 * is set up again at each window's first operation: a few microseconds of a window's hundreds of
 * milliseconds.
 */
final class Crew implements AutoCloseable {
  /** JMH's consent string for a Blackhole made outside a JMH run. */
  private static final String BLACKHOLE_CONSENT =
      "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.";

  /** How long past the window's end a worker may take to return before the run fails. */
  private static final long GRACE_SECONDS = 30;

  private final Workload workload;
  private final Window window = new Window();
  private final CyclicBarrier start;
  private final CyclicBarrier end;
  private final Thread[] threads;
  private final long[] ops;
  private final long[] nanos;
  private volatile boolean closing;
  private volatile Throwable failure;

  /**
   * Starts the side's threads, which wait for the first window.
   *
   * @param name a prefix for the threads' names
   * @param workload the side's workload
   */
  Crew(String name, Workload workload) {
    this.workload = workload;
    int count = workload.threads();
    if (count < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + count);
    }
    start = new CyclicBarrier(count + 1);
    end = new CyclicBarrier(count + 1);
    ops = new long[count];
    nanos = new long[count];
    threads = new Thread[count];
    for (int i = 0; i < count; i++) {
      int index = i;
      threads[i] = new Thread(() -> work(index), name + "-" + i);
      threads[i].setDaemon(true);
      threads[i].start();
    }
  }

  /** {@return the number of threads of this side} */
  int threads() {
    return threads.length;
  }

  /**
   * Runs one window: opens it, starts every thread, waits {@code length}, closes it and waits for
   * every thread to return.
   *
   * @return the operations per microsecond of all threads together (each thread's count over its
   *     own time in the window, summed, as JMH sums its threads' throughputs)
   * @throws IllegalStateException if a worker failed or did not return in time
   */
  double runWindow(Duration length) throws InterruptedException {
    window.open();
    await(start);
    Thread.sleep(length.toMillis());
    window.close();
    await(end);
    Throwable failed = failure;
    if (failed != null) {
      throw new IllegalStateException("a worker of " + threads[0].getName() + " failed", failed);
    }
    double opsPerMicro = 0;
    for (int i = 0; i < threads.length; i++) {
      opsPerMicro += ops[i] * 1_000.0 / Math.max(1, nanos[i]);
    }
    return opsPerMicro;
  }

  /** Lets the threads leave (they are daemons, so a failed run does not keep the JVM alive). */
  @Override
  public void close() {
    closing = true;
    try {
      start.await(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (BrokenBarrierException | TimeoutException e) {
      // a worker is stuck or failed; it is a daemon and will not keep the JVM alive
    }
  }

  private void work(int index) {
    Blackhole sink = new Blackhole(BLACKHOLE_CONSENT);
    try {
      while (true) {
        start.await();
        if (closing) {
          return;
        }
        try {
          long begin = System.nanoTime();
          long count = workload.run(index, window, sink);
          nanos[index] = System.nanoTime() - begin;
          ops[index] = count;
        } catch (Throwable t) { // reported by the coordinator, which must not wait forever
          failure = t;
        }
        end.await();
      }
    } catch (InterruptedException | BrokenBarrierException e) {
      // the run was abandoned
    }
  }

  private void await(CyclicBarrier barrier) throws InterruptedException {
    try {
      barrier.await(GRACE_SECONDS, TimeUnit.SECONDS);
    } catch (BrokenBarrierException | TimeoutException e) {
      throw new IllegalStateException(
          threads[0].getName()
              + ": a worker did not reach the barrier in "
              + GRACE_SECONDS
              + " s (does the workload check its window?)",
          e);
    }
  }
}
