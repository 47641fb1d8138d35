package io.github.sharedstate.benchmarks.paired;

/**
 * The time a side runs: open while its threads should keep working. One volatile read per
 * operation, as JMH's own loop does with its stop flag.
 *
 * <p>Thread-safety: opened and closed by the coordinating thread, read by the workers.
 */
public final class Window {
  private volatile boolean open;

  Window() {}

  /** {@return whether the window is still open: a worker checks it after every operation} */
  public boolean isOpen() {
    return open;
  }

  void open() {
    open = true;
  }

  void close() {
    open = false;
  }
}
