package io.github.sharedstate.lincheck;

/**
 * A mutable value for the locked types: a number, and how many two-step writers are between
 * their steps. Only ever touched under the lock of the value that holds it.
 */
final class Cell {
  int value;
  /** Two-step writers that have made their first step and not yet their second. */
  int busy;

  Cell(int value, int busy) {
    this.value = value;
    this.busy = busy;
  }

  boolean idle() {
    return busy == 0;
  }
}
