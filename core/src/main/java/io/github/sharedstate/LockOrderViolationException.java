package io.github.sharedstate;

/**
 * Thrown, before any waiting, when a thread asks for a ranked lock whose rank is not greater than
 * the rank of a lock it already holds.
 *
 * <p>The lock that was asked for is not taken. The message names both locks, both ranks, the
 * thread and the declared order. When the order was built with {@link
 * LockOrder.Builder#captureAcquisitionSites(boolean)}, the {@linkplain #getCause() cause} is a
 * stack trace of where the held lock was acquired.
 */
public final class LockOrderViolationException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** The name of the lock that was asked for. */
  private final String requestedLock;

  /** The name of the held lock that forbids it. */
  private final String heldLock;

  /**
   * Creates the exception.
   *
   * @param message the full explanation
   * @param requestedLock the name of the lock that was asked for
   * @param heldLock the name of the held lock that forbids it
   */
  public LockOrderViolationException(String message, String requestedLock, String heldLock) {
    super(message);
    this.requestedLock = requestedLock;
    this.heldLock = heldLock;
  }

  /** {@return the name of the lock the thread asked for (and did not get)} */
  public String requestedLock() {
    return requestedLock;
  }

  /** {@return the name of the held lock whose rank forbids the request} */
  public String heldLock() {
    return heldLock;
  }
}
