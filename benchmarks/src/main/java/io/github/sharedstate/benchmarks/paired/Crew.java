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
 * <p>Every window gets a fresh workload on a fresh crew (see {@link PairedRunner#alternate}), so
 * per-thread state the library keeps (held-lock records, reader cells) is set up again at each
 * window's first operation: a few microseconds of a window's hundreds of milliseconds. The
 * threads are daemons, so a worker stuck past the grace time does not keep the JVM alive.
 */
final class Crew {
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
  private volatile Throwable failure;

  private Crew(String name, Workload workload) {
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
    }
  }

  /**
   * Runs one window of {@code workload} on new threads: starts them, opens the window once all
   * are at the barrier, waits {@code length}, closes it and waits for every thread to return.
   *
   * @param name a prefix for the threads' names
   * @param workload the side's workload
   * @param length how long the window stays open
   * @return the operations per microsecond of all threads together (each thread's count over its
   *     own time in the window, summed, as JMH sums its threads' throughputs)
   * @throws IllegalStateException if a worker failed or did not return in time
   */
  static double runWindow(String name, Workload workload, Duration length)
      throws InterruptedException {
    return new Crew(name, workload).run(length);
  }

  private double run(Duration length) throws InterruptedException {
    for (Thread thread : threads) {
      thread.start();
    }
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

  private void work(int index) {
    Blackhole sink = new Blackhole(BLACKHOLE_CONSENT);
    try {
      start.await();
      try {
        long begin = System.nanoTime();
        long count = workload.run(index, window, sink);
        nanos[index] = System.nanoTime() - begin;
        ops[index] = count;
      } catch (Throwable t) { // reported by the coordinator, which must not wait forever
        failure = t;
      }
      end.await();
    } catch (InterruptedException | BrokenBarrierException e) {
      // the window was abandoned (a barrier broke when another thread did not come in time)
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
