package io.github.sharedstate;

import java.util.List;

/**
 * Thrown, before any waiting, when a thread asks for a lock out of its order: a ranked lock whose
 * rank is not greater than the rank of a lock it already holds, or a lock that would close a
 * cycle in the order learned from use (the graph already leads from the requested lock to a held
 * one).
 *
 * <p>The lock that was asked for is not taken. For a declared order, the message names both
 * locks, both ranks, the thread and the declared order. For a learned order, it names the thread,
 * the requested lock and the held lock that closes the cycle, and prints the whole cycle, one line
 * per edge with the thread that first recorded it; {@link #cycle()} lists its locks. When the
 * order was built with {@link LockOrder.Builder#captureAcquisitionSites(boolean)}, the {@linkplain
 * #getCause() cause} is a stack trace of where the held lock was acquired; in a learned order each
 * recorded edge's first stack trace is a {@linkplain #getSuppressed() suppressed} exception.
 */
public final class LockOrderViolationException extends SharedStateException {
  private static final long serialVersionUID = 1L;

  /** The name of the lock that was asked for. */
  private final String requestedLock;

  /** The name of the held lock that forbids it. */
  private final String heldLock;

  /** The names of the cycle's locks, from the requested one to the held one. */
  private final List<String> cycle;

  /**
   * Creates the exception for a two-lock conflict: its cycle is {@code [requestedLock,
   * heldLock]}.
   *
   * @param message the full explanation
   * @param requestedLock the name of the lock that was asked for
   * @param heldLock the name of the held lock that forbids it
   */
  public LockOrderViolationException(String message, String requestedLock, String heldLock) {
    this(message, requestedLock, heldLock, List.of(requestedLock, heldLock));
  }

  /**
   * Creates the exception.
   *
   * @param message the full explanation
   * @param requestedLock the name of the lock that was asked for
   * @param heldLock the name of the held lock that closes the cycle
   * @param cycle the cycle's lock names in edge order, from {@code requestedLock} to {@code
   *     heldLock}
   * @throws NullPointerException if an argument or element is null
   */
  public LockOrderViolationException(
      String message, String requestedLock, String heldLock, List<String> cycle) {
    super(message);
    this.requestedLock = requestedLock;
    this.heldLock = heldLock;
    this.cycle = List.copyOf(cycle);
  }

  /** {@return the name of the lock the thread asked for (and did not get)} */
  public String requestedLock() {
    return requestedLock;
  }

  /** {@return the name of the held lock whose rank forbids the request, or that closes the cycle} */
  public String heldLock() {
    return heldLock;
  }

  /**
   * Returns the cycle the request would close: the locks' names in edge order, starting with the
   * requested lock and ending with the held lock that closes the cycle, each once. Recorded edges
   * A -> B and B -> C, then a thread holding C asks for A: {@code [A, B, C]}. For a declared-rank
   * conflict it is {@code [requested, held]}.
   *
   * @return an immutable list of at least two names
   */
  public List<String> cycle() {
    return cycle;
  }
}
