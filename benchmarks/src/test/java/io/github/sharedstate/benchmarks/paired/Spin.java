package io.github.sharedstate.benchmarks.paired;

import org.openjdk.jmh.infra.Blackhole;

/**
 * A synthetic workload with a known cost: each operation runs {@code steps} rounds of a xorshift
 * generator, a chain of dependent integer operations that the compiler can neither vectorize nor
 * skip (the result goes to the sink). Twice the steps take twice the time, whatever the machine.
 */
class Spin implements Workload {
  private final int steps;
  private long seed = 0x9E3779B97F4A7C15L;

  Spin(int steps) {
    this.steps = steps;
  }

  @Override
  public long run(int thread, Window window, Blackhole sink) {
    long ops = 0;
    long x = seed;
    do {
      for (int i = 0; i < steps; i++) {
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
      }
      sink.consume(x);
      ops++;
    } while (window.isOpen());
    seed = x;
    return ops;
  }
}
