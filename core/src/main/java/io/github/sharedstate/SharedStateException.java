package io.github.sharedstate;

/**
 * The root of the exceptions this library throws for its own rules: {@link
 * LockOrderViolationException}, {@link PoisonedException}, {@link LockUpgradeException} and
 * {@link LockTimeoutException}. Catch it to handle any of them in one place; bad arguments still
 * throw the JDK's {@link NullPointerException} and {@link IllegalArgumentException}, and an
 * interrupted wait throws {@link InterruptedException}.
 *
 * <p>It extends {@link IllegalStateException}, the supertype three of the four already had, so a
 * {@code catch (IllegalStateException e)} written for them keeps catching them, and a {@code catch
 * (RuntimeException e)} still catches all four. Each of them means that the lock or value is not in
 * a state that allows the request now: held out of order, poisoned, read-locked by the caller, or
 * not free within the timeout.
 *
 * <p>The four subclasses are final; the library throws no other kind of this exception.
 */
public abstract class SharedStateException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the explanation
   */
  protected SharedStateException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message the explanation
   * @param cause what led to it
   */
  protected SharedStateException(String message, Throwable cause) {
    super(message, cause);
  }
}
