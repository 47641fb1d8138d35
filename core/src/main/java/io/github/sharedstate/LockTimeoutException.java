package io.github.sharedstate;

import java.time.Duration;

/**
 * Thrown by a timed acquisition ({@code tryRead}, {@code tryWrite}, {@code tryWith}, {@code
 * tryModify}, {@code tryUpdate}, {@code tryLock...}) whose lock did not become free within the
 * timeout, or by a timed conditional form ({@code tryWithWhen}, {@code tryWriteWhen}, {@code
 * tryReadWhen}) whose predicate never held within it. Nothing is held afterwards and the user
 * function did not run.
 */
public final class LockTimeoutException extends SharedStateException {
  private static final long serialVersionUID = 1L;

  /** The name of the value whose lock was not acquired. */
  private final String valueName;

  /** How long the acquisition waited. */
  private final Duration timeout;

  /**
   * Creates the exception for a timed-out acquisition.
   *
   * @param valueName the name of the value whose lock was not acquired
   * @param access what was asked for, such as {@code "read"} or {@code "write"}
   * @param timeout how long the thread waited
   */
  public LockTimeoutException(String valueName, String access, Duration timeout) {
    this(
        valueName,
        timeout,
        "timed out after "
            + timeout.toMillis()
            + " ms waiting for the "
            + access
            + " lock of '"
            + valueName
            + "' on thread '"
            + Thread.currentThread().getName()
            + "'");
  }

  private LockTimeoutException(String valueName, Duration timeout, String message) {
    super(message);
    this.valueName = valueName;
    this.timeout = timeout;
  }

  /**
   * Creates the exception for a timed conditional form whose lock was acquired but whose
   * predicate never held within the timeout.
   *
   * @param valueName the name of the value whose predicate never held
   * @param timeout how long the thread waited in all
   * @return the exception
   */
  public static LockTimeoutException predicateNeverHeld(String valueName, Duration timeout) {
    return new LockTimeoutException(
        valueName,
        timeout,
        "timed out after "
            + timeout.toMillis()
            + " ms waiting for the predicate on '"
            + valueName
            + "' to hold on thread '"
            + Thread.currentThread().getName()
            + "': the lock was acquired, but no writer made the predicate true in time");
  }

  /** {@return the name of the value whose lock was not acquired} */
  public String valueName() {
    return valueName;
  }

  /** {@return how long the acquisition waited before giving up} */
  public Duration timeout() {
    return timeout;
  }
}
