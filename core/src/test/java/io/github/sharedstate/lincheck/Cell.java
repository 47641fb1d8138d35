package io.github.sharedstate.lincheck;

/**
 * A mutable value for the locked types: a number kept twice, so that a reader that overlaps a
 * writer can see the two copies differ (a torn read), and how many two-step writers are between
 * their steps. Only ever touched under the lock of the value that holds it.
 */
final class Cell {
  /** What {@link #read()} returns when the two copies differ: no model ever returns it. */
  static final int TORN = Integer.MIN_VALUE;

  private int value;
  private int copy;
  /** Two-step writers that have made their first step and not yet their second. */
  int busy;

  Cell(int value) {
    this.value = value;
    this.copy = value;
  }

  /** {@return a new cell with {@code delta} added, the same number of busy writers} */
  Cell plus(int delta) {
    Cell next = new Cell(value + delta);
    next.busy = busy;
    return next;
  }

  /** Adds {@code delta} to one copy and then the other; returns the sum. */
  int add(int delta) {
    value += delta;
    copy = value;
    return copy;
  }

  /** {@return the number, or {@link #TORN} if a writer is between its two stores} */
  int read() {
    int first = value;
    return first == copy ? first : TORN;
  }

  boolean idle() {
    return busy == 0;
  }
}
