package io.github.sharedstate.benchmarks.paired;

import org.openjdk.jmh.infra.Blackhole;

/**
 * One side of a pair: the code that each of its threads runs, over and over, for one window.
 *
 * <p>An implementation keeps the state its threads share (the value or the lock under test) in its
 * fields and writes its own loop, so that each side's loop is compiled for its one operation (a
 * loop shared by every workload would call the operation through a megamorphic call site and add
 * that cost to both sides):
 *
 * <pre>{@code
 * public long run(int thread, Window window, Blackhole sink) {
 *   long ops = 0;
 *   do {
 *     sink.consume(value.with(INCREMENT));
 *     ops++;
 *   } while (window.isOpen());
 *   return ops;
 * }
 * }</pre>
 *
 * <p>Implementations have a public no-argument constructor: the runner creates each side by name,
 * in the application's class loader or in the class loader of a library build, a new instance for
 * every window, so a constructor should be cheap (milliseconds at most). Threads that wait
 * for each other (a hand-off) must wait with a timeout and check the window, so that a thread whose
 * partner has already left the window returns.
 */
public interface Workload {
  /** {@return the number of threads this workload runs on in every window, 1 by default} */
  default int threads() {
    return 1;
  }

  /**
   * Runs operations on one of this workload's threads until the window closes.
   *
   * @param thread this thread's index, from 0 to {@link #threads()} - 1
   * @param window open while the operations should go on; checked after every operation
   * @param sink this thread's own sink for results, so that the compiler cannot drop the work
   * @return how many operations this thread completed
   */
  long run(int thread, Window window, Blackhole sink);
}
